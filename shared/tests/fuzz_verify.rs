//! Bounded fuzz campaign (proptest, fixed seed and case count) for scope verification:
//! arbitrary scope text (Unicode: combining marks, emoji, right-to-left text, case-changing
//! letters such as `İ` and `ß`, exclusion phrases, punctuation) in the certificate and its
//! sites, arbitrary claimed activities and sites. `annexa_shared::verify` never panics; every
//! evidence item's `source` points at a text field of the record, `start..end` (in characters)
//! lies inside it and slices exactly the evidence `text`; the verdict is `covered` only when
//! every item is covered. The committed corpus `tests/corpus/verify/*.json` is replayed first.

#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use annexa_shared::{CertificateRecord, Date, ItemVerdict, Verdict, VerificationRequest, verify};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

mod common;
use serde_json::{Value, json};

const CASES: u32 = 500;

fn runner(seed: u8) -> TestRunner {
    common::seeded::runner(CASES, seed)
}

/// Words and fragments that verification reacts to, and text that trips naive char/byte code.
const FRAGMENTS: &[&str] = &[
    "hosting",
    "Hosting",
    "HOSTING",
    "software as a service",
    "SaaS",
    "saas",
    "data centre",
    "data center",
    "centres",
    "excluding",
    "except",
    "with the exception of",
    "does not include",
    "out of scope",
    "not",
    "and",
    "or",
    ",",
    ";",
    ".",
    "(",
    ")",
    "-",
    "/",
    "&",
    "—",
    "\u{2019}",
    "e\u{301}",
    "é",
    "İstanbul",
    "ß",
    "straße",
    "ǅ",
    "ﬁ",
    "Ⅻ",
    "🚀",
    "👩‍💻",
    "שירותי אחסון",
    "\u{202e}",
    "\u{200b}",
    "\u{0}",
    "\t",
    "\n",
    " ",
    "  ",
    "Dublin",
    "Berlin",
    "München",
    "São Paulo",
    "development",
    "support",
    "operation",
    "payroll",
    "handset repairs",
    "cloud",
    "services",
];

fn scope_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40)
            .prop_map(|words| words.join(" ")),
        1 => prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40)
            .prop_map(|words| words.concat()),
        1 => "\\PC{0,120}",
        1 => ".{0,60}",
    ]
}

fn site() -> impl Strategy<Value = Value> {
    (
        prop::option::of(scope_text()),
        prop::option::of(prop::sample::select(FRAGMENTS)),
        prop::option::of(scope_text()),
        prop::sample::select(vec!["IE", "DE", "TR", "BR", "GB"]),
        prop::option::of(scope_text()),
    )
        .prop_map(|(name, city, address, country, scope)| {
            json!({ "name": name, "city": city, "address": address, "country": country, "scope": scope })
        })
}

fn record() -> impl Strategy<Value = CertificateRecord> {
    (
        scope_text(),
        prop::collection::vec(site(), 0..4),
        prop::sample::select(vec!["active", "suspended", "expired", "withdrawn"]),
        prop::sample::select(vec!["ISO/IEC 27001:2022", "ISO/IEC 27001:2013"]),
        prop::option::of(prop::sample::select(vec![
            "UKAS",
            "DAkkS",
            "Nobody Accreditation",
        ])),
    )
        .prop_map(|(scope, sites, status, standard, accreditation)| {
            let mut value = json!({
                "certificate_number": "FUZZ-1",
                "certification_body": "Pretend Quality Certification B.V.",
                "accreditation_body": accreditation,
                "standard": standard,
                "status": status,
                "entity": { "name": "Fuzz Ltd", "country": "IE" },
                "scope": scope,
                "sites": sites,
                "original_issue_date": "2024-01-10",
                "issue_date": "2024-01-10",
                "expiry_date": "2027-01-09",
                "last_surveillance_date": "2025-12-01"
            });
            strip_nulls(&mut value);
            serde_json::from_value(value).expect("a record")
        })
}

fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

fn request() -> impl Strategy<Value = VerificationRequest> {
    (
        prop::collection::vec(scope_text(), 0..5),
        prop::collection::vec(
            (
                prop::option::of(prop::sample::select(FRAGMENTS)),
                prop::option::of(prop::sample::select(vec!["IE", "Ireland", "DE", "de", "XX", "🚀"])),
                prop::option::of(scope_text()),
            ),
            0..3,
        ),
        prop::option::of(scope_text()),
    )
        .prop_map(|(activities, sites, entity_name)| {
            let sites: Vec<Value> = sites
                .into_iter()
                .map(|(city, country, address)| json!({ "city": city, "country": country, "address": address }))
                .collect();
            let mut value = json!({
                "certificate_number": "FUZZ-1",
                "claim": { "entity_name": entity_name, "activities": activities, "sites": sites }
            });
            strip_nulls(&mut value);
            serde_json::from_value(value).expect("a request")
        })
}

/// The property.
fn check(request: &VerificationRequest, record: &CertificateRecord) -> Result<(), TestCaseError> {
    let as_of = Date::new(2026, 6, 1).unwrap();
    let verification = verify(request, Some(record), as_of);
    let source = serde_json::to_value(record).unwrap();
    for item in &verification.coverage {
        for evidence in &item.evidence {
            let field = source.pointer(&evidence.source).and_then(Value::as_str);
            let Some(field) = field else {
                return Err(TestCaseError::fail(format!(
                    "evidence source {} is not a text field of the record",
                    evidence.source
                )));
            };
            let chars = field.chars().count();
            prop_assert!(
                evidence.start <= evidence.end && evidence.end <= chars,
                "offsets {}..{} outside {} ({chars} characters)",
                evidence.start,
                evidence.end,
                evidence.source
            );
            let sliced: String = field
                .chars()
                .skip(evidence.start)
                .take(evidence.end - evidence.start)
                .collect();
            prop_assert_eq!(&sliced, &evidence.text, "evidence at {}", &evidence.source);
        }
    }
    if verification.verdict == Verdict::Covered {
        prop_assert!(
            verification
                .coverage
                .iter()
                .all(|i| i.verdict == ItemVerdict::Covered),
            "covered overall with an item not covered"
        );
    }
    let _ = serde_json::to_string(&verification).expect("serialisable");
    Ok(())
}

#[test]
fn arbitrary_scopes_and_claims_never_panic_and_evidence_slices_the_source() {
    let covered = std::cell::Cell::new(0usize);
    let evidence = std::cell::Cell::new(0usize);
    runner(21)
        .run(&(request(), record()), |(request, record)| {
            let result = verify(&request, Some(&record), Date::new(2026, 6, 1).unwrap());
            covered.set(
                covered.get()
                    + usize::from(
                        result
                            .coverage
                            .iter()
                            .any(|i| i.verdict == ItemVerdict::Covered),
                    ),
            );
            evidence.set(
                evidence.get()
                    + result
                        .coverage
                        .iter()
                        .map(|i| i.evidence.len())
                        .sum::<usize>(),
            );
            check(&request, &record)
        })
        .unwrap();
    // The campaign reaches the matcher, not only the refusals.
    let (covered, evidence) = (covered.get(), evidence.get());
    assert!(covered >= 20, "only {covered} cases had a covered item");
    assert!(
        evidence >= 50,
        "only {evidence} evidence items in the whole campaign"
    );
}

#[test]
fn corpus_replays_without_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/verify");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the verification corpus is committed");
    for path in files {
        let case: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let record: CertificateRecord = serde_json::from_value(case["record"].clone())
            .unwrap_or_else(|e| panic!("{}: record: {e}", path.display()));
        let request: VerificationRequest = serde_json::from_value(case["request"].clone())
            .unwrap_or_else(|e| panic!("{}: request: {e}", path.display()));
        check(&request, &record).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Some(expected) = case.get("verdict") {
            let verdict = verify(&request, Some(&record), Date::new(2026, 6, 1).unwrap()).verdict;
            assert_eq!(
                serde_json::to_value(verdict).unwrap(),
                *expected,
                "{}",
                path.display()
            );
        }
    }
}

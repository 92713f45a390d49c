//! The scope corpus: fictitious scope statements written the way certification bodies phrase
//! real ISO/IEC 27001 certificate scopes (`tests/data/scope_corpus.jsonl`, one statement a line),
//! each with the claims a buyer would make and the verdict a careful procurement reader gives
//! each one under the rules of `docs/VERIFICATION.md`.
//!
//! Every claim is verified on its own against a valid record built around the statement. Two
//! figures decide: no claim the scope does not plainly include may be answered `covered` (a
//! false covered is the worst error the product can make), and at least 95 % of the claims the
//! scope plainly includes must be answered `covered` (a reader that refuses everything is no
//! use either). Run with `cargo test -p annexa-shared --test scope_corpus -- --nocapture` to
//! see the summary table and every disagreement.
//!
//! Each line of the data file:
//! `{"id", "industry", "country", "holder", "scope", "sites": [{"name"?, "address"?, "city"?,
//! "country", "scope"?}], "claims": [{"activity"?, "site"?: {"city"?, "country"?, "address"?},
//! "expect": "covered" | "excluded" | "not_covered" | "undetermined", "why"?}]}`. A claim with
//! both an activity and a site means "this activity, delivered from that site"; its verdict is
//! the activity's.

use std::collections::HashSet;
use std::fmt::Write as _;

use annexa_shared::verification::{RecordReading, verify_read, verify_read_without_record};
use annexa_shared::{
    CertificateRecord, CoverageItem, Date, ItemVerdict, VerificationRequest, verify,
};
use serde::Deserialize;
use serde_json::{Value, json};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// Compiled in, so the test needs no file at run time (and runs in wasm32 too).
const CORPUS: &str = include_str!("data/scope_corpus.jsonl");

const MIN_STATEMENTS: usize = 150;
const MIN_CLAIMS: usize = 900;
/// The share of claims a careful reader answers `covered` that the verifier must answer
/// `covered` too, in percent: the target of issue 12. The reader reaches 95.6 % (2026-12-01).
const MIN_POSITIVE_SHARE: f64 = 95.0;

/// False `covered` answers not yet fixed, as (statement id, claimed activity). The target is
/// none; the test fails on any false covered not listed here, and on a listed one that is
/// fixed (so the list only shrinks). `docs/VERIFICATION.md` states each one.
const KNOWN_FALSE_COVERED: &[(&str, &str)] = &[];

/// The verdicts in the order of the summary table's rows and columns.
const VERDICTS: [ItemVerdict; 4] = [
    ItemVerdict::Covered,
    ItemVerdict::Excluded,
    ItemVerdict::NotCovered,
    ItemVerdict::Undetermined,
];

/// One scope statement of the corpus with its claims.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Statement {
    id: String,
    industry: String,
    /// Country of the certificate holder (ISO 3166-1 alpha-2).
    country: String,
    holder: String,
    scope: String,
    /// Sites exactly as a certificate record lists them.
    sites: Vec<Value>,
    claims: Vec<Claim>,
}

/// One thing a buyer wants covered, with the verdict a careful reader gives it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Claim {
    activity: Option<String>,
    /// A claimed site as a verification request gives it (`city`, `country`, `address`).
    site: Option<Value>,
    expect: ItemVerdict,
    /// Why the expected verdict is what it is, when that is not obvious.
    why: Option<String>,
}

impl Claim {
    /// The claim as a person reads it: `payroll SaaS @ Dublin, IE`.
    fn describe(&self) -> String {
        let site = self.site.as_ref().map(|site| {
            ["address", "city", "country"]
                .iter()
                .filter_map(|field| site.get(field).and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join(", ")
        });
        match (&self.activity, site) {
            (Some(activity), Some(site)) => format!("'{activity}' @ {site}"),
            (Some(activity), None) => format!("'{activity}'"),
            (None, Some(site)) => format!("site {site}"),
            (None, None) => "nothing".to_string(),
        }
    }
}

fn parse_corpus() -> Vec<Statement> {
    CORPUS
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("tests/data/scope_corpus.jsonl line {}: {e}", i + 1))
        })
        .collect()
}

fn as_of() -> Date {
    "2026-12-01".parse().expect("a valid date")
}

/// A record that is valid on [`as_of`] in every respect but its scope and sites, so that the
/// item verdicts are the only thing the corpus measures.
fn record(statement: &Statement) -> CertificateRecord {
    let value = json!({
        "certificate_number": format!("CORPUS-{}", statement.id),
        "certification_body": "Fictitious Certification Ltd",
        "accreditation_body": "UKAS",
        "standard": "ISO/IEC 27001:2022",
        "status": "active",
        "entity": {"name": statement.holder, "country": statement.country, "identifiers": {}},
        "scope": statement.scope,
        "sites": statement.sites,
        "original_issue_date": "2025-06-01",
        "issue_date": "2025-06-01",
        "expiry_date": "2028-05-31",
    });
    serde_json::from_value(value)
        .unwrap_or_else(|e| panic!("{}: the record does not parse: {e}", statement.id))
}

fn request(statement: &Statement, claim: &Claim) -> VerificationRequest {
    let value = json!({
        "certificate_number": format!("CORPUS-{}", statement.id),
        "as_of": "2026-12-01",
        "claim": {
            "activities": claim.activity.iter().collect::<Vec<_>>(),
            "sites": claim.site.iter().collect::<Vec<_>>(),
        },
    });
    serde_json::from_value(value).unwrap_or_else(|e| {
        panic!(
            "{}: the claim {} does not parse: {e}",
            statement.id,
            claim.describe()
        )
    })
}

/// One claim as verified today.
struct Outcome<'a> {
    statement: &'a Statement,
    claim: &'a Claim,
    /// The claim's item: the activity when one is claimed, else the site.
    item: CoverageItem,
}

impl Outcome<'_> {
    fn answered(&self) -> ItemVerdict {
        self.item.verdict
    }

    /// The scope text the verdict rests on: around the first quoted scope passage when there is
    /// one (exclusions usually sit just after the words they take out), else the opening of the
    /// certificate scope.
    fn excerpt(&self) -> String {
        const BEFORE: usize = 60;
        const AFTER: usize = 160;
        let quoted = self.item.evidence.iter().find_map(|e| {
            let text = match e.source.as_str() {
                "/scope" => Some(self.statement.scope.as_str()),
                source => source
                    .strip_prefix("/sites/")
                    .and_then(|rest| rest.strip_suffix("/scope"))
                    .and_then(|i| i.parse::<usize>().ok())
                    .and_then(|i| self.statement.sites.get(i))
                    .and_then(|site| site.get("scope"))
                    .and_then(Value::as_str),
            }?;
            Some((e.source.as_str(), text, e.start, e.end))
        });
        let (source, text, start, end) =
            quoted.unwrap_or(("/scope", self.statement.scope.as_str(), 0, 0));
        let from = start.saturating_sub(BEFORE);
        let to = end + AFTER;
        let length = text.chars().count();
        let window: String = text.chars().skip(from).take(to - from).collect();
        format!(
            "{source}: \"{}{}{}\"",
            if from > 0 { "…" } else { "" },
            window.replace('\n', " ⏎ "),
            if to < length { "…" } else { "" },
        )
    }

    /// One entry a person can act on: where, what, expected and answered, the scope text around
    /// the verdict and the quoted evidence.
    fn report(&self) -> String {
        let evidence = self
            .item
            .evidence
            .iter()
            .map(|e| format!("{} \"{}\"", e.source, e.text))
            .collect::<Vec<_>>()
            .join("; ");
        let why = self
            .claim
            .why
            .as_deref()
            .map(|why| format!(" ({why})"))
            .unwrap_or_default();
        format!(
            "{} {}: expected {}{why}, answered {}\n      {}\n      evidence: {}",
            self.statement.id,
            self.claim.describe(),
            verdict_name(self.claim.expect),
            verdict_name(self.answered()),
            self.excerpt(),
            if evidence.is_empty() {
                "none"
            } else {
                &evidence
            },
        )
    }
}

fn verdict_name(verdict: ItemVerdict) -> &'static str {
    match verdict {
        ItemVerdict::Covered => "covered",
        ItemVerdict::Excluded => "excluded",
        ItemVerdict::NotCovered => "not_covered",
        ItemVerdict::Undetermined => "undetermined",
    }
}

fn index(verdict: ItemVerdict) -> usize {
    VERDICTS
        .iter()
        .position(|v| *v == verdict)
        .expect("every verdict has a row")
}

fn run(corpus: &[Statement]) -> Vec<Outcome<'_>> {
    let mut outcomes = Vec::new();
    for statement in corpus {
        let record = record(statement);
        for claim in &statement.claims {
            let result = verify(&request(statement, claim), Some(&record), as_of());
            let item = result.coverage.into_iter().next().unwrap_or_else(|| {
                panic!(
                    "{}: no coverage item for {}",
                    statement.id,
                    claim.describe()
                )
            });
            outcomes.push(Outcome {
                statement,
                claim,
                item,
            });
        }
    }
    outcomes
}

/// Claims per expected verdict (rows) and answered verdict (columns).
fn confusion(outcomes: &[Outcome<'_>]) -> [[usize; 4]; 4] {
    let mut table = [[0; 4]; 4];
    for outcome in outcomes {
        table[index(outcome.claim.expect)][index(outcome.answered())] += 1;
    }
    table
}

fn summary_table(table: &[[usize; 4]; 4]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<24}{:>10}{:>10}{:>13}{:>14}{:>8}",
        "expected \\ answered", "covered", "excluded", "not_covered", "undetermined", "total"
    );
    for (row, verdict) in table.iter().zip(VERDICTS) {
        let _ = writeln!(
            out,
            "{:<24}{:>10}{:>10}{:>13}{:>14}{:>8}",
            verdict_name(verdict),
            row[0],
            row[1],
            row[2],
            row[3],
            row.iter().sum::<usize>()
        );
    }
    out
}

#[test]
fn the_corpus_is_well_formed() {
    let corpus = parse_corpus();
    assert!(
        corpus.len() >= MIN_STATEMENTS,
        "the corpus has {} statements, at least {MIN_STATEMENTS} are required",
        corpus.len()
    );
    let claims: usize = corpus.iter().map(|s| s.claims.len()).sum();
    assert!(
        claims >= MIN_CLAIMS,
        "the corpus has {claims} claims, at least {MIN_CLAIMS} are required"
    );
    let mut ids = HashSet::new();
    for statement in &corpus {
        let id = &statement.id;
        assert!(ids.insert(id.as_str()), "{id}: the id is used twice");
        assert!(
            statement.holder.contains("Fictitious"),
            "{id}: the holder '{}' must say it is fictitious",
            statement.holder
        );
        assert!(!statement.industry.trim().is_empty(), "{id}: no industry");
        assert!(!statement.claims.is_empty(), "{id}: no claims");
        let record = record(statement);
        if let Err(errors) = record.validate() {
            panic!("{id}: the record is refused: {errors:?}");
        }
        for claim in &statement.claims {
            assert!(
                claim.activity.is_some() || claim.site.is_some(),
                "{id}: a claim names neither an activity nor a site"
            );
            if let Err(errors) = request(statement, claim).validate() {
                panic!(
                    "{id}: the claim {} is refused: {errors:?}",
                    claim.describe()
                );
            }
        }
        // A certificate that is not valid on the day would make every item verdict moot.
        let probe = VerificationRequest {
            certificate_number: Some(record.certificate_number.clone()),
            ..VerificationRequest::default()
        };
        let validity = verify(&probe, Some(&record), as_of()).validity;
        assert!(
            validity.valid,
            "{id}: the record is not valid on {}: {:?}",
            as_of(),
            validity.problems
        );
    }
}

#[test]
fn no_false_covered_and_positive_claims_are_covered() {
    let corpus = parse_corpus();
    let outcomes = run(&corpus);
    let table = confusion(&outcomes);

    let known = |o: &Outcome<'_>| {
        KNOWN_FALSE_COVERED.iter().any(|(id, activity)| {
            o.statement.id == *id && o.claim.activity.as_deref() == Some(*activity)
        })
    };
    let all_false_covered: Vec<&Outcome<'_>> = outcomes
        .iter()
        .filter(|o| o.claim.expect != ItemVerdict::Covered && o.answered() == ItemVerdict::Covered)
        .collect();
    let false_covered: Vec<&Outcome<'_>> = all_false_covered
        .iter()
        .copied()
        .filter(|o| !known(o))
        .collect();
    let fixed: Vec<&(&str, &str)> = KNOWN_FALSE_COVERED
        .iter()
        .filter(|(id, activity)| {
            !all_false_covered
                .iter()
                .any(|o| o.statement.id == *id && o.claim.activity.as_deref() == Some(*activity))
        })
        .collect();
    let positives = table[index(ItemVerdict::Covered)].iter().sum::<usize>();
    let positives_covered = table[index(ItemVerdict::Covered)][index(ItemVerdict::Covered)];
    let share = if positives == 0 {
        0.0
    } else {
        100.0 * positives_covered as f64 / positives as f64
    };
    let missed: Vec<&Outcome<'_>> = outcomes
        .iter()
        .filter(|o| o.claim.expect == ItemVerdict::Covered && o.answered() != ItemVerdict::Covered)
        .collect();
    let other: Vec<&Outcome<'_>> = outcomes
        .iter()
        .filter(|o| {
            o.claim.expect != ItemVerdict::Covered
                && o.answered() != ItemVerdict::Covered
                && o.answered() != o.claim.expect
        })
        .collect();

    let headline = format!(
        "corpus: {} statements, {} claims, false covered {} ({} known, listed in \
         KNOWN_FALSE_COVERED), positive claims covered {:.1} %",
        corpus.len(),
        outcomes.len(),
        all_false_covered.len(),
        all_false_covered.len() - false_covered.len(),
        share
    );
    println!("{}", summary_table(&table));
    println!("{headline}\n");
    let list = |outcomes: &[&Outcome<'_>]| {
        outcomes
            .iter()
            .map(|o| format!("  {}", o.report()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if !other.is_empty() {
        println!(
            "not covered either way, but another verdict than expected ({}):\n{}\n",
            other.len(),
            list(&other)
        );
    }
    if !missed.is_empty() {
        println!(
            "claims the scope includes, not answered covered ({}):\n{}\n",
            missed.len(),
            list(&missed)
        );
    }

    let mut failures = Vec::new();
    if !fixed.is_empty() {
        failures.push(format!(
            "known false covered answers are fixed now: remove them from KNOWN_FALSE_COVERED: \
             {fixed:?}"
        ));
    }
    if !false_covered.is_empty() {
        failures.push(format!(
            "{} claims answered covered that the scope does not plainly include:\n{}",
            false_covered.len(),
            list(&false_covered)
        ));
    }
    if share < MIN_POSITIVE_SHARE {
        failures.push(format!(
            "only {share:.1} % of the claims the scope includes were answered covered \
             ({positives_covered} of {positives}); at least {MIN_POSITIVE_SHARE} % are required"
        ));
    }
    assert!(
        failures.is_empty(),
        "{headline}\n\n{}",
        failures.join("\n\n")
    );
}

/// A server keeps each record's reading and verifies against it (`verify_read`): every corpus
/// claim must get the same response, byte for byte, as when the record is read for the request;
/// and a reading kept from another record is never used for this one.
#[test]
fn a_reading_kept_from_earlier_gives_the_same_verification_byte_for_byte() {
    let corpus = parse_corpus();
    let readings: Vec<RecordReading> = corpus
        .iter()
        .map(|s| RecordReading::of(&record(s)))
        .collect();
    let mut compared = 0;
    for (n, statement) in corpus.iter().enumerate() {
        let record = record(statement);
        assert!(readings[n].is_of(&record), "{}", statement.id);
        // The next statement's reading, as a stale cache entry would be.
        let other = &readings[(n + 1) % readings.len()];
        assert!(!other.is_of(&record), "{}", statement.id);
        for claim in &statement.claims {
            let request = request(statement, claim);
            let fresh = serde_json::to_string(&verify(&request, Some(&record), as_of()))
                .expect("serialises");
            let kept = verify_read(&request, &record, &readings[n], as_of());
            let stale = verify_read(&request, &record, other, as_of());
            assert_eq!(
                serde_json::to_string(&kept).expect("serialises"),
                fresh,
                "{}: {}",
                statement.id,
                claim.describe()
            );
            assert_eq!(
                serde_json::to_string(&stale).expect("serialises"),
                fresh,
                "{}: {} with another record's reading",
                statement.id,
                claim.describe()
            );
            // The same when the record is left out, for the caller to write from its own copy
            // (what the server does).
            for reading in [&readings[n], other] {
                let without = verify_read_without_record(&request, &record, reading, as_of());
                assert!(without.certificate.is_none());
                let filled = annexa_shared::Verification {
                    certificate: Some(record.clone()),
                    ..without
                };
                assert_eq!(
                    serde_json::to_string(&filled).expect("serialises"),
                    fresh,
                    "{}: {} with the record left out",
                    statement.id,
                    claim.describe()
                );
            }
            compared += 1;
        }
    }
    assert!(compared >= MIN_CLAIMS, "{compared} claims compared");
}

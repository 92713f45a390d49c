//! Golden fixtures: answers documents under `tests/fixtures/*.answers.json` and the exact report
//! (and SoA) JSON bytes they must produce. The lead's native/wasm parity test reuses them.
//!
//! Regenerate after an intended rule change (and bump `SCORING_VERSION`) with
//! `ANNEXA_BLESS=1 cargo test -p annexa-shared --test fixtures`, then review the diff.

// Native only: uses the file system (fixtures) or proptest, which does not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::PathBuf;

use annexa_shared::{
    AnswerValue, AnswersDocument, CustomerCategory, DataCategory, Mode, Profile, Sector, score,
    statement_of_applicability,
};
use common::{all, answer, excluded};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn quick_mixed() -> AnswersDocument {
    let mut doc = all(Mode::Quick, AnswerValue::Yes);
    doc.profile = Profile {
        persons_in_scope: Some(85),
        sites: Some(3),
        sector: Some(Sector::Software),
        develops_software: Some(true),
        uses_cloud: Some(true),
        outsourced_it: Some(false),
        data: vec![DataCategory::EuPersonal],
        customers: vec![CustomerCategory::Eu, CustomerCategory::UsSaasBuyers],
        target_date: "2027-09-30".parse().ok(),
        recent_breach: Some(false),
        security_staff: Some(2),
        ..Profile::default()
    };
    for (id, value) in [
        ("quick.policy", AnswerValue::Partial),
        ("quick.risk-assessment", AnswerValue::No),
        ("quick.risk-treatment", AnswerValue::Unsure),
        ("quick.internal-audit", AnswerValue::No),
        ("quick.management-review", AnswerValue::Partial),
        ("quick.access", AnswerValue::Partial),
    ] {
        doc.answers.insert(id.to_owned(), answer(value));
    }
    doc.answers.remove("quick.physical");
    doc
}

fn full_mixed_exclusions() -> AnswersDocument {
    let mut doc = common::mixed_full();
    doc.answers.insert(
        "q.A.7.6".into(),
        excluded("Fully remote team: no secure areas"),
    );
    doc
}

/// (fixture name, document) — the documents the fixture files must contain.
fn cases() -> Vec<(&'static str, AnswersDocument)> {
    vec![
        ("full_all_yes", all(Mode::Full, AnswerValue::Yes)),
        ("full_all_no", all(Mode::Full, AnswerValue::No)),
        ("full_mixed", full_mixed_exclusions()),
        ("quick_mixed", quick_mixed()),
    ]
}

fn read(name: &str) -> String {
    let path = dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
#[cfg_attr(
    not(feature = "control-details"),
    ignore = "the golden bytes hold the controls' titles and attributes (control-details)"
)]
fn fixtures_score_to_their_golden_report_and_soa_bytes() {
    let bless = std::env::var_os("ANNEXA_BLESS").is_some();
    for (name, doc) in cases() {
        let answers_file = format!("{name}.answers.json");
        let report_file = format!("{name}.report.json");
        let soa_file = format!("{name}.soa.json");
        if bless {
            let answers = serde_json::to_string_pretty(&doc).unwrap() + "\n";
            std::fs::write(dir().join(&answers_file), answers).unwrap();
        }
        // Score what is on disk, the way the API and the widget receive it.
        let on_disk: AnswersDocument = serde_json::from_str(&read(&answers_file)).unwrap();
        assert_eq!(on_disk, doc, "{answers_file} is out of date: bless again");
        let report = serde_json::to_string(&score(&on_disk).unwrap()).unwrap();
        let soa = serde_json::to_string(&statement_of_applicability(&on_disk).unwrap()).unwrap();
        if bless {
            std::fs::write(dir().join(&report_file), &report).unwrap();
            std::fs::write(dir().join(&soa_file), &soa).unwrap();
        }
        assert_eq!(report, read(&report_file), "{report_file}");
        assert_eq!(soa, read(&soa_file), "{soa_file}");
    }
}

#[test]
fn golden_reports_say_what_the_fixture_names_promise() {
    let report = |name: &str| -> serde_json::Value {
        serde_json::from_str(&read(&format!("{name}.report.json"))).unwrap()
    };
    let yes = report("full_all_yes");
    assert_eq!(yes["overall"], 100.0);
    assert_eq!(yes["band"], "ready");
    assert_eq!(yes["gaps"].as_array().unwrap().len(), 0);
    let no = report("full_all_no");
    assert_eq!(no["overall"], 0.0);
    assert_eq!(no["band"], "not_ready");
    let mixed = report("full_mixed");
    assert_eq!(mixed["mode"], "full");
    // The mixed example plus A.7.6 excluded: A.7 counts 12 applicable controls.
    assert_eq!(mixed["sections"][9]["id"], "A.7");
    assert_eq!(mixed["sections"][9]["total"], 12);
    assert_eq!(mixed["overall"], 92.7);
    let quick = report("quick_mixed");
    assert_eq!(quick["mode"], "quick");
    assert!(quick["progress"].as_f64().unwrap() < 1.0);
    // Quick mode says what it never asked about; full mode asks about everything.
    assert_eq!(quick["not_assessed"].as_array().unwrap().len(), 45);
    assert!(quick["not_assessed_note"].is_string());
    assert!(mixed["not_assessed_note"].is_null());
}

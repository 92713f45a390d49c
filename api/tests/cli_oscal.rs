//! `annexa oscal …` and `annexa coverage`: the same documents as the API, and one clear line with
//! exit status 2 for a bad file or timestamp.

use std::io::Write;

use annexa_shared::{
    Answer, AnswerValue, AnswersDocument, Mode, QUESTIONNAIRE_VERSION, questionnaire,
};
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn annexa() -> Command {
    let mut command = Command::cargo_bin("annexa").unwrap();
    command
        .env_remove("ANNEXA_DB")
        .env_remove("ANNEXA_ADMIN_KEY");
    command
}

fn answers_file(value: AnswerValue) -> (tempfile::NamedTempFile, AnswersDocument) {
    let mut doc = AnswersDocument {
        questionnaire_version: QUESTIONNAIRE_VERSION.into(),
        mode: Mode::Full,
        profile: Default::default(),
        answers: Default::default(),
    };
    for question in &questionnaire(Mode::Full).questions {
        doc.answers.insert(
            question.id.clone(),
            Answer {
                value,
                justification: None,
            },
        );
    }
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(serde_json::to_string(&doc).unwrap().as_bytes())
        .unwrap();
    (file, doc)
}

#[test]
fn catalog_and_profile_print_the_shared_documents() {
    let output = annexa().args(["oscal", "catalog"]).output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        serde_json::to_string(&annexa_shared::oscal::catalog()).unwrap()
    );
    let output = annexa().args(["oscal", "profile"]).output().unwrap();
    assert!(output.status.success());
    let profile: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        profile["profile"]["imports"][0]["href"],
        "annexa-iso27001-2022-catalog.json"
    );
}

#[test]
fn ssp_and_results_with_a_fixed_timestamp_are_reproducible() {
    let (file, doc) = answers_file(AnswerValue::Partial);
    let at = "2026-11-29T12:00:00Z";
    let path = file.path().to_str().unwrap();
    let output = annexa()
        .args(["oscal", "ssp", path, "--at", at])
        .output()
        .unwrap();
    assert!(output.status.success());
    let expected = annexa_shared::oscal::system_security_plan(&doc, at).unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );

    let output = annexa()
        .args(["oscal", "results", path, "--at", at])
        .output()
        .unwrap();
    assert!(output.status.success());
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    let props = &results["assessment-results"]["results"][0]["props"];
    assert_eq!(props[0]["name"], "overall-score");
    assert_eq!(props[0]["value"], "50");
}

#[test]
fn coverage_prints_csv_rows_per_framework_item() {
    let (file, _) = answers_file(AnswerValue::No);
    let output = annexa()
        .args(["coverage", file.path().to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let csv = String::from_utf8(output.stdout).unwrap();
    assert_eq!(csv.lines().count(), 1 + 106 + 220 + 325);
    assert!(csv.lines().skip(1).all(|l| l.contains("\"none_met\"")));
}

#[test]
fn bad_timestamp_or_file_is_one_line_and_exit_2() {
    let (file, _) = answers_file(AnswerValue::Yes);
    annexa()
        .args([
            "oscal",
            "ssp",
            file.path().to_str().unwrap(),
            "--at",
            "yesterday",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--at: 'yesterday' is not a valid OSCAL timestamp",
        ))
        .stderr(predicate::str::is_match("^annexa: [^\n]*\n$").unwrap());
    annexa()
        .args(["oscal", "results", "/nonexistent/answers.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the file"));
}

//! The `annexa` command line: output identical to the API, one clear line and exit status 2 for
//! a bad file, and the admin commands.

mod common;

use std::path::Path;

use annexa_shared::{AnswerValue, AnswersDocument, Mode, questionnaire};
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn annexa() -> Command {
    let mut command = Command::cargo_bin("annexa").unwrap();
    command
        .env_remove("ANNEXA_DB")
        .env_remove("ANNEXA_DATABASE_URL")
        .env_remove("ANNEXA_ADMIN_KEY");
    command
}

fn doc(mode: Mode, value: AnswerValue, persons: u32) -> AnswersDocument {
    let mut doc = common::answers(mode, value);
    doc.profile.persons_in_scope = Some(persons);
    doc.profile.uses_cloud = None;
    doc
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn score_prints_exactly_the_report_the_api_returns() {
    let dir = tempfile::tempdir().unwrap();
    let doc = doc(Mode::Full, AnswerValue::Partial, 30);
    let file = write(
        dir.path(),
        "answers.json",
        &serde_json::to_string_pretty(&doc).unwrap(),
    );
    let output = annexa().arg("score").arg(&file).output().unwrap();
    assert!(output.status.success());
    let expected = annexa_api::assessment::report_json(&doc).unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);

    annexa()
        .args(["score", "--format", "text"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("Overall readiness: 50.0 / 100"));

    // A quick report says, in its text form too, what the quick questions did not assess.
    let quick = write(
        dir.path(),
        "quick.json",
        &serde_json::to_string(&self::doc(Mode::Quick, AnswerValue::Yes, 10)).unwrap(),
    );
    annexa()
        .args(["score", "--format", "text"])
        .arg(&quick)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "This quick assessment did not ask about 45 of the 123 requirements",
        ));
}

#[test]
fn a_bad_file_is_one_line_naming_the_problem_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let question = questionnaire(Mode::Full)
        .questions
        .iter()
        .find(|q| q.allows_not_applicable)
        .unwrap()
        .id
        .clone();
    let mut bad = doc(Mode::Full, AnswerValue::Yes, 10);
    bad.answers.get_mut(&question).unwrap().value = AnswerValue::NotApplicable;
    let not_applicable = write(dir.path(), "na.json", &serde_json::to_string(&bad).unwrap());
    let syntax = write(
        dir.path(),
        "syntax.json",
        "{\n  \"mode\": \"full\",\n  \"answers\": {,}\n}\n",
    );
    let mut value = serde_json::to_value(doc(Mode::Quick, AnswerValue::Yes, 10)).unwrap();
    let first = questionnaire(Mode::Quick).questions[0].id.clone();
    value["answers"][&first]["value"] = "maybe".into();
    let bad_value = write(dir.path(), "value.json", &value.to_string());
    let mut old = doc(Mode::Quick, AnswerValue::Yes, 10);
    old.questionnaire_version = "1999.1".into();
    let old = write(
        dir.path(),
        "old.json",
        &serde_json::to_string(&old).unwrap(),
    );

    let cases: [(&Path, &[&str]); 5] = [
        (&not_applicable, &[question.as_str(), "justification"]),
        (&syntax, &["line 3", "column"]),
        (&bad_value, &[first.as_str(), "maybe"]),
        (&old, &["1999.1"]),
        (Path::new("/no/such/answers.json"), &["cannot read"]),
    ];
    for command in ["score", "soa", "advise"] {
        for (file, needles) in &cases {
            let output = annexa().arg(command).arg(file).output().unwrap();
            assert_eq!(
                output.status.code(),
                Some(2),
                "{command} {}",
                file.display()
            );
            assert!(output.stdout.is_empty());
            let stderr = String::from_utf8(output.stderr).unwrap();
            assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
            for needle in *needles {
                assert!(
                    stderr.contains(needle),
                    "{command}: '{needle}' not in: {stderr}"
                );
            }
        }
    }
}

#[test]
fn catalog_questionnaire_soa_plan_and_advice() {
    let output = annexa().arg("catalog").output().unwrap();
    assert!(output.status.success());
    let catalog: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(catalog["controls"].as_array().unwrap().len(), 93);

    let output = annexa()
        .args(["catalog", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.starts_with("kind,id,title"));
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("control,")).count(),
        93
    );
    assert!(csv.contains("control,A.5.1,"));

    let output = annexa()
        .args(["questionnaire", "--mode", "full"])
        .output()
        .unwrap();
    let full: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(full["mode"], "full");
    annexa()
        .args(["questionnaire", "--mode", "long"])
        .assert()
        .code(2);

    let dir = tempfile::tempdir().unwrap();
    let twenty = write(
        dir.path(),
        "twenty.json",
        &serde_json::to_string(&doc(Mode::Full, AnswerValue::Yes, 20)).unwrap(),
    );
    let fifty = write(
        dir.path(),
        "fifty.json",
        &serde_json::to_string(&doc(Mode::Full, AnswerValue::Yes, 50)).unwrap(),
    );
    for (file, days) in [(&twenty, 7.0), (&fifty, 10.0)] {
        let output = annexa()
            .arg("plan")
            .arg(file)
            .args(["--start", "2027-01-04"])
            .output()
            .unwrap();
        assert!(output.status.success());
        let plan: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(plan["audit_days"]["base_initial"], days);
        assert_eq!(plan["start"], "2027-01-04");
    }
    annexa()
        .arg("plan")
        .arg(&twenty)
        .args(["--start", "2027-13-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2027-13-01"));

    let output = annexa()
        .args(["soa", "--format", "csv"])
        .arg(&twenty)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().lines().count(),
        94
    );

    let output = annexa().arg("advise").arg(&twenty).output().unwrap();
    let advice: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(advice[0]["framework"], "iso27001");
}

#[test]
fn keys_and_widget_keys_manage_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("admin.db");
    let output = annexa()
        .args(["keys", "create", "--name", "ops", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(output.status.success());
    let secret = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    assert!(secret.starts_with("annexa_"));

    let output = annexa()
        .args(["keys", "list"])
        .env("ANNEXA_DB", &db)
        .output()
        .unwrap();
    let keys: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(keys[0]["name"], "ops");
    assert!(!String::from_utf8_lossy(&output.stdout).contains(&secret));
    let id = keys[0]["id"].as_str().unwrap().to_owned();
    annexa()
        .args(["keys", "revoke", &id])
        .env("ANNEXA_DB", &db)
        .assert()
        .success();
    annexa()
        .args(["keys", "revoke", &id])
        .env("ANNEXA_DB", &db)
        .assert()
        .code(2);

    let output = annexa()
        .args([
            "widget-keys",
            "create",
            "--owner",
            "Northwind",
            "--origin",
            "https://www.northwind.example",
            "--key",
            "northwind",
        ])
        .env("ANNEXA_DB", &db)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let created: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        created["allowed_origins"][0],
        "https://www.northwind.example"
    );

    annexa()
        .args([
            "widget-keys",
            "create",
            "--owner",
            "X",
            "--origin",
            "www.example.com",
        ])
        .env("ANNEXA_DB", &db)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/allowed_origins/0"));

    let output = annexa()
        .args(["widget-keys", "list"])
        .env("ANNEXA_DB", &db)
        .output()
        .unwrap();
    let keys: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(keys.as_array().unwrap().len(), 1);
    annexa()
        .args(["widget-keys", "delete", "northwind"])
        .env("ANNEXA_DB", &db)
        .assert()
        .success();
}

#[test]
fn openapi_command_prints_the_committed_spec() {
    let output = annexa().arg("openapi").output().unwrap();
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json")).unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), committed);
}

#[test]
fn a_database_that_cannot_be_used_is_named_with_its_cause_and_no_password() {
    // Nothing listens on port 1: the cause is given at once, not after a pool timeout.
    annexa()
        .args(["keys", "list", "--database-url"])
        .arg("postgres://annexa:hunter2secret@127.0.0.1:1/annexa")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Connection refused"))
        .stderr(predicate::str::contains("annexa:***@127.0.0.1:1"))
        .stderr(predicate::str::contains("hunter2secret").not());
    annexa()
        .args(["keys", "list", "--database-url", "mysql://annexa@db/annexa"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "expected sqlite:PATH or postgres://",
        ));
}

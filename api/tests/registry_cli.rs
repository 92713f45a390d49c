//! `annexa certs …` as a user runs it: demo file, import with a bad row, verify, batch.

use assert_cmd::Command;
use predicates::prelude::*;

fn annexa(db: &std::path::Path) -> Command {
    let mut command = Command::cargo_bin("annexa").unwrap();
    command.arg("certs").arg("--db").arg(db);
    command
}

#[test]
fn demo_file_import_verify_and_batch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let file = dir.path().join("demo.jsonl");
    annexa(&db)
        .args(["demo", "--count", "40", "--out"])
        .arg(&file)
        .assert()
        .success();
    // Break line 3: an impossible date.
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let third: serde_json::Value = serde_json::from_str(&lines[2]).unwrap();
    let expiry = third["expiry_date"].as_str().unwrap().to_string();
    lines[2] = lines[2].replace(&expiry, "2027-02-31");
    std::fs::write(&file, lines.join("\n")).unwrap();

    annexa(&db)
        .arg("import")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"created\":39"))
        .stdout(predicate::str::contains("\"rejected\":1"))
        .stderr(predicate::str::contains(
            "demo.jsonl:3: rejected: /expiry_date",
        ));

    let number =
        serde_json::from_str::<serde_json::Value>(&lines[0]).unwrap()["certificate_number"]
            .as_str()
            .unwrap()
            .to_string();
    annexa(&db)
        .args([
            "verify",
            "--number",
            &number,
            "--format",
            "text",
            "--as-of",
            "2026-10-01",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(&number));

    let batch = dir.path().join("suppliers.csv");
    std::fs::write(
        &batch,
        format!("reference,certificate_number,activities\nmine,{number},development\n"),
    )
    .unwrap();
    annexa(&db)
        .args(["verify", "--batch"])
        .arg(&batch)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("row,reference"))
        .stdout(predicate::str::contains(",mine,1,"));
}

#[test]
fn wrong_input_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    annexa(&db)
        .args(["verify", "--activity", "payroll"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("say which certificate"));
    annexa(&db)
        .args(["import", "missing.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read missing.csv"));
    annexa(&db)
        .args(["verify", "--number", "X", "--as-of", "2026-02-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--as-of"));
}

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
        .stdout(predicate::str::starts_with("\"row\",\"reference\""))
        .stdout(predicate::str::contains(",\"mine\",\"1\","));
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

#[test]
fn verify_as_text_prints_how_the_scope_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let file = dir.path().join("one.jsonl");
    let record = serde_json::json!({
        "certificate_number": "READ-1", "certification_body": "Fictitious Certification Ltd",
        "accreditation_body": "UKAS", "standard": "ISO/IEC 27001:2022", "status": "active",
        "entity": {"name": "Fictitious Reader Ltd", "country": "GB"},
        "scope": "Payroll software hosting for customers in Spain, excluding: payroll bureau; legal services.",
        "sites": [{"city": "Leeds", "country": "GB"}],
        "original_issue_date": "2025-06-01", "issue_date": "2025-06-01",
        "expiry_date": "2028-05-31", "last_surveillance_date": "2026-05-20"
    });
    std::fs::write(&file, format!("{record}\n")).unwrap();
    annexa(&db).arg("import").arg(&file).assert().success();
    annexa(&db)
        .args([
            "verify",
            "--number",
            "READ-1",
            "--activity",
            "legal services",
            "--format",
            "text",
            "--as-of",
            "2026-12-01",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Verdict: Not covered\n"))
        .stdout(predicate::str::contains("How the scope was read:"))
        .stdout(predicate::str::contains(
            "+ included:  Payroll software hosting",
        ))
        .stdout(predicate::str::contains(
            "- excluded:  legal services   (by \"excluding\", which reaches the list after it)",
        ))
        .stdout(predicate::str::contains(
            "Spain (where customers are, not a site)",
        ));
}

//! Crash safety: `annexa serve` is killed with SIGKILL in the middle of a burst of lead
//! submissions and in the middle of a large certificate import, restarted on the same database,
//! and the database is checked: every acknowledged write is there, no row is half-written, and
//! SQLite's `PRAGMA integrity_check` says `ok`.
//!
//! What counts as acknowledged: a `201` lead id; for imports, a completed `200` import (the
//! import route answers only at the end, so a killed import acknowledges nothing — its rows are
//! written in transactions of 500, so what survives must be whole batches of whole rows).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use annexa_e2e::block_on;
use annexa_e2e::http_client::{self, Request};
use annexa_e2e::payloads::lead;
use annexa_e2e::server::{ADMIN_KEY, Server, demo_file};
use annexa_shared::{AnswersDocument, CertificateRecord};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Row, SqliteConnection};

/// Rows per import transaction (`api/src/registry/import.rs`, `BATCH_ROWS`).
const BATCH_ROWS: u64 = 500;

async fn open(db: &Path) -> SqliteConnection {
    let options = SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(10));
    SqliteConnection::connect_with(&options)
        .await
        .expect("open the database")
}

/// `PRAGMA integrity_check` and `PRAGMA foreign_key_check` pass.
async fn assert_integrity(conn: &mut SqliteConnection) {
    let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    assert_eq!(rows, ["ok"], "integrity_check");
    let violations = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    assert!(
        violations.is_empty(),
        "{} foreign key violations",
        violations.len()
    );
}

async fn count(conn: &mut SqliteConnection, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn sigkill_during_a_lead_burst_loses_no_acknowledged_lead() {
    let mut server = Server::start();
    let submission = lead(server.addr(), "demo", "Ana", "x@example.com", "ACME");
    let acknowledged: Arc<Mutex<BTreeMap<String, String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let addr = server.addr();
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let (acknowledged, stop, mut submission) =
                (acknowledged.clone(), stop.clone(), submission.clone());
            std::thread::spawn(move || {
                let mut failures = 0;
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) && failures > 0 {
                        break;
                    }
                    let email = format!("w{worker}-{n}@example.com");
                    submission["contact"]["email"] = email.clone().into();
                    match Request::new("POST", "/api/v1/leads")
                        .json(&submission)
                        .send(addr)
                    {
                        Ok(response) if response.status == 201 => {
                            let id = response.json()["id"].as_str().unwrap().to_owned();
                            acknowledged.lock().unwrap().insert(id, email);
                        }
                        Ok(response) => {
                            panic!("lead refused: {} {}", response.status, response.text())
                        }
                        // The server was killed mid-request: not acknowledged.
                        Err(_) => failures += 1,
                    }
                    if failures > 3 {
                        break;
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < 150 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, Ordering::Relaxed);
    server.kill();
    for worker in workers {
        worker.join().expect("worker");
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 20,
        "the burst ran: {} leads acknowledged",
        acknowledged.len()
    );

    server.restart();
    // Through the API: every acknowledged lead is there, with its contact.
    for (id, email) in &acknowledged {
        let response = Request::new("GET", format!("/api/v1/leads/{id}"))
            .bearer(ADMIN_KEY)
            .send(server.addr())
            .unwrap();
        assert_eq!(
            response.status,
            200,
            "acknowledged lead {id} lost: {}",
            response.text()
        );
        assert_eq!(response.json()["contact"]["email"], email.as_str());
    }
    // In the database: integrity, and every row (acknowledged or in flight) complete.
    block_on(async {
        let mut conn = open(&server.db_path()).await;
        assert_integrity(&mut conn).await;
        let rows = sqlx::query(
            "SELECT id, contact_email, answers_json, report_json, qualification_json, overall, tier FROM leads",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        assert!(rows.len() >= acknowledged.len());
        for row in &rows {
            let id: String = row.get("id");
            let answers: String = row.get("answers_json");
            serde_json::from_str::<AnswersDocument>(&answers)
                .unwrap_or_else(|e| panic!("lead {id}: answers not a document: {e}"));
            let report: serde_json::Value = serde_json::from_str(row.get("report_json"))
                .unwrap_or_else(|e| panic!("lead {id}: report not JSON: {e}"));
            let overall: f64 = row.get("overall");
            assert_eq!(report["overall"].as_f64(), Some(overall), "lead {id}");
            let qualification: serde_json::Value =
                serde_json::from_str(row.get("qualification_json")).expect("qualification JSON");
            let tier: String = row.get("tier");
            assert_eq!(qualification["tier"], tier.as_str(), "lead {id}");
            let email: String = row.get("contact_email");
            assert!(email.ends_with("@example.com"), "lead {id}: {email}");
        }
        eprintln!(
            "lead burst: {} acknowledged before SIGKILL, {} rows after restart, integrity ok",
            acknowledged.len(),
            rows.len()
        );
    });
    server.assert_alive("restart after SIGKILL");
}

fn import(server: &Server, body: Vec<u8>) -> serde_json::Value {
    let response = Request::new("POST", "/api/v1/certificates/import?rows=rejected")
        .bearer(ADMIN_KEY)
        .body("application/x-ndjson", body)
        .send(server.addr())
        .unwrap_or_else(|e| panic!("import: {e}\n{}", server.log_text()));
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()
}

#[test]
fn sigkill_during_a_large_import_keeps_acknowledged_rows_and_whole_batches() {
    let mut server = Server::start();
    let acknowledged_rows = 1_000;
    let big_rows = 50_000;
    let first = demo_file(server.dir(), 0, acknowledged_rows);
    let second = demo_file(server.dir(), acknowledged_rows, big_rows);
    // An acknowledged import.
    let report = import(&server, std::fs::read(&first).unwrap());
    assert_eq!(report["summary"]["created"], acknowledged_rows, "{report}");

    // The large import, streamed; SIGKILL once some of its batches are committed.
    let body = std::fs::read(&second).unwrap();
    let request = Request::new("POST", "/api/v1/certificates/import")
        .bearer(ADMIN_KEY)
        .body("application/x-ndjson", Vec::new())
        .header("Content-Length", &body.len().to_string());
    let addr = server.addr();
    let finished = Arc::new(AtomicBool::new(false));
    let sender = {
        let finished = finished.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            let Ok(mut stream) = http_client::connect(addr, None) else {
                return;
            };
            if stream.write_all(&request.head(addr)).is_err() {
                return;
            }
            for chunk in body.chunks(64 * 1024) {
                if stream.write_all(chunk).is_err() {
                    return;
                }
            }
            if let Ok(response) = http_client::read_response(&mut stream)
                && response.status == 200
            {
                finished.store(true, Ordering::SeqCst);
            }
        })
    };
    let db = server.db_path();
    let target = (acknowledged_rows + 2 * BATCH_ROWS) as i64;
    let started = Instant::now();
    let mut seen = 0;
    while started.elapsed() < Duration::from_secs(60) {
        seen = block_on(async {
            count(&mut open(&db).await, "SELECT count(*) FROM certificates").await
        });
        if seen >= target {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill();
    sender.join().expect("sender thread");
    assert!(
        seen >= target,
        "the import did not progress: {seen} rows after 60 s"
    );
    assert!(
        !finished.load(Ordering::SeqCst),
        "the import finished before the kill: the test did not crash it mid-way"
    );

    server.restart();
    let survivors = block_on(async {
        let mut conn = open(&db).await;
        assert_integrity(&mut conn).await;
        let total = count(&mut conn, "SELECT count(*) FROM certificates").await as u64;
        let survivors = total - acknowledged_rows;
        assert!(
            survivors > 0 && survivors < big_rows,
            "{survivors} rows of the killed import survived"
        );
        assert_eq!(
            survivors % BATCH_ROWS,
            0,
            "a partial batch survived: {survivors} rows"
        );
        // Every row whole: its record (read back through the API, whatever the storage
        // encoding) parses and validates, it has its history, its identifiers and its
        // full-text entry.
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM certificates ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let mut identifiers = 0i64;
        for id in &ids {
            let response = Request::new("GET", format!("/api/v1/certificates/{id}"))
                .send(server.addr())
                .unwrap();
            assert_eq!(
                response.status,
                200,
                "certificate {id}: {}",
                response.text()
            );
            let record: CertificateRecord =
                serde_json::from_value(response.json()["certificate"].clone())
                    .unwrap_or_else(|e| panic!("certificate {id}: record is not whole: {e}"));
            assert!(
                record.validate().is_ok(),
                "certificate {id}: invalid record stored"
            );
            let numbers = &record.entity.identifiers;
            identifiers += [
                numbers.vat.is_some(),
                numbers.duns.is_some(),
                numbers.registration_number.is_some(),
            ]
            .into_iter()
            .filter(|x| *x)
            .count() as i64;
        }
        let stored_identifiers =
            count(&mut conn, "SELECT count(*) FROM certificate_identifiers").await;
        assert_eq!(
            stored_identifiers, identifiers,
            "identifier rows match the records"
        );
        let without_history = count(
            &mut conn,
            "SELECT count(*) FROM certificates c WHERE NOT EXISTS \
             (SELECT 1 FROM certificate_history h WHERE h.certificate_id = c.id)",
        )
        .await;
        assert_eq!(without_history, 0, "certificates without history");
        let orphan_history = count(
            &mut conn,
            "SELECT count(*) FROM certificate_history h WHERE NOT EXISTS \
             (SELECT 1 FROM certificates c WHERE c.id = h.certificate_id)",
        )
        .await;
        assert_eq!(
            orphan_history, 0,
            "history of certificates that do not exist"
        );
        let fts = count(&mut conn, "SELECT count(*) FROM certificates_fts").await;
        assert_eq!(fts, total as i64, "full-text rows match the certificates");
        survivors
    });
    // The acknowledged import, sent again: every row is there, identical.
    let again = import(&server, std::fs::read(&first).unwrap());
    assert_eq!(
        again["summary"]["unchanged"], acknowledged_rows,
        "acknowledged rows intact: {again}"
    );
    // Re-importing the start of the killed file: the survivors are unchanged, the rest created.
    let redo_rows = survivors + BATCH_ROWS;
    let body = std::fs::read(&second).unwrap();
    let redo: Vec<u8> = body
        .split_inclusive(|b| *b == b'\n')
        .take(redo_rows as usize)
        .flatten()
        .copied()
        .collect();
    let report = import(&server, redo);
    assert_eq!(
        report["summary"]["unchanged"], survivors,
        "{}",
        report["summary"]
    );
    assert_eq!(
        report["summary"]["created"], BATCH_ROWS,
        "{}",
        report["summary"]
    );
    eprintln!(
        "import: {acknowledged_rows} acknowledged rows intact; SIGKILL after {seen} rows seen, \
         {survivors} rows ({} batches) of the killed import survived whole; integrity ok",
        survivors / BATCH_ROWS
    );
    server.assert_alive("restart after SIGKILL");
}

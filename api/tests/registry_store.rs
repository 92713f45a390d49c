//! The SQLite certificate store on a temporary file: upsert outcomes, per-row isolation inside a
//! batch, the append-only history, lookups, search and demo seeding.

mod registry_support;

use annexa_api::registry::store::{CertificateStore, Criterion, RowToWrite, UpsertOutcome};
use annexa_api::registry::{demo, seed_demo_if_empty};
use annexa_shared::{CertificateRecord, CertificateStatus};
use registry_support::{database, payroll_json, store};

fn row(number: &str) -> RowToWrite {
    let record: CertificateRecord = serde_json::from_str(&payroll_json(number, "active")).unwrap();
    RowToWrite {
        record,
        source: format!("test, {number}"),
    }
}

#[actix_web::test]
async fn upsert_creates_then_leaves_unchanged_then_updates() {
    let (_dir, pool) = database().await;
    let store = store(&pool);
    let first = store.upsert_batch(&[row("A-1")], "tester").await.unwrap();
    let Ok(UpsertOutcome::Created(id)) = first[0] else {
        panic!("{first:?}")
    };
    // The same certificate, written with other spacing and case in its number and body.
    let mut same = row("a 1");
    same.record.certificate_number = "A-1".into();
    same.record.certification_body = "example  certification LTD".into();
    same.record.certification_body = "Example Certification Ltd".into();
    let again = store.upsert_batch(&[same], "tester").await.unwrap();
    assert_eq!(again[0], Ok(UpsertOutcome::Unchanged(id)));
    let mut changed = row("A-1");
    changed.record.status = CertificateStatus::Withdrawn;
    changed.record.entity.identifiers.vat = None;
    let updated = store.upsert_batch(&[changed], "auditor").await.unwrap();
    assert_eq!(updated[0], Ok(UpsertOutcome::Updated(id)));

    // The identifier removed by the update no longer finds it; the one kept still does.
    assert!(
        store
            .by_identifier(Some("vat"), "IE6388047V")
            .await
            .unwrap()
            .is_empty()
    );
    let by_duns = store.by_identifier(None, "123 456 789").await.unwrap();
    assert_eq!(by_duns[0].certificate.status, CertificateStatus::Withdrawn);

    let history = store.history(id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].actor, "auditor");
    assert_eq!(history[1].changes["status"]["to"], "withdrawn");
    assert_eq!(
        history[1].changes["entity"]["from"]["identifiers"]["vat"],
        "IE6388047V"
    );
}

#[actix_web::test]
async fn history_cannot_be_rewritten() {
    let (_dir, pool) = database().await;
    store(&pool)
        .upsert_batch(&[row("H-1")], "tester")
        .await
        .unwrap();
    let update = sqlx::query("UPDATE certificate_history SET actor = 'someone else'")
        .execute(&pool)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM certificate_history")
        .execute(&pool)
        .await;
    assert!(delete.is_err());
}

#[actix_web::test]
async fn a_failing_row_is_rejected_alone_and_never_half_written() {
    let (_dir, pool) = database().await;
    // Make the database refuse the search-index entry of one certificate, after its main row
    // was inserted: the whole row must disappear, and its neighbours must stay.
    sqlx::query(
        "CREATE TABLE poison (n TEXT); \
         CREATE TRIGGER poison_history BEFORE INSERT ON certificate_history \
         WHEN NEW.source = 'test, B-2' BEGIN SELECT RAISE(ABORT, 'boom'); END;",
    )
    .execute(&pool)
    .await
    .unwrap();
    let store = store(&pool);
    let outcomes = store
        .upsert_batch(&[row("B-1"), row("B-2"), row("B-3")], "tester")
        .await
        .unwrap();
    assert!(matches!(outcomes[0], Ok(UpsertOutcome::Created(_))));
    assert!(outcomes[1].is_err());
    assert!(matches!(outcomes[2], Ok(UpsertOutcome::Created(_))));
    assert!(store.by_number("B-2", None).await.unwrap().is_empty());
    let fts: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM certificates_fts WHERE certificates_fts MATCH 'payroll'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(fts, 2, "no index entry left behind by the rejected row");
    let identifiers: i64 = sqlx::query_scalar("SELECT count(*) FROM certificate_identifiers")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(identifiers, 4);
}

#[actix_web::test]
async fn name_search_ignores_legal_forms_and_ranks_the_exact_name_first() {
    let (_dir, pool) = database().await;
    let store = store(&pool);
    let mut rows = Vec::new();
    for (number, name) in [
        ("N-1", "Acme Payroll Services GmbH"),
        ("N-2", "Acme Payroll Ltd"),
        ("N-3", "ACME Payroll Group plc"),
        ("N-4", "Zenith Payroll Ltd"),
    ] {
        let mut r = row(number);
        r.record.entity.name = name.into();
        rows.push(r);
    }
    store.upsert_batch(&rows, "tester").await.unwrap();
    let name = |n: &str| Criterion::Name {
        name: n.into(),
        country: None,
    };
    let page = store
        .search(&name("acme payroll limited"), 1, 10)
        .await
        .unwrap();
    let names: Vec<&str> = page
        .items
        .iter()
        .map(|c| c.certificate.entity.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Acme Payroll Ltd",
            "ACME Payroll Group plc",
            "Acme Payroll Services GmbH"
        ]
    );
    assert_eq!(page.total, 3);
    let page = store.search(&name("acme payroll"), 2, 2).await.unwrap();
    assert_eq!(page.items.len(), 1);
    let text = store
        .search(&Criterion::Text("payroll bureau".into()), 1, 10)
        .await
        .unwrap();
    assert_eq!(text.total, 4);
    let none = store
        .search(&Criterion::Text("\"*)(".into()), 1, 10)
        .await
        .unwrap();
    assert_eq!(none.total, 0);
}

#[actix_web::test]
async fn demo_seed_fills_an_empty_registry_once() {
    let (_dir, pool) = database().await;
    assert_eq!(seed_demo_if_empty(&pool, 300).await.unwrap(), 300);
    assert_eq!(seed_demo_if_empty(&pool, 300).await.unwrap(), 0);
    let store = store(&pool);
    assert_eq!(store.count().await.unwrap(), 300);
    let expected = demo::record(123);
    let found = store
        .by_number(&expected.certificate_number, None)
        .await
        .unwrap();
    assert_eq!(found[0].certificate, expected);
    let history = store.history(found[0].id).await.unwrap();
    assert_eq!(history[0].actor, "demo-seed");
}

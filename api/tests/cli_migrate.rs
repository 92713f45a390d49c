//! `annexa migrate --from sqlite:PATH --to postgres://…` as an operator runs it: everything a
//! SQLite deployment holds arrives in PostgreSQL with the same ids, history and search results,
//! a non-empty target is refused, and new certificates get new ids after the copied ones.

mod common;

use common::databases as registry_support;

use annexa_api::store::certificates::{Criterion, Registry, RowToWrite};
use annexa_api::store::leads::{self, Consent, Contact, LeadFilter, NewLead};
use annexa_api::store::{self, Pool};
use annexa_api::store::{api_keys, webhooks, widget_keys};
use annexa_shared::{CertificateRecord, CertificateStatus};
use assert_cmd::Command;
use predicates::prelude::*;

fn migrate(from: &str, to: &str) -> assert_cmd::assert::Assert {
    Command::cargo_bin("annexa")
        .unwrap()
        .args(["migrate", "--from", from, "--to", to])
        .assert()
}

/// A small deployment: demo certificates (one updated, so it has two history entries), a widget
/// key with a webhook, a lead with a pending delivery, a finished test delivery in the log.
async fn deployment(pool: &Pool) -> i64 {
    let store = Registry::new(pool);
    annexa_api::registry::service::import_demo(&store, 0, 300, "demo-seed")
        .await
        .unwrap();
    let first = store.get(1).await.unwrap().unwrap();
    let mut record: CertificateRecord = first.certificate.clone();
    record.status = CertificateStatus::Suspended;
    store
        .upsert_batch(
            &[RowToWrite {
                record,
                source: "suspension notice".into(),
            }],
            "auditor",
        )
        .await
        .unwrap();
    widget_keys::create(
        pool,
        widget_keys::NewWidgetKey {
            key: Some("wk_moved".into()),
            owner_name: "Moving Consulting".into(),
            lead_capture: true,
            consent_text: None,
            allowed_origins: vec!["https://moving.example".into()],
            webhook_url: Some("https://hooks.moving.example/leads".into()),
            accent: Some("#7a1fa2".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let documents = common::stored_lead_documents();
    leads::insert(
        pool,
        &NewLead {
            id: "7c1a7c9e-0000-4000-8000-000000000001".into(),
            widget_key: "wk_moved".into(),
            created_at: "2026-11-20T09:00:00.000Z".into(),
            contact: Contact {
                name: "Grace Example".into(),
                email: "grace@example.test".into(),
                company: "Fictitious Mover Ltd".into(),
            },
            consent: Consent {
                text: "You may contact me.".into(),
                agreed_at: "2026-11-20T09:00:00Z".into(),
            },
            questionnaire_version: "2026.1".into(),
            mode: "quick".into(),
            answers_json: documents.0,
            report_json: documents.1,
            overall: 61.0,
            tier: "B".into(),
            band: annexa_shared::Band::Early,
            qualification_json: documents.2,
        },
        Some((
            "https://hooks.moving.example/leads".into(),
            "whsec_moving".into(),
            "{}".into(),
        )),
    )
    .await
    .unwrap();
    // A finished test delivery in the webhook log moves too.
    annexa_api::store::webhook_log::log_test_delivery(
        pool,
        "wk_moved",
        &annexa_api::store::webhook_log::Finished {
            id: "whd_moved_test",
            state: annexa_api::store::webhook_log::DeliveryState::GaveUp,
            host: "hooks.moving.example".into(),
            attempts: 1,
            status_code: Some(503),
            last_error: Some("HTTP 503"),
            finished_at: "2026-11-20T09:05:00.000Z".into(),
        },
    )
    .await
    .unwrap();
    // Its follow-up moves with it.
    leads::set_status(
        pool,
        "7c1a7c9e-0000-4000-8000-000000000001",
        leads::SalesStatus::Contacted,
        "sales desk",
    )
    .await
    .unwrap();
    leads::add_note(
        pool,
        "7c1a7c9e-0000-4000-8000-000000000001",
        "Moving offices in March.",
        "sales desk",
    )
    .await
    .unwrap();
    store.count().await.unwrap() as i64
}

#[actix_web::test]
async fn a_sqlite_deployment_moves_to_postgres_whole() {
    let Some((target_database, _target)) = registry_support::pg_database().await else {
        return;
    };
    // The helper registered an admin key: this target is not empty, and is refused.
    let target_url = target_database.url();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let source = store::open(&path).await.unwrap();
    let certificates = deployment(&source).await;
    let from = format!("sqlite:{}", path.display());

    migrate(&from, &target_url)
        .failure()
        .stderr(predicate::str::contains("is not empty"));
    migrate("sqlite:/nonexistent/annexa.db", &target_url)
        .failure()
        .stderr(predicate::str::contains("does not exist"));
    migrate(&from, "mysql://somewhere/else")
        .failure()
        .stderr(predicate::str::contains("expected sqlite:PATH"));

    let Some((fresh_database, fresh)) = registry_support::pg_database().await else {
        return;
    };
    if let Pool::Postgres(pg, ..) = &fresh {
        sqlx::query("DELETE FROM api_keys")
            .execute(pg)
            .await
            .unwrap();
    }
    let fresh_url = fresh_database.url();
    migrate(&from, &fresh_url)
        .success()
        .stderr(predicate::str::contains("certificate_history"));

    // Certificates: same ids, records, history and search results.
    let (old, new) = (Registry::new(&source), Registry::new(&fresh));
    assert_eq!(new.count().await.unwrap() as i64, certificates);
    for id in [1, 2, 150, certificates] {
        assert_eq!(
            old.get(id).await.unwrap(),
            new.get(id).await.unwrap(),
            "id {id}"
        );
        assert_eq!(
            old.history(id).await.unwrap(),
            new.history(id).await.unwrap()
        );
    }
    assert_eq!(new.history(1).await.unwrap().len(), 2);
    let sample = old.get(42).await.unwrap().unwrap().certificate;
    for criterion in [
        Criterion::Number(sample.certificate_number.clone()),
        Criterion::Name {
            name: sample.entity.name.clone(),
            country: None,
        },
        Criterion::Text("software development".into()),
    ] {
        let (a, b) = (
            old.search(&criterion, 1, 10).await.unwrap(),
            new.search(&criterion, 1, 10).await.unwrap(),
        );
        let ids = |p: &annexa_api::store::certificates::SearchPage| {
            p.items.iter().map(|c| c.id).collect::<Vec<_>>()
        };
        assert!(
            !ids(&b).is_empty(),
            "{criterion:?} finds nothing after the move"
        );
        assert_eq!(ids(&a), ids(&b), "{criterion:?}");
    }

    // Keys, leads and the pending delivery.
    assert_eq!(
        api_keys::list(&source).await.unwrap(),
        api_keys::list(&fresh).await.unwrap()
    );
    let moved = widget_keys::get(&fresh, "wk_moved").await.unwrap();
    assert_eq!(moved, widget_keys::get(&source, "wk_moved").await.unwrap());
    assert_eq!(
        moved.and_then(|key| key.accent).as_deref(),
        Some("#7a1fa2"),
        "the accent colour moves with its key"
    );
    assert_eq!(
        leads::get(&fresh, "7c1a7c9e-0000-4000-8000-000000000001")
            .await
            .unwrap(),
        leads::get(&source, "7c1a7c9e-0000-4000-8000-000000000001")
            .await
            .unwrap()
    );
    assert_eq!(
        leads::list(&fresh, &LeadFilter::default())
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(webhooks::count(&fresh).await.unwrap(), 1);
    let recent = annexa_api::store::webhook_log::recent_for_key(&fresh, "wk_moved")
        .await
        .unwrap();
    assert_eq!(
        recent,
        annexa_api::store::webhook_log::recent_for_key(&source, "wk_moved")
            .await
            .unwrap()
    );
    assert_eq!(recent.len(), 2, "the queued delivery and the logged test");

    // A certificate written after the move gets an id after the copied ones.
    let mut record = sample.clone();
    record.certificate_number = "MOVED-AFTER-1".into();
    let outcome = new
        .upsert_batch(
            &[RowToWrite {
                record,
                source: "after the move".into(),
            }],
            "ops",
        )
        .await
        .unwrap();
    match outcome[0] {
        Ok(annexa_api::store::certificates::UpsertOutcome::Created(id)) => {
            assert!(id > certificates, "{id}")
        }
        ref other => panic!("{other:?}"),
    }
}

/// The live schema of `pool`: every table Annexa's migrations create (sqlx's bookkeeping and
/// SQLite's full-text index tables, rebuilt rather than copied, left out — the leads' search
/// index with its row numbers is filled by triggers as the leads are copied) with its columns.
async fn live_schema(pool: &Pool) -> Vec<(String, Vec<String>)> {
    let tables: Vec<String> = match pool {
        Pool::Sqlite(p, _) => sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE '_sqlx_%' AND name NOT LIKE 'certificates_fts%' \
             AND name NOT LIKE 'lead_contact_text%' AND name <> 'lead_search_rows' ORDER BY name",
        )
        .fetch_all(p)
        .await
        .unwrap(),
        Pool::Postgres(p, ..) => sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name NOT LIKE '_sqlx_%' ORDER BY table_name",
        )
        .fetch_all(p)
        .await
        .unwrap(),
    };
    let mut schema = Vec::new();
    for table in tables {
        let mut columns: Vec<String> = match pool {
            Pool::Sqlite(p, _) => sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                .bind(&table)
                .fetch_all(p)
                .await
                .unwrap(),
            Pool::Postgres(p, ..) => sqlx::query_scalar(
                "SELECT column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1",
            )
            .bind(&table)
            .fetch_all(p)
            .await
            .unwrap(),
        };
        columns.sort();
        schema.push((table, columns));
    }
    schema
}

/// What `annexa migrate` copies into a database of this kind, in the same form.
fn copied(postgres: bool) -> Vec<(String, Vec<String>)> {
    let mut tables: Vec<(String, Vec<String>)> = annexa_api::cli::copied_tables()
        .into_iter()
        .map(|(table, columns)| {
            let mut columns: Vec<String> = columns
                .into_iter()
                .filter(|(_, postgres_only)| postgres || !postgres_only)
                .map(|(name, _)| name.to_string())
                .collect();
            columns.sort();
            (table.to_string(), columns)
        })
        .collect();
    tables.sort();
    tables
}

#[actix_web::test]
async fn migrate_copies_every_table_and_column_of_both_schemas() {
    let (_dir, sqlite) = registry_support::sqlite_database().await;
    assert_eq!(
        live_schema(&sqlite).await,
        copied(false),
        "a table or column of api/migrations/sqlite is missing from annexa migrate's list \
         (api/src/cli/migrate.rs), or the list names one that does not exist"
    );
    let Some((_guard, pg)) = registry_support::pg_database().await else {
        return;
    };
    assert_eq!(
        live_schema(&pg).await,
        copied(true),
        "a table or column of api/migrations/postgres is missing from annexa migrate's list \
         (api/src/cli/migrate.rs), or the list names one that does not exist"
    );
}

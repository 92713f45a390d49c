//! Helpers for the registry tests: a temporary database, an app with an admin key, records.

#![allow(dead_code)] // Each test file uses a different part.

use actix_web::web;
use annexa_api::db::{self, Pool};
use annexa_api::http::{AppState, ServerConfig};
use annexa_api::registry::SqliteCertificateStore;
use annexa_api::webhook::Notifier;
use tempfile::TempDir;

/// The admin key every test app accepts.
pub const ADMIN_KEY: &str = "registry-test-admin-key";

/// A fresh database in a temporary directory (kept alive by the returned guard).
pub async fn database() -> (TempDir, Pool) {
    let dir = tempfile::tempdir().unwrap();
    let pool = db::open(&dir.path().join("registry.db")).await.unwrap();
    annexa_api::store::api_keys::insert(&pool, "registry tests", ADMIN_KEY)
        .await
        .unwrap();
    (dir, pool)
}

/// The application state over `pool`, without rate limits.
pub fn state(pool: &Pool) -> web::Data<AppState> {
    let config = ServerConfig {
        ip_rate_per_minute: 0,
        widget_key_rate_per_minute: 0,
        ..ServerConfig::default()
    };
    web::Data::new(AppState::new(pool.clone(), config, Notifier::default()))
}

/// The store over `pool`.
pub fn store(pool: &Pool) -> SqliteCertificateStore {
    SqliteCertificateStore::new(pool.clone())
}

/// A JSON Lines record: an active payroll SaaS provider in Dublin with an exclusion.
pub fn payroll_json(number: &str, status: &str) -> String {
    serde_json::json!({
        "certificate_number": number,
        "certification_body": "Example Certification Ltd",
        "accreditation_body": "UKAS",
        "standard": "ISO/IEC 27001:2022",
        "status": status,
        "entity": {"name": "Acme Payroll Ltd", "country": "IE",
                   "identifiers": {"vat": "IE6388047V", "duns": "123456789"}},
        "scope": "Design, development and hosting of payroll software as a service for \
                  employers in Ireland, excluding payroll bureau services.",
        "sites": [{"name": "Head office", "address": "1 Grand Canal Square", "city": "Dublin",
                   "country": "IE"}],
        "original_issue_date": "2020-01-15",
        "issue_date": "2026-01-15",
        "expiry_date": "2029-01-14",
        "last_surveillance_date": "2026-10-01"
    })
    .to_string()
}

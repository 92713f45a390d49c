//! Helpers for the registry tests: a temporary database (SQLite, and PostgreSQL when configured),
//! an app with an admin key, records.
//!
//! PostgreSQL: set `ANNEXA_TEST_POSTGRES_URL` to a URL of a role allowed to create databases
//! (e.g. `postgres://annexa:annexa@127.0.0.1:55441/postgres`); each test gets a fresh database,
//! dropped when the test ends. Unset, the PostgreSQL half of a test is skipped with a message,
//! unless `ANNEXA_REQUIRE_POSTGRES=1` (then it fails).

#![allow(dead_code)] // Each test file uses a different part.

pub mod throwaway_pg;

use std::future::Future;

use actix_web::web;
use annexa_api::http::{AppState, ServerConfig};
use annexa_api::registry::Registry;
use annexa_api::store::{self, Location, Pool};
use annexa_api::webhook::Notifier;
use tempfile::TempDir;

/// The admin key every test app accepts.
pub const ADMIN_KEY: &str = "registry-test-admin-key";

/// A fresh SQLite database in a temporary directory (kept alive by the returned guard).
pub async fn sqlite_database() -> (TempDir, Pool) {
    let dir = tempfile::tempdir().unwrap();
    let pool = store::open(&dir.path().join("registry.db")).await.unwrap();
    annexa_api::store::api_keys::insert(&pool, "registry tests", ADMIN_KEY)
        .await
        .unwrap();
    (dir, pool)
}

/// Keeps a test database alive: its directory, and its PostgreSQL database if it has one.
#[derive(Debug)]
pub struct DatabaseGuard {
    _dir: Option<TempDir>,
    _postgres: Option<PgGuard>,
}

/// A fresh database with the admin key: SQLite, or PostgreSQL when `ANNEXA_TEST_STORE=postgres`
/// (the test command runs the API's suites both ways).
pub async fn database() -> (DatabaseGuard, Pool) {
    if std::env::var("ANNEXA_TEST_STORE").as_deref() == Ok("postgres") {
        let (guard, pool) = pg_database()
            .await
            .expect("ANNEXA_TEST_STORE=postgres needs ANNEXA_TEST_POSTGRES_URL");
        let guard = DatabaseGuard {
            _dir: None,
            _postgres: Some(guard),
        };
        return (guard, pool);
    }
    let (dir, pool) = sqlite_database().await;
    let guard = DatabaseGuard {
        _dir: Some(dir),
        _postgres: None,
    };
    (guard, pool)
}

/// Keeps a test's PostgreSQL database (see [`throwaway_pg`]).
pub type PgGuard = throwaway_pg::ThrowawayDatabase;

/// The PostgreSQL URL of the tests, or `None` (with a message) when PostgreSQL is not configured.
pub use throwaway_pg::server_url as pg_url;

/// A fresh PostgreSQL database with migrations applied and the admin key, when configured (see
/// the module docs). The guard drops the database.
pub async fn pg_database() -> Option<(PgGuard, Pool)> {
    let database = PgGuard::create(&pg_url()?, "annexa_test").await;
    let pool = store::connect(&Location::Postgres(database.url()))
        .await
        .unwrap();
    annexa_api::store::api_keys::insert(&pool, "registry tests", ADMIN_KEY)
        .await
        .unwrap();
    Some((database, pool))
}

/// Runs `check` on a fresh SQLite database, then on a fresh PostgreSQL one (when configured).
pub async fn on_both<F, Fut>(check: F)
where
    F: Fn(Pool) -> Fut,
    Fut: Future<Output = ()>,
{
    let (_dir, pool) = sqlite_database().await;
    check(pool).await;
    if let Some((_guard, pool)) = pg_database().await {
        check(pool).await;
    }
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
pub fn store(pool: &Pool) -> Registry {
    Registry::new(pool)
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

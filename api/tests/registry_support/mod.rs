//! Helpers for the registry tests: a temporary database (SQLite, and PostgreSQL when configured),
//! an app with an admin key, records.
//!
//! PostgreSQL: set `ANNEXA_TEST_POSTGRES_URL` to a URL of a role allowed to create databases
//! (e.g. `postgres://annexa:annexa@127.0.0.1:55441/postgres`); each test gets a fresh database,
//! dropped when the test ends. Unset, the PostgreSQL half of a test is skipped with a message,
//! unless `ANNEXA_REQUIRE_POSTGRES=1` (then it fails).

#![allow(dead_code)] // Each test file uses a different part.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

use actix_web::web;
use annexa_api::http::{AppState, ServerConfig};
use annexa_api::registry::Registry;
use annexa_api::store::{self, Location, Pool};
use annexa_api::webhook::Notifier;
use sqlx::{AssertSqlSafe, Connection, PgConnection};
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

/// Drops its PostgreSQL database when dropped (closing the connections still open to it).
#[derive(Debug)]
pub struct PgGuard {
    admin_url: String,
    name: String,
}

impl Drop for PgGuard {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs inside the test's runtime, which cannot be blocked on: use another one.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url).await.ok()?;
                sqlx::query(AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await
                .ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(_))) {
            eprintln!("could not drop test database {}", self.name);
        }
    }
}

/// The PostgreSQL URL of the tests, or `None` (with a message) when PostgreSQL is not configured.
/// Panics when it is required (`ANNEXA_REQUIRE_POSTGRES=1`) but not configured.
pub fn pg_url() -> Option<String> {
    match std::env::var("ANNEXA_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("ANNEXA_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "ANNEXA_REQUIRE_POSTGRES=1 but ANNEXA_TEST_POSTGRES_URL is not set"
            );
            eprintln!("PostgreSQL skipped: ANNEXA_TEST_POSTGRES_URL is not set");
            None
        }
    }
}

/// A fresh PostgreSQL database with migrations applied and the admin key, when configured (see
/// the module docs). The guard drops the database.
pub async fn pg_database() -> Option<(PgGuard, Pool)> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let admin_url = pg_url()?;
    let name = format!(
        "annexa_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        time::OffsetDateTime::now_utc().unix_timestamp_nanos() % 1_000_000_000
    );
    let mut admin = PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("cannot reach ANNEXA_TEST_POSTGRES_URL: {e}"));
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.unwrap();
    let guard = PgGuard {
        admin_url: admin_url.clone(),
        name: name.clone(),
    };
    let mut url = url::Url::parse(&admin_url).unwrap();
    url.set_path(&name);
    let pool = store::connect(&Location::Postgres(url.to_string()))
        .await
        .unwrap();
    annexa_api::store::api_keys::insert(&pool, "registry tests", ADMIN_KEY)
        .await
        .unwrap();
    Some((guard, pool))
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

//! A throwaway PostgreSQL database per test, on the server `ANNEXA_TEST_POSTGRES_URL` names (a
//! role allowed to create databases, e.g. `postgres://annexa:annexa@127.0.0.1:55441/postgres`;
//! `scripts/pg.sh start` prints one). Used by the API's suites and by the end-to-end suites
//! (`tests/tests/multi_instance.rs` includes this file).

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{AssertSqlSafe, Connection, PgConnection};

/// The PostgreSQL server of the tests, or `None` (with a message) when none is configured.
/// Panics when one is required (`ANNEXA_REQUIRE_POSTGRES=1`) but not configured.
pub fn server_url() -> Option<String> {
    match std::env::var("ANNEXA_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url.trim().to_owned()),
        _ => {
            assert_ne!(
                std::env::var("ANNEXA_REQUIRE_POSTGRES").as_deref(),
                Ok("1"),
                "ANNEXA_REQUIRE_POSTGRES=1 but ANNEXA_TEST_POSTGRES_URL is not set \
                 (scripts/pg.sh start prints a URL)"
            );
            eprintln!(
                "PostgreSQL skipped: ANNEXA_TEST_POSTGRES_URL is not set \
                 (run `scripts/pg.sh start` and export the URL it prints)"
            );
            None
        }
    }
}

/// A database of the test's own. Dropped with the value — unless the test is failing
/// (panicking), when it is left for a look.
#[derive(Debug)]
pub struct ThrowawayDatabase {
    server_url: String,
    name: String,
}

impl ThrowawayDatabase {
    /// Creates a fresh, empty database named after `prefix`, the process and a counter.
    pub async fn create(server_url: &str, prefix: &str) -> ThrowawayDatabase {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let name = format!(
            "{prefix}_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = PgConnection::connect(server_url)
            .await
            .unwrap_or_else(|e| panic!("cannot reach ANNEXA_TEST_POSTGRES_URL: {e}"));
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut admin)
            .await
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        let _ = admin.close().await;
        ThrowawayDatabase {
            server_url: server_url.to_owned(),
            name,
        }
    }

    /// The URL of this database (the server's URL with its database name replaced; user,
    /// host, port and query kept).
    pub fn url(&self) -> String {
        let (scheme, rest) = self
            .server_url
            .split_once("://")
            .unwrap_or_else(|| panic!("ANNEXA_TEST_POSTGRES_URL is not a postgres:// URL"));
        let (location, query) = match rest.split_once('?') {
            Some((location, query)) => (location, Some(query)),
            None => (rest, None),
        };
        let authority = location.split('/').next().unwrap_or_default();
        match query {
            Some(query) => format!("{scheme}://{authority}/{}?{query}", self.name),
            None => format!("{scheme}://{authority}/{}", self.name),
        }
    }
}

impl Drop for ThrowawayDatabase {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("test failed: database {} kept for a look", self.name);
            return;
        }
        let (server_url, name) = (self.server_url.clone(), self.name.clone());
        // Drop may run inside a test's runtime, which cannot be blocked on: use another one.
        // That blocks the test's runtime meanwhile, so its tasks must be stopped first (awaited,
        // not just aborted): PostgreSQL 15's DROP DATABASE waits for every backend, and one
        // still authenticating a connection such a task was opening waits for that task until
        // the server's authentication_timeout (60 s).
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&server_url).await.ok()?;
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

//! A PostgreSQL database of a test's own, on the server `ANNEXA_TEST_POSTGRES_URL` names
//! (`scripts/pg.sh start` prints one), for suites that run against both databases. Included by
//! test files through `#[path]`: sqlx and tokio are this crate's dev-dependencies.

use sqlx::{AssertSqlSafe, Connection, PgConnection};

/// The PostgreSQL server to use, or `None` to skip; panics when `ANNEXA_REQUIRE_POSTGRES=1`
/// but none is named (the test command must not skip silently).
pub fn server_url(suite: &str) -> Option<String> {
    match std::env::var("ANNEXA_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url.trim().to_owned()),
        _ => {
            assert_ne!(
                std::env::var("ANNEXA_REQUIRE_POSTGRES").as_deref(),
                Ok("1"),
                "ANNEXA_REQUIRE_POSTGRES=1 but ANNEXA_TEST_POSTGRES_URL is not set"
            );
            eprintln!("{suite}: PostgreSQL part skipped, ANNEXA_TEST_POSTGRES_URL is not set");
            None
        }
    }
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(future)
}

/// A fresh database on the server, dropped with this value.
#[derive(Debug)]
pub struct Database {
    server_url: String,
    name: String,
}

impl Database {
    /// Creates a database named after `prefix`, the process and the time.
    ///
    /// # Panics
    /// When the server refuses.
    pub fn create(server_url: &str, prefix: &str) -> Database {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let name = format!("{prefix}_{}_{nanos}", std::process::id());
        block_on(async {
            let mut conn = PgConnection::connect(server_url)
                .await
                .unwrap_or_else(|e| panic!("cannot connect to {server_url}: {e}"));
            sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                .execute(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        });
        Database {
            server_url: server_url.to_owned(),
            name,
        }
    }

    /// Its URL: the server's, with this database's name.
    pub fn url(&self) -> String {
        let (scheme, rest) = self
            .server_url
            .split_once("://")
            .unwrap_or(("postgres", ""));
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

impl Drop for Database {
    fn drop(&mut self) {
        let (server_url, name) = (self.server_url.clone(), self.name.clone());
        block_on(async move {
            if let Ok(mut conn) = PgConnection::connect(&server_url).await {
                let _ = sqlx::query(AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                )))
                .execute(&mut conn)
                .await;
            }
        });
    }
}

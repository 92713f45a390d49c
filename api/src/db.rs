//! The database: one SQLite file (created on first start, WAL mode), migrations from
//! `api/migrations/` applied on every open.
//!
//! Migration numbers: `0001`–`0099` belong to the API (keys, widget keys, leads, webhooks), other
//! numbers to the certificate registry.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// The connection pool every handler and command uses.
pub type Pool = sqlx::SqlitePool;

/// Every migration in `api/migrations/`, embedded at build time.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file cannot be opened or created.
    #[error("cannot open database {path}: {source}")]
    Connect {
        /// The file.
        path: String,
        /// The cause.
        source: sqlx::Error,
    },
    /// A migration failed.
    #[error("cannot migrate database {path}: {source}")]
    Migrate {
        /// The file.
        path: String,
        /// The cause.
        source: sqlx::migrate::MigrateError,
    },
}

/// Opens (creating it if needed) the SQLite database at `path` and applies pending migrations.
pub async fn open(path: &Path) -> Result<Pool, OpenError> {
    let display = path.display().to_string();
    let options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(|source| OpenError::Connect {
            path: display.clone(),
            source,
        })?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(|source| OpenError::Connect {
            path: display.clone(),
            source,
        })?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|source| OpenError::Migrate {
            path: display,
            source,
        })?;
    Ok(pool)
}

/// Whether the database answers a trivial query (for `/readyz`).
pub async fn is_reachable(pool: &Pool) -> bool {
    sqlx::query_scalar::<_, i64>("SELECT 1")
        .fetch_one(pool)
        .await
        .is_ok()
}

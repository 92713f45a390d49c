//! The database: embedded SQLite (the default: one file, created on first start, WAL mode) or a
//! shared PostgreSQL server (`postgres://…`, for several instances). Migrations are applied on
//! every open: `api/migrations/sqlite/` or `api/migrations/postgres/`, the same numbers and
//! meaning in both. On PostgreSQL sqlx's migrator holds an advisory lock while it migrates, so
//! instances starting at the same moment apply each migration once and wait for each other.
//!
//! Migration numbers: `0001`–`0099` belong to the API (keys, widget keys, leads, webhooks), other
//! numbers to the certificate registry.
//!
//! Code over [`Pool`] writes its SQL once, with `$1`-style parameters (both drivers accept
//! them), and runs it with [`on_pool!`](crate::on_pool), which compiles the statement for each driver.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use super::certificates::kept::{Counts, Kept};
use super::held::{HELD_AT_ONCE, Held};
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// The connection pool every handler and command uses.
#[derive(Debug, Clone)]
pub enum Pool {
    /// Embedded SQLite, and how its registry lookups were answered (each thread's reading
    /// connection keeps its answers, `certificates::reader`).
    Sqlite(sqlx::SqlitePool, Arc<Counts>),
    /// A PostgreSQL server, the answers of its recent registry lookups (`certificates::kept`)
    /// and the connections held out of the pool for the statements asked most (`held`).
    Postgres(sqlx::PgPool, Arc<Kept>, Arc<Held>),
}

/// Runs `$body` with `$pool` bound to the driver's own pool, whichever [`Pool`] `$db` holds.
/// The body is compiled once per driver, so the same SQL text serves both.
#[macro_export]
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::store::Pool::Sqlite($pool, _) => $body,
            $crate::store::Pool::Postgres($pool, ..) => $body,
        }
    };
}

/// How a SQLite transaction that writes begins: it takes the write lock at once, waiting up to
/// the busy timeout while another connection writes. A plain `BEGIN` starts as a reader and has
/// to become a writer at its first write; SQLite cannot wait there without risking a deadlock,
/// so it fails at once with "database is locked" whenever another connection is writing (seen
/// as 500s on a burst of leads). Every write transaction begins this way: through
/// [`BeginWrite`], or with this statement where a connection is held (clippy refuses a plain
/// `begin`, see `clippy.toml`).
pub const SQLITE_BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// The page size of a SQLite database this process creates (a database keeps the size it was
/// created with). SQLite's default, 4,096 bytes, holds six registry rows of about 650 bytes and
/// leaves an eighth of each page unused; at 16,384 a page holds about 25, and each index's
/// interior pages fan out four times as wide. A load of 1,000,000 demo records took 1,038 MB
/// at 4,096 (990 MiB, and a 116 MiB write-ahead log) and 993 MB at 16,384. Text searches are as
/// fast; a verification of a certificate not kept takes 2-5 % more CPU, a lead about 1.5 % more
/// time (docs/BENCHMARKS.md, "twenty-fifth round").
pub const SQLITE_PAGE_SIZE: u32 = 16_384;

/// A new transaction, or why it could not begin.
type Begun<DB> = Result<sqlx::Transaction<'static, DB>, sqlx::Error>;

/// Begins a transaction that writes: [`SQLITE_BEGIN_WRITE`] on SQLite, a plain `BEGIN` on
/// PostgreSQL (whose writers wait for each other's row locks).
pub trait BeginWrite {
    /// The driver.
    type Database: sqlx::Database;
    /// A new transaction, ready to write.
    fn begin_write(&self) -> impl std::future::Future<Output = Begun<Self::Database>> + Send;
}

impl BeginWrite for sqlx::SqlitePool {
    type Database = sqlx::Sqlite;
    fn begin_write(&self) -> impl std::future::Future<Output = Begun<sqlx::Sqlite>> + Send {
        self.begin_with(SQLITE_BEGIN_WRITE)
    }
}

impl BeginWrite for sqlx::PgPool {
    type Database = sqlx::Postgres;
    #[expect(
        clippy::disallowed_methods,
        reason = "the one place a PostgreSQL write transaction begins"
    )]
    fn begin_write(&self) -> impl std::future::Future<Output = Begun<sqlx::Postgres>> + Send {
        self.begin()
    }
}

/// Every SQLite migration, embedded at build time.
pub static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");
/// Every PostgreSQL migration, embedded at build time.
pub static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://user:password@host:port/database`).
    Postgres(String),
}

impl Location {
    /// `sqlite:PATH`, `sqlite://PATH`, `postgres://…` or `postgresql://…`.
    pub fn parse(url: &str) -> Result<Location, OpenError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Location::Postgres(url.to_string()));
        }
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .filter(|p| !p.is_empty())
        {
            return Ok(Location::Sqlite(PathBuf::from(path)));
        }
        Err(OpenError::Url {
            url: redact(url),
            reason: "expected sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE".into(),
        })
    }

    /// The location for logs and messages (a PostgreSQL password is hidden).
    pub fn display(&self) -> String {
        match self {
            Location::Sqlite(path) => format!("sqlite:{}", path.display()),
            Location::Postgres(url) => redact(url),
        }
    }
}

/// `url` with its password (in the user part or a `?password=` parameter) replaced by `***`.
pub fn redact(url: &str) -> String {
    crate::redact::url(url)
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The URL names no supported database.
    #[error("cannot use database URL {url}: {reason}")]
    Url {
        /// The URL, password hidden.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// The file or server cannot be opened or reached.
    #[error("cannot open database {path}: {source}")]
    Connect {
        /// The file or URL (password hidden).
        path: String,
        /// The cause.
        source: sqlx::Error,
    },
    /// A migration failed.
    #[error("cannot migrate database {path}: {source}")]
    Migrate {
        /// The file or URL (password hidden).
        path: String,
        /// The cause.
        source: sqlx::migrate::MigrateError,
    },
}

/// Opens (creating it if needed) the SQLite database at `path` and applies pending migrations.
pub async fn open(path: &Path) -> Result<Pool, OpenError> {
    connect(&Location::Sqlite(path.to_path_buf())).await
}

/// A store error met while opening `path` (finishing an interrupted load, folding old rows),
/// reported as the database not opening.
fn store_error(error: super::StoreError, path: &str) -> OpenError {
    let source = match error {
        super::StoreError::Database(source) => source,
        other => sqlx::Error::Protocol(other.to_string()),
    };
    OpenError::Connect {
        path: path.to_owned(),
        source,
    }
}

/// Opens the database at `location` and applies pending migrations.
pub async fn connect(location: &Location) -> Result<Pool, OpenError> {
    let display = location.display();
    let connect_error = |source| OpenError::Connect {
        path: display.clone(),
        source,
    };
    let migrate_error = |source| OpenError::Migrate {
        path: display.clone(),
        source,
    };
    match location {
        Location::Sqlite(path) => {
            let options = SqliteConnectOptions::from_str("sqlite:")
                .map_err(connect_error)?
                .filename(path)
                .create_if_missing(true)
                .page_size(SQLITE_PAGE_SIZE)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                // A connection to a file in this process cannot be lost while it waits in the
                // pool: no test before each use (it was a round trip to its worker thread).
                .test_before_acquire(false)
                .connect_with(options)
                .await
                .map_err(connect_error)?;
            SQLITE_MIGRATOR.run(&pool).await.map_err(migrate_error)?;
            // Connections kept for lookups on this thread or others may be to a file that was
            // at this path before.
            super::certificates::forget_connections();
            let pool = Pool::Sqlite(pool, Arc::default());
            super::certificates::finish_interrupted_load(&pool)
                .await
                .map_err(|error| store_error(error, &display))?;
            super::leads::fold_stored_contacts(&pool)
                .await
                .map_err(|error| store_error(error, &display))?;
            Ok(pool)
        }
        Location::Postgres(url) => {
            let options = PgConnectOptions::from_str(url)
                .map_err(connect_error)?
                .application_name("annexa")
                // Full-text search takes the first matches in table order; a synchronised scan
                // could start mid-table and give another page for the same query.
                .options([("synchronize_seqscans", "off")]);
            // One plain connection first: the pool would retry until its timeout and then
            // report only that it timed out, where this names the cause (refused, bad password,
            // no such database).
            let probe = <sqlx::PgConnection as sqlx::Connection>::connect_with(&options)
                .await
                .map_err(connect_error)?;
            let _ = sqlx::Connection::close(probe).await;
            let pool = PgPoolOptions::new()
                .max_connections(POSTGRES_CONNECTIONS - HELD_AT_ONCE as u32)
                .test_before_acquire(false)
                .before_acquire(|connection, meta| {
                    Box::pin(async move {
                        test_if_idle(connection, meta.idle_for).await?;
                        Ok(true)
                    })
                })
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(connect_error)?;
            POSTGRES_MIGRATOR.run(&pool).await.map_err(migrate_error)?;
            let pool = Pool::Postgres(pool, Arc::default(), Arc::default());
            super::certificates::finish_interrupted_load(&pool)
                .await
                .map_err(|error| store_error(error, &display))?;
            super::leads::fold_stored_contacts(&pool)
                .await
                .map_err(|error| store_error(error, &display))?;
            Ok(pool)
        }
    }
}

/// Connections an instance opens at most to a PostgreSQL server: the pool's and the ones held
/// out of it ([`super::held`]).
pub const POSTGRES_CONNECTIONS: u32 = 16;

/// A connection that waited in the pool at least this long is tested before use (see
/// [`test_if_idle`]).
pub const TEST_AFTER_IDLE: Duration = Duration::from_secs(1);

/// Tests a PostgreSQL connection that has waited in the pool for [`TEST_AFTER_IDLE`] or more
/// (one round trip) before it is used; one used less than that ago is taken as it is.
///
/// sqlx tests every connection before each use by default, which made every query two round
/// trips to the server (three with the test sqlx runs when a connection comes back): on a busy
/// server, a third of what a registry lookup cost. A connection lost while idle (the server
/// restarted, a proxy's idle timeout) has been idle for longer than a second, so it is still
/// found here and replaced before a request sees it; one lost within the last second fails the
/// query that finds it, as one lost during a query always did.
async fn test_if_idle(
    connection: &mut sqlx::PgConnection,
    idle_for: Duration,
) -> Result<(), sqlx::Error> {
    if idle_for >= TEST_AFTER_IDLE {
        sqlx::Connection::ping(connection).await?;
    }
    Ok(())
}

impl Pool {
    /// `sqlite` or `postgres`.
    pub fn kind(&self) -> &'static str {
        match self {
            Pool::Sqlite(..) => "sqlite",
            Pool::Postgres(..) => "postgres",
        }
    }

    /// The connections held out of the pool (PostgreSQL's).
    pub fn held(&self) -> Option<&Held> {
        match self {
            Pool::Sqlite(..) => None,
            Pool::Postgres(_, _, held) => Some(held),
        }
    }

    /// Closes every connection (waits for the ones in use).
    pub async fn close(&self) {
        if let Pool::Postgres(_, _, held) = self {
            held.close().await;
        }
        on_pool!(self, pool => pool.close().await)
    }
}

/// Whether the database answers a trivial query (for `/readyz`).
pub async fn is_reachable(pool: &Pool) -> bool {
    on_pool!(pool, pool => sqlx::query_scalar::<_, i32>("SELECT 1")
        .fetch_one(pool)
        .await
        .is_ok())
}

/// Typed column access shared by both drivers' rows, so row-mapping code is written once.
pub trait Columns {
    /// A `TEXT` column.
    fn text(&self, column: &str) -> Result<String, sqlx::Error>;
    /// A nullable `TEXT` column.
    fn opt_text(&self, column: &str) -> Result<Option<String>, sqlx::Error>;
    /// A 64-bit integer column.
    fn int(&self, column: &str) -> Result<i64, sqlx::Error>;
    /// A nullable 64-bit integer column.
    fn opt_int(&self, column: &str) -> Result<Option<i64>, sqlx::Error>;
    /// A floating-point column.
    fn real(&self, column: &str) -> Result<f64, sqlx::Error>;
    /// A boolean column.
    fn flag(&self, column: &str) -> Result<bool, sqlx::Error>;
}

macro_rules! columns_for {
    ($row:ty, $get:path) => {
        impl Columns for $row {
            fn text(&self, column: &str) -> Result<String, sqlx::Error> {
                $get(self, column)
            }
            fn opt_text(&self, column: &str) -> Result<Option<String>, sqlx::Error> {
                $get(self, column)
            }
            fn int(&self, column: &str) -> Result<i64, sqlx::Error> {
                $get(self, column)
            }
            fn opt_int(&self, column: &str) -> Result<Option<i64>, sqlx::Error> {
                $get(self, column)
            }
            fn real(&self, column: &str) -> Result<f64, sqlx::Error> {
                $get(self, column)
            }
            fn flag(&self, column: &str) -> Result<bool, sqlx::Error> {
                $get(self, column)
            }
        }
    };
}
columns_for!(sqlx::sqlite::SqliteRow, sqlx::Row::try_get);
columns_for!(sqlx::postgres::PgRow, sqlx::Row::try_get);
// The registry's SQLite lookups on the calling thread (store/certificates/reader.rs).
columns_for!(rusqlite::Row<'_>, rusqlite_column);

/// A column of a `rusqlite` row, failing as the pool's rows do (rusqlite's reason as source).
fn rusqlite_column<T: rusqlite::types::FromSql>(
    row: &rusqlite::Row<'_>,
    column: &str,
) -> Result<T, sqlx::Error> {
    row.get(column).map_err(|error| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: Box::new(error),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_parse_and_hide_passwords() {
        assert_eq!(
            Location::parse("sqlite:data/annexa.db").unwrap(),
            Location::Sqlite(PathBuf::from("data/annexa.db"))
        );
        assert_eq!(
            Location::parse("sqlite:///var/lib/annexa.db").unwrap(),
            Location::Sqlite(PathBuf::from("/var/lib/annexa.db"))
        );
        let pg = Location::parse("postgres://annexa:s3cret@db:5432/annexa").unwrap();
        assert_eq!(pg.display(), "postgres://annexa:***@db:5432/annexa");
        let error = Location::parse("mysql://u:p@h/d").unwrap_err().to_string();
        assert!(error.contains("expected sqlite:PATH"), "{error}");
        assert!(!error.contains(":p@"), "{error}");
    }
}

//! The registry's point lookups on SQLite (by number, identifier, name and id — what every
//! verification does), run on the calling thread over a connection of that thread's own.
//!
//! sqlx runs each SQLite connection on a worker thread of its own: a lookup is handed to that
//! thread, and its rows handed back, through channels and futex wake-ups. For an indexed lookup
//! of a few pages already in memory, the hand-off cost more than the lookup itself (a quarter of
//! the verify route's CPU; docs/BENCHMARKS.md, "Issue 17, fifth round"). These lookups read the
//! same file through `rusqlite` over the same SQLite library instead: the SQL is the one the
//! PostgreSQL store runs too (`$1` parameters are named parameters to SQLite, bound in order),
//! and each statement is prepared once per connection.
//!
//! Every thread keeps at most [`KEPT_PER_THREAD`] connections (the most recently used
//! databases; a process opens one, a test process many), until a database is opened again.
//! The connections only read (`query_only`); in WAL mode a reader never waits for a writer, and
//! each statement sees the last committed state, as a pooled connection does. A lookup can
//! block its thread up to the busy timeout only while another process recovers the database,
//! as sqlx's worker would.
//!
//! Each connection also keeps the answers of its recent lookups ([`Answers`]), and forgets them
//! when the registry changes. It asks SQLite whether another connection — this process's pool,
//! another instance, `annexa certs import`, the `sqlite3` shell — has committed since it last
//! asked (`PRAGMA data_version`), before a lookup:
//!
//! - always after a write to the registry through this process (the store counts them when
//!   they have committed, [`registry_written`]): a process reads its own writes at once;
//! - otherwise once the last answer to that question is [`ASK_AGAIN_AFTER`] (a millisecond)
//!   old. Another process's change is therefore seen within a millisecond of its commit, as
//!   the PostgreSQL store's notices arrive (`kept.rs`).
//!
//! Asking on every lookup, as this did before, cost more than the rest of the lookup: the
//! question is a read transaction, and beginning and ending one takes and drops a POSIX lock on
//! the shared WAL index (two `fcntl` system calls), about 7 % of a verification's time on one
//! core (docs/BENCHMARKS.md, "Issue 17, eleventh round"). At the verify route's rates a thread
//! now asks once per dozen lookups or so.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use super::kept::{Answers, Counts};
use super::{Lookup, Result, StoredCertificate, best_first_order, stored};
use crate::store::StoreError;

/// Databases a thread keeps a connection to.
const KEPT_PER_THREAD: usize = 4;

/// How much of the database file a reader maps into memory (SQLite caps it at its compiled-in
/// maximum, 2 GiB): a lookup of a certificate not kept in memory reads its pages from the
/// operating system's page cache directly, instead of a `pread` system call and a copy into the
/// connection's own page cache for each page (its default cache, 2 MB, holds a sliver of a large
/// registry, so most pages of such a lookup missed it).
const MMAP_SIZE: i64 = 1 << 31;

/// How long a lookup waits for a lock (as the pool's connections do).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

thread_local! {
    /// This thread's connections, most recently used first.
    static READERS: RefCell<Vec<Reader>> = const { RefCell::new(Vec::new()) };
}

/// How many SQLite databases this process has opened ([`forget_connections`]).
static OPENED: AtomicU64 = AtomicU64::new(0);

/// How many writes to the registry this process has committed ([`registry_written`]).
static WRITTEN: AtomicU64 = AtomicU64::new(0);

/// How long a connection relies on its last `PRAGMA data_version` when this process has written
/// nothing since: the longest another process's change can go unseen.
pub const ASK_AGAIN_AFTER: Duration = Duration::from_millis(1);

/// A connection, the file it reads, which opening of a database (and pool) it belongs to, and
/// the answers it keeps.
struct Reader {
    path: PathBuf,
    opened: u64,
    connection: Connection,
    /// The pool's counts, for `/metrics`.
    counts: Arc<Counts>,
    /// `PRAGMA data_version` when `answers` were last known to be current.
    data_version: Option<i64>,
    /// When `data_version` was last asked, and [`WRITTEN`] just before.
    asked: Option<(Instant, u64)>,
    answers: Answers,
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.answers.forget(&self.counts);
    }
}

/// Called when a database is opened: the connections threads keep are opened again before
/// their next lookup. A database deleted and created again at the same path (a test's, a
/// restored backup) is another file, and a connection to the old one must not answer for it;
/// in a server this happens once, at start. (Checking the file's identity on every lookup
/// instead cost a `stat` per verification.)
pub fn forget_connections() {
    OPENED.fetch_add(1, Ordering::Release);
}

/// Called by the store after each write to the registry it has committed (not before: a lookup
/// that asked between the commit's start and its end would take the old state for current).
/// Every connection asks SQLite again before its next lookup.
pub fn registry_written() {
    WRITTEN.fetch_add(1, Ordering::Release);
}

/// A parameter of a lookup, bound in order to `$1`, `$2`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param<'a> {
    /// A text, or NULL.
    Text(Option<&'a str>),
    /// An integer, or NULL.
    Int(Option<i64>),
}

impl Param<'_> {
    /// Binds the parameter to an sqlx query (the PostgreSQL side of a lookup).
    pub fn bind<'q, DB>(
        self,
        query: sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments>,
    ) -> sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments>
    where
        DB: sqlx::Database,
        Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
        Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    {
        match self {
            Param::Text(text) => query.bind(text.map(str::to_owned)),
            Param::Int(int) => query.bind(int),
        }
    }
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Param::Text(text) => text.to_sql(),
            Param::Int(int) => int.to_sql(),
        }
    }
}

/// The certificates `lookup` finds in the SQLite database at `path`: the answer kept since the
/// last change, or the file's.
pub(super) fn certificates(
    path: &Path,
    counts: &Arc<Counts>,
    lookup: Lookup,
    params: &[Param<'_>],
) -> Result<Vec<Arc<StoredCertificate>>> {
    let sql = lookup.sql;
    with_reader(path, counts, |reader| {
        // Both read before asking: a write committed from here on makes the next lookup ask.
        let written = WRITTEN.load(Ordering::Acquire);
        let now = Instant::now();
        let current = reader.asked.is_some_and(|(at, seen)| {
            seen == written && now.saturating_duration_since(at) < ASK_AGAIN_AFTER
        });
        if !current {
            let version = reader
                .connection
                .prepare_cached("PRAGMA data_version")
                .and_then(|mut statement| statement.query_row([], |row| row.get::<_, i64>(0)))
                .map_err(failed)?;
            if reader.data_version != Some(version) {
                reader.answers.forget(&reader.counts);
                reader.data_version = Some(version);
            }
            reader.asked = Some((now, written));
        }
        if let Some(found) = reader.answers.get(sql, params) {
            reader.counts.served();
            return Ok(found);
        }
        reader.counts.asked();
        reader.counts.queried();
        let found = match lookup.unordered {
            Some(unordered) => best_first(&reader.connection, sql, unordered, params)?,
            None => query(&reader.connection, sql, params)?,
        };
        reader.answers.keep(sql, params, &found, &reader.counts);
        Ok(found)
    })
}

/// What a best-first lookup (`sql`, limited to 20) finds, asked first without its order
/// (`unordered`, limited to 21; see [`Lookup`]).
fn best_first(
    connection: &Connection,
    sql: &str,
    unordered: &str,
    params: &[Param<'_>],
) -> Result<Vec<Arc<StoredCertificate>>> {
    let mut found = query(connection, unordered, params)?;
    if found.len() > 20 {
        return query(connection, sql, params);
    }
    found.sort_by(|a, b| best_first_order(a, b));
    Ok(found)
}

/// The rows `sql` finds, read as certificates.
fn query(
    connection: &Connection,
    sql: &str,
    params: &[Param<'_>],
) -> Result<Vec<Arc<StoredCertificate>>> {
    let mut statement = connection.prepare_cached(sql).map_err(failed)?;
    let mut rows = statement
        .query(rusqlite::params_from_iter(params))
        .map_err(failed)?;
    let mut found = Vec::new();
    while let Some(row) = rows.next().map_err(failed)? {
        found.push(Arc::new(stored(row)?));
    }
    Ok(found)
}

/// Runs `work` on this thread's reader of `path` for the pool counted in `counts`, opened at
/// first use.
fn with_reader<T>(
    path: &Path,
    counts: &Arc<Counts>,
    work: impl FnOnce(&mut Reader) -> Result<T>,
) -> Result<T> {
    let opened = OPENED.load(Ordering::Acquire);
    READERS.with(|readers| {
        let mut readers = readers.borrow_mut();
        readers.retain(|reader| reader.opened == opened);
        match readers
            .iter()
            .position(|reader| reader.path == path && Arc::ptr_eq(&reader.counts, counts))
        {
            Some(0) => {}
            Some(at) => {
                let reader = readers.remove(at);
                readers.insert(0, reader);
            }
            None => {
                let connection = open(path)?;
                readers.truncate(KEPT_PER_THREAD - 1);
                readers.insert(
                    0,
                    Reader {
                        path: path.to_path_buf(),
                        opened,
                        connection,
                        counts: Arc::clone(counts),
                        data_version: None,
                        asked: None,
                        answers: Answers::default(),
                    },
                );
            }
        }
        work(&mut readers[0])
    })
}

/// A connection that only reads the existing database at `path`.
fn open(path: &Path) -> Result<Connection> {
    // Read-write at the file level (a WAL reader writes to the shared-memory index), no create:
    // the pool created and migrated the database. `query_only` refuses any write.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags).map_err(failed)?;
    connection.busy_timeout(BUSY_TIMEOUT).map_err(failed)?;
    connection
        .pragma_update(None, "query_only", true)
        .map_err(failed)?;
    connection
        .pragma_update(None, "mmap_size", MMAP_SIZE)
        .map_err(failed)?;
    Ok(connection)
}

fn failed(error: rusqlite::Error) -> StoreError {
    StoreError::internal(format!("database error: {error}"))
}

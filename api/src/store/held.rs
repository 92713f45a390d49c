//! PostgreSQL connections held out of sqlx's pool for the statements asked most often: a lead's
//! look and its submission, and a registry lookup not kept in memory (`certificates::gather`).
//!
//! sqlx's pool sends a round trip of its own (`Sync`, answered by `ReadyForQuery`) on every
//! connection it takes back, to find one left half-way by a cancelled query. With PostgreSQL on
//! the same core, that round trip was about a fifth of the CPU time of a lead submission
//! answered as a repeat: without it, 17 % more of them a second, and 13–29 % more verifications
//! of certificates not kept (docs/BENCHMARKS.md, "Issue 17, twenty-fourth round"). A connection
//! here is given back only by code that saw its statement finish
//! ([`HeldConnection::give_back`]), so it needs no such test; one whose statement failed or
//! whose request was dropped half-way is closed instead of given back. A connection that waited
//! [`TEST_AFTER_IDLE`] or more is tested before use, as the pool's are ([`super::pool`]).
//!
//! At most [`HELD_AT_ONCE`] connections are held; a caller beyond them waits for one. They are
//! taken from the pool and detached from it, which then counts them no more: the pool's own
//! limit is [`super::pool::POSTGRES_CONNECTIONS`] less these, so that an instance still opens
//! at most that many connections in all.

use std::future::Future;
use std::sync::Mutex;
use std::time::Instant;

use sqlx::query::Query;
use sqlx::{Connection, PgConnection, PgPool};
use tokio::sync::{Semaphore, SemaphorePermit};

use super::pool::TEST_AFTER_IDLE;

/// Connections held at most (and statements over them under way at once).
pub const HELD_AT_ONCE: usize = 4;

/// The held connections of one PostgreSQL pool.
#[derive(Debug)]
pub struct Held {
    /// One per connection that may be in use.
    permits: Semaphore,
    /// The connections not in use, with the time each was given back; the last given back is
    /// taken first.
    idle: Mutex<Vec<(PgConnection, Instant)>>,
}

impl Default for Held {
    fn default() -> Self {
        Held {
            permits: Semaphore::new(HELD_AT_ONCE),
            idle: Mutex::new(Vec::new()),
        }
    }
}

/// A held connection in use; [`HeldConnection::give_back`] it once its statements have
/// finished. Dropped otherwise, it is closed.
#[derive(Debug)]
pub struct HeldConnection<'a> {
    connection: PgConnection,
    held: &'a Held,
    _permit: SemaphorePermit<'a>,
}

impl Held {
    /// A connection: the one given back last, else a new one from `pool`. Waits while
    /// [`HELD_AT_ONCE`] are in use.
    pub async fn take<'a>(&'a self, pool: &PgPool) -> Result<HeldConnection<'a>, sqlx::Error> {
        let permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        loop {
            let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let Some((mut connection, since)) = idle else {
                let connection = pool.acquire().await?.detach();
                return Ok(self.in_use(connection, permit));
            };
            // Lost while it waited (the server restarted, a proxy's idle timeout): closed,
            // and the next one tried.
            if since.elapsed() < TEST_AFTER_IDLE || connection.ping().await.is_ok() {
                return Ok(self.in_use(connection, permit));
            }
        }
    }

    fn in_use<'a>(
        &'a self,
        connection: PgConnection,
        permit: SemaphorePermit<'a>,
    ) -> HeldConnection<'a> {
        HeldConnection {
            connection,
            held: self,
            _permit: permit,
        }
    }

    /// Closes the connections not in use, and takes no more; those in use are closed when
    /// dropped.
    pub async fn close(&self) {
        self.permits.close();
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(|e| e.into_inner()));
        for (connection, _) in idle {
            let _ = connection.close().await;
        }
    }
}

impl HeldConnection<'_> {
    /// Gives the connection back for the next statement: only once the statements sent over
    /// it have finished (their answers read to the end or dropped whole: sqlx reads what is
    /// left of a dropped answer before the next statement).
    pub fn give_back(self) {
        if self.held.permits.is_closed() {
            return;
        }
        self.held
            .idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((self.connection, Instant::now()));
    }
}

impl std::ops::Deref for HeldConnection<'_> {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.connection
    }
}

impl std::ops::DerefMut for HeldConnection<'_> {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.connection
    }
}

/// A driver whose statements [`fetch_all`] runs: PostgreSQL's over a held connection when
/// there is one, SQLite's (no round trip to save) over its pool.
pub trait OverHeld: sqlx::Database {
    /// See [`fetch_all`].
    fn fetch_all_over<'q>(
        pool: &sqlx::Pool<Self>,
        held: Option<&Held>,
        query: Query<'q, Self, Self::Arguments>,
    ) -> impl Future<Output = Result<Vec<Self::Row>, sqlx::Error>>;
}

impl OverHeld for sqlx::Sqlite {
    async fn fetch_all_over<'q>(
        pool: &sqlx::SqlitePool,
        _held: Option<&Held>,
        query: Query<'q, Self, Self::Arguments>,
    ) -> Result<Vec<Self::Row>, sqlx::Error> {
        query.fetch_all(pool).await
    }
}

impl OverHeld for sqlx::Postgres {
    async fn fetch_all_over<'q>(
        pool: &PgPool,
        held: Option<&Held>,
        query: Query<'q, Self, Self::Arguments>,
    ) -> Result<Vec<Self::Row>, sqlx::Error> {
        let Some(held) = held else {
            return query.fetch_all(pool).await;
        };
        let mut connection = held.take(pool).await?;
        let rows = query.fetch_all(&mut *connection).await?;
        connection.give_back();
        Ok(rows)
    }
}

/// The rows of `query`, run over `pool` or, on PostgreSQL, over one of `held`'s connections.
pub async fn fetch_all<'q, DB: OverHeld>(
    pool: &sqlx::Pool<DB>,
    held: Option<&Held>,
    query: Query<'q, DB, DB::Arguments>,
) -> Result<Vec<DB::Row>, sqlx::Error> {
    DB::fetch_all_over(pool, held, query).await
}

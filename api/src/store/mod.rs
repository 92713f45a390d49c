//! Storage: the one layer that speaks SQL. It owns the connection [`Pool`] (embedded SQLite or
//! PostgreSQL, [`pool`]) and reports failures as [`StoreError`], which only the HTTP edge turns
//! into a problem response (`crate::error`).
//!
//! One module per table group: [`api_keys`], [`console_sessions`], [`widget_keys`], [`funnel`], [`leads`],
//! [`webhook_log`] (finished deliveries),
//! [`webhooks`] and the
//! certificate registry's [`certificates`]. SQL is written once, with `$1`-style parameters, and
//! run on either driver by [`on_pool!`](crate::on_pool) — the one dispatch mechanism. What the
//! two engines truly do differently (full-text search, the name-search fallback, bulk inserts,
//! index rebuild, the outbox claim lock) sits in a dialect function per engine, chosen by a
//! `match` on the [`Pool`]; the algorithms around them (paging, counts, ties, batching) are
//! written once. Timestamps are fixed-width UTC text, which sorts chronologically on both.

pub mod api_keys;
pub mod certificates;
pub mod console_sessions;
pub mod funnel;
pub mod held;
pub mod leads;
pub mod pool;
pub mod webhook_log;
pub mod webhooks;
pub mod widget_keys;

pub use pool::{
    BeginWrite, Columns, Location, OpenError, Pool, SQLITE_BEGIN_WRITE, SQLITE_PAGE_SIZE,
    TEST_AFTER_IDLE, connect, is_reachable, open, redact,
};

/// The storage layer's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Why a storage operation failed. The HTTP edge maps each variant to a problem type
/// (`impl From<StoreError> for crate::error::Error`); the CLI prints it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed a statement or cannot be reached (a server-side failure).
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The row would duplicate one that exists (a widget key that is taken).
    #[error("{0}")]
    Conflict(String),
    /// A value is refused before it is stored; `errors` names each bad field.
    #[error("{detail}")]
    Invalid {
        /// What is wrong, for people.
        detail: String,
        /// Where.
        errors: Vec<crate::error::FieldError>,
    },
    /// Stored data cannot be read back, or the system could not produce random bytes (a
    /// server-side failure).
    #[error("{0}")]
    Internal(String),
}

impl StoreError {
    /// A refused value, without a field pointer.
    pub fn invalid(detail: String) -> Self {
        StoreError::Invalid {
            detail,
            errors: Vec::new(),
        }
    }

    /// A server-side failure described by `error`.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        StoreError::Internal(error.to_string())
    }
}

use time::OffsetDateTime;
use time::format_description::FormatItem;
use time::macros::format_description;

/// `2026-11-29T18:31:11.123Z`: fixed width, so text order is time order.
const TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// `at` as a stored timestamp.
pub fn timestamp(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(TIMESTAMP)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00.000Z"))
}

/// Now, as a stored timestamp.
pub fn now() -> String {
    timestamp(OffsetDateTime::now_utc())
}

/// `bytes` random bytes from the operating system, hex-encoded.
pub fn random_hex(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer)?;
    Ok(hex::encode(buffer))
}

/// Erases what its webhook deliveries hang on: runs `deliveries` (the pending deliveries) and
/// then `target` (the row), each binding `$1` to `id`, in one transaction. `true` when `target`
/// erased one row.
async fn erase_with_deliveries(
    pool: &Pool,
    deliveries: &'static str,
    target: &'static str,
    id: &str,
) -> Result<bool> {
    let erased = crate::on_pool!(pool, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(deliveries).bind(id).execute(&mut *tx).await?;
        let erased = sqlx::query(target).bind(id).execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        erased
    });
    Ok(erased == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_fixed_width_utc() {
        let at = OffsetDateTime::from_unix_timestamp(1_764_441_071).unwrap();
        assert_eq!(timestamp(at), "2025-11-29T18:31:11.000Z");
        assert_eq!(random_hex(16).unwrap().len(), 32);
    }
}

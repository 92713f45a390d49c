//! The queue of webhook deliveries. A row lives until its delivery succeeds, is abandoned after
//! the last retry, or its lead is erased.

use crate::on_pool;
use crate::store::random_hex;
use crate::store::{Columns, Pool};
use crate::store::{Result, StoreError};

/// A delivery due now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Delivery id (sent as `X-Annexa-Delivery`).
    pub id: String,
    /// The lead it carries.
    pub lead_id: String,
    /// Target URL.
    pub url: String,
    /// HMAC secret.
    pub secret: String,
    /// The JSON body.
    pub payload: String,
    /// Attempts made so far.
    pub attempts: u32,
}

/// Queues a delivery, due at once: bind a [`new_id`], the lead id, URL, secret, payload and
/// [`crate::store::now`]. Run inside the lead's transaction.
pub const ENQUEUE: &str = "INSERT INTO webhook_deliveries (id, lead_id, url, secret, payload, \
     attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, 0, $6)";

/// A new delivery id (`whd_…`).
pub fn new_id() -> Result<String> {
    Ok(format!(
        "whd_{}",
        random_hex(10).map_err(StoreError::internal)?
    ))
}

/// A delivery claimed for one attempt by this process. On PostgreSQL the claim is a row lock
/// held by an open transaction (`FOR UPDATE SKIP LOCKED`): other instances skip the row while
/// it is being delivered, and if this process dies the server ends the transaction and the row
/// is due again for any instance. On SQLite (one process) no lock is needed.
#[derive(Debug)]
pub struct Claim {
    /// What to deliver.
    pub delivery: Delivery,
    lock: Option<sqlx::Transaction<'static, sqlx::Postgres>>,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Delivered, or abandoned after the last retry: the row goes.
    Finished,
    /// Failed; try again at `next_at` (a stored timestamp).
    Retry {
        /// Attempts made so far, this one included.
        attempts: u32,
        /// When to try again.
        next_at: String,
        /// Why it failed.
        error: String,
    },
}

macro_rules! due_sql {
    ($suffix:literal) => {
        concat!(
            "SELECT id, lead_id, url, secret, payload, attempts FROM webhook_deliveries \
             WHERE next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT 1",
            $suffix
        )
    };
}

fn delivery(row: &impl Columns) -> Result<Delivery> {
    Ok(Delivery {
        id: row.text("id")?,
        lead_id: row.text("lead_id")?,
        url: row.text("url")?,
        secret: row.text("secret")?,
        payload: row.text("payload")?,
        attempts: u32::try_from(row.int("attempts")?).unwrap_or(u32::MAX),
    })
}

/// Claims the oldest delivery due at or before `at` that no other instance is delivering.
pub async fn claim(pool: &Pool, at: &str) -> Result<Option<Claim>> {
    match pool {
        Pool::Sqlite(pool) => {
            let row = sqlx::query(due_sql!(""))
                .bind(at)
                .fetch_optional(pool)
                .await?;
            row.map(|row| {
                Ok(Claim {
                    delivery: delivery(&row)?,
                    lock: None,
                })
            })
            .transpose()
        }
        Pool::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            let row = sqlx::query(due_sql!(" FOR UPDATE SKIP LOCKED"))
                .bind(at)
                .fetch_optional(&mut *tx)
                .await?;
            row.map(|row| {
                Ok(Claim {
                    delivery: delivery(&row)?,
                    lock: Some(tx),
                })
            })
            .transpose()
        }
    }
}

const REMOVE: &str = "DELETE FROM webhook_deliveries WHERE id = $1";
const RESCHEDULE: &str = "UPDATE webhook_deliveries SET attempts = $2, next_attempt_at = $3, \
     last_error = $4 WHERE id = $1";

/// Records how the attempt on `claim` ended and releases the claim.
pub async fn finish(pool: &Pool, claim: Claim, outcome: &Outcome) -> Result<()> {
    let id = claim.delivery.id.as_str();
    match claim.lock {
        Some(mut tx) => {
            match outcome {
                Outcome::Finished => {
                    sqlx::query(REMOVE).bind(id).execute(&mut *tx).await?;
                }
                Outcome::Retry {
                    attempts,
                    next_at,
                    error,
                } => {
                    sqlx::query(RESCHEDULE)
                        .bind(id)
                        .bind(i64::from(*attempts))
                        .bind(next_at)
                        .bind(error)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
        }
        None => {
            on_pool!(pool, pool => match outcome {
                Outcome::Finished => {
                    sqlx::query(REMOVE).bind(id).execute(pool).await?;
                }
                Outcome::Retry { attempts, next_at, error } => {
                    sqlx::query(RESCHEDULE)
                        .bind(id)
                        .bind(i64::from(*attempts))
                        .bind(next_at)
                        .bind(error)
                        .execute(pool)
                        .await?;
                }
            });
        }
    }
    Ok(())
}

/// A delivery of a widget key still in the queue (it failed and waits for its next attempt, or
/// is due now), as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PendingDelivery {
    /// Delivery id (`X-Annexa-Delivery`).
    pub id: String,
    /// The lead it carries.
    pub lead_id: String,
    /// Attempts made so far.
    pub attempts: u32,
    /// When it is tried next (UTC).
    pub next_attempt_at: String,
    /// The receiver's HTTP status at the last attempt, when it answered.
    pub status_code: Option<u16>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// The queued deliveries of widget key `key`'s leads, the next due first (at most `limit`).
pub async fn pending_for_key(pool: &Pool, key: &str, limit: i64) -> Result<Vec<PendingDelivery>> {
    on_pool!(pool, pool => {
        let rows = sqlx::query(
            "SELECT d.id, d.lead_id, d.attempts, d.next_attempt_at, d.last_error \
             FROM webhook_deliveries d JOIN leads l ON l.id = d.lead_id \
             WHERE l.widget_key = $1 ORDER BY d.next_attempt_at, d.id LIMIT $2",
        )
        .bind(key)
        .bind(limit)
        .fetch_all(pool)
        .await?;
        rows.iter()
            .map(|row| {
                let last_error = row.opt_text("last_error")?;
                Ok(PendingDelivery {
                    id: row.text("id")?,
                    lead_id: row.text("lead_id")?,
                    attempts: u32::try_from(row.int("attempts")?).unwrap_or(u32::MAX),
                    next_attempt_at: row.text("next_attempt_at")?,
                    status_code: last_error.as_deref().and_then(crate::webhook::status_in),
                    last_error,
                })
            })
            .collect()
    })
}

/// When the next delivery is due, if any is queued.
pub async fn next_due(pool: &Pool) -> Result<Option<String>> {
    Ok(on_pool!(pool, pool => sqlx::query_scalar(
        "SELECT MIN(next_attempt_at) FROM webhook_deliveries",
    )
    .fetch_one(pool)
    .await?))
}

/// Number of queued deliveries.
pub async fn count(pool: &Pool) -> Result<i64> {
    Ok(
        on_pool!(pool, pool => sqlx::query_scalar("SELECT COUNT(*) FROM webhook_deliveries")
        .fetch_one(pool)
        .await?),
    )
}

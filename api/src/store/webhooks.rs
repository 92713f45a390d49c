//! The queue of webhook deliveries. A row lives until its delivery succeeds or is abandoned
//! after the last retry (it then moves to the log, [`super::webhook_log`]), or its lead is
//! erased.

use crate::on_pool;
use crate::store::webhook_log::{self, DeliveryState};
use crate::store::{BeginWrite, random_hex};
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
    /// The receiver answered 2xx: the row leaves the queue for the log.
    Delivered {
        /// Attempts made, this one included.
        attempts: u32,
        /// The receiver's status.
        status_code: u16,
    },
    /// The last retry failed too: the row leaves the queue for the log.
    GaveUp {
        /// Attempts made, this one included.
        attempts: u32,
        /// Why the last attempt failed.
        error: String,
    },
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
        Pool::Sqlite(pool, _) => {
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
        Pool::Postgres(pool, ..) => {
            let mut tx = pool.begin_write().await?;
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

/// The log row of `delivery` finished with `outcome`; `None` while it is retried.
fn finished_row<'a>(
    delivery: &'a Delivery,
    outcome: &'a Outcome,
) -> Option<webhook_log::Finished<'a>> {
    let (state, attempts, status_code, last_error) = match outcome {
        Outcome::Delivered {
            attempts,
            status_code,
        } => (
            DeliveryState::Delivered,
            *attempts,
            Some(*status_code),
            None,
        ),
        Outcome::GaveUp { attempts, error } => (
            DeliveryState::GaveUp,
            *attempts,
            crate::webhook::status_in(error),
            Some(error.as_str()),
        ),
        Outcome::Retry { .. } => return None,
    };
    Some(webhook_log::Finished {
        id: &delivery.id,
        state,
        host: webhook_log::host_of(&delivery.url),
        attempts,
        status_code,
        last_error,
        finished_at: crate::store::now(),
    })
}

/// Applies `outcome` to the claimed delivery on `$conn` (an open transaction): a finished one
/// moves from the queue to the log (and the key's log is pruned), a failed one is rescheduled.
macro_rules! apply_outcome {
    ($delivery:expr, $outcome:expr, $conn:expr) => {{
        let delivery: &Delivery = $delivery;
        match (finished_row(delivery, $outcome), $outcome) {
            (Some(row), _) => {
                let key: Option<String> = sqlx::query_scalar(webhook_log::KEY_OF_LEAD)
                    .bind(&delivery.lead_id)
                    .fetch_optional(&mut *$conn)
                    .await?;
                webhook_log::write_finished!(
                    webhook_log::LOG_LEAD_DELIVERY,
                    delivery.lead_id.as_str(),
                    &row,
                    &mut *$conn
                );
                if let Some(key) = key {
                    webhook_log::prune!(key.as_str(), &mut *$conn);
                }
                sqlx::query(REMOVE)
                    .bind(&delivery.id)
                    .execute(&mut *$conn)
                    .await?;
            }
            (
                None,
                Outcome::Retry {
                    attempts,
                    next_at,
                    error,
                },
            ) => {
                sqlx::query(RESCHEDULE)
                    .bind(&delivery.id)
                    .bind(i64::from(*attempts))
                    .bind(next_at)
                    .bind(error)
                    .execute(&mut *$conn)
                    .await?;
            }
            (None, _) => {}
        }
    }};
}

/// Records how the attempt on `claim` ended and releases the claim. A finished delivery leaves
/// the queue and enters the log in one transaction: on PostgreSQL the claim's own, which still
/// holds the row lock, so another instance can never log or retry the same delivery.
pub async fn finish(pool: &Pool, claim: Claim, outcome: &Outcome) -> Result<()> {
    let delivery = &claim.delivery;
    match claim.lock {
        Some(mut tx) => {
            apply_outcome!(delivery, outcome, tx);
            tx.commit().await?;
        }
        None => {
            on_pool!(pool, pool => {
                let mut tx = pool.begin_write().await?;
                apply_outcome!(delivery, outcome, tx);
                tx.commit().await?;
            });
        }
    }
    Ok(())
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

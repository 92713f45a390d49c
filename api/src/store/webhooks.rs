//! The queue of webhook deliveries. A row lives until its delivery succeeds, is abandoned after
//! the last retry, or its lead is erased.

use sqlx::Row;

use crate::db::Pool;
use crate::error::{Error, Result};
use crate::store::{now, random_hex};

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

/// Queues a delivery, due at once, inside the lead's transaction.
pub async fn enqueue(
    tx: &mut sqlx::SqliteConnection,
    lead_id: &str,
    url: &str,
    secret: &str,
    payload: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, lead_id, url, secret, payload, attempts, \
         next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
    )
    .bind(format!("whd_{}", random_hex(10).map_err(Error::internal)?))
    .bind(lead_id)
    .bind(url)
    .bind(secret)
    .bind(payload)
    .bind(now())
    .execute(tx)
    .await?;
    Ok(())
}

/// Deliveries due at or before `at`, oldest first.
pub async fn due(pool: &Pool, at: &str, limit: i64) -> Result<Vec<Delivery>> {
    let rows = sqlx::query(
        "SELECT id, lead_id, url, secret, payload, attempts FROM webhook_deliveries \
         WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
    )
    .bind(at)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Delivery {
                id: row.try_get("id")?,
                lead_id: row.try_get("lead_id")?,
                url: row.try_get("url")?,
                secret: row.try_get("secret")?,
                payload: row.try_get("payload")?,
                attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

/// When the next delivery is due, if any is queued.
pub async fn next_due(pool: &Pool) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT MIN(next_attempt_at) FROM webhook_deliveries")
            .fetch_one(pool)
            .await?,
    )
}

/// Removes a delivered (or abandoned) delivery.
pub async fn remove(pool: &Pool, id: &str) -> Result<()> {
    sqlx::query("DELETE FROM webhook_deliveries WHERE id = ?")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Records a failed attempt and when to try again.
pub async fn reschedule(
    pool: &Pool,
    id: &str,
    attempts: u32,
    next_at: &str,
    error: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
    )
    .bind(i64::from(attempts))
    .bind(next_at)
    .bind(error)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Number of queued deliveries.
pub async fn count(pool: &Pool) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) FROM webhook_deliveries")
        .fetch_one(pool)
        .await?;
    Ok(row.try_get(0)?)
}

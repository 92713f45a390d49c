//! The log of finished webhook deliveries (`webhook_delivery_log`): a delivery leaves the queue
//! ([`super::webhooks`]) when it is delivered or given up, and its row here is written in the
//! same transaction, so the console can list a widget key's recent deliveries, queued and
//! finished, together. Test deliveries sent from the console are logged too.
//!
//! The log keeps no payload and no secret, only the receiver's host, how the delivery ended and
//! why; it is bounded to the newest [`KEPT_PER_KEY`] rows of each widget key (pruned whenever a
//! row is written, which keeps the table small whether or not a lead retention period is set),
//! and a lead's rows go with the lead (see `store::leads`).

use crate::on_pool;
use crate::store::{BeginWrite, Columns, Pool, Result};

/// Finished deliveries kept per widget key; the console lists at most this many.
pub const KEPT_PER_KEY: i64 = 50;

pub use annexa_shared::wire::{DeliveryState, RecentDelivery};

/// The stored text of `state` (the `outcome` column).
pub(crate) fn stored_text(state: DeliveryState) -> &'static str {
    match state {
        DeliveryState::Queued => "queued",
        DeliveryState::Delivered => "delivered",
        DeliveryState::GaveUp => "gave_up",
    }
}

fn from_stored(text: &str) -> DeliveryState {
    match text {
        "delivered" => DeliveryState::Delivered,
        "gave_up" => DeliveryState::GaveUp,
        _ => DeliveryState::Queued,
    }
}

/// The host (with its port, when the URL names one) of `url`, as the log keeps it: where a
/// delivery went, without the path, query or credentials, which may hold tokens.
pub fn host_of(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => match (parsed.host_str(), parsed.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => String::from("unknown"),
        },
        Err(_) => String::from("unknown"),
    }
}

/// A finished delivery to write into the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished<'a> {
    /// Delivery id.
    pub id: &'a str,
    /// `Delivered` or `GaveUp`.
    pub state: DeliveryState,
    /// The receiver's host ([`host_of`]).
    pub host: String,
    /// Attempts made, the last one included.
    pub attempts: u32,
    /// The receiver's status at the last attempt.
    pub status_code: Option<u16>,
    /// Why the last attempt failed.
    pub last_error: Option<&'a str>,
    /// When it ended (a stored timestamp).
    pub finished_at: String,
}

/// Writes the log row of a lead's finished delivery (`$2` is the lead id; its widget key is
/// read from the lead, and no row is written when the lead or its key is gone).
pub(crate) const LOG_LEAD_DELIVERY: &str = "INSERT INTO webhook_delivery_log (id, widget_key, \
     lead_id, event, url_host, outcome, status_code, attempts, last_error, finished_at) \
     SELECT $1, l.widget_key, l.id, 'lead.created', $3, $4, $5, $6, $7, $8 \
     FROM leads l JOIN widget_keys k ON k.key = l.widget_key WHERE l.id = $2";

/// Writes the log row of a test delivery (`$2` is the widget key).
const LOG_TEST_DELIVERY: &str = "INSERT INTO webhook_delivery_log (id, widget_key, lead_id, \
     event, url_host, outcome, status_code, attempts, last_error, finished_at) \
     SELECT $1, k.key, NULL, 'webhook.test', $3, $4, $5, $6, $7, $8 \
     FROM widget_keys k WHERE k.key = $2";

/// Deletes the rows of widget key `$1` past its newest `$2` ([`KEPT_PER_KEY`]).
pub(crate) const PRUNE: &str = "DELETE FROM webhook_delivery_log WHERE widget_key = $1 \
     AND id NOT IN (SELECT id FROM webhook_delivery_log WHERE widget_key = $1 \
     ORDER BY finished_at DESC, id DESC LIMIT $2)";

/// Keeps widget key `key`'s newest [`KEPT_PER_KEY`] log rows (on `$conn`, inside the
/// transaction that wrote one).
macro_rules! prune {
    ($key:expr, $conn:expr) => {
        sqlx::query($crate::store::webhook_log::PRUNE)
            .bind($key)
            .bind($crate::store::webhook_log::KEPT_PER_KEY)
            .execute($conn)
            .await?
    };
}
pub(crate) use prune;

/// The widget key of lead `$1`.
pub(crate) const KEY_OF_LEAD: &str = "SELECT widget_key FROM leads WHERE id = $1";

/// Binds a [`Finished`] row to `sql` (`$1` its id, `$2` the lead id or the widget key given as
/// `owner`, then host, outcome, status, attempts, error and time) and runs it on `$conn`.
macro_rules! write_finished {
    ($sql:expr, $owner:expr, $row:expr, $conn:expr) => {{
        let row: &$crate::store::webhook_log::Finished<'_> = $row;
        sqlx::query($sql)
            .bind(row.id)
            .bind($owner)
            .bind(row.host.as_str())
            .bind($crate::store::webhook_log::stored_text(row.state))
            .bind(row.status_code.map(i64::from))
            .bind(i64::from(row.attempts))
            .bind(row.last_error)
            .bind(row.finished_at.as_str())
            .execute($conn)
            .await?
    }};
}
pub(crate) use write_finished;

/// Logs a test delivery of widget key `key` (with the row bound), in one transaction.
pub async fn log_test_delivery(pool: &Pool, key: &str, row: &Finished<'_>) -> Result<()> {
    on_pool!(pool, pool => {
        let mut tx = pool.begin_write().await?;
        write_finished!(LOG_TEST_DELIVERY, key, row, &mut *tx);
        prune!(key, &mut *tx);
        tx.commit().await?;
    });
    Ok(())
}

fn status_of(row: &impl Columns) -> Result<Option<u16>> {
    Ok(row
        .opt_int("status_code")?
        .and_then(|code| u16::try_from(code).ok()))
}

fn attempts_of(row: &impl Columns) -> Result<u32> {
    Ok(u32::try_from(row.int("attempts")?).unwrap_or(u32::MAX))
}

/// Widget key `key`'s recent deliveries: those still queued, the next due first, then the
/// finished ones, newest first (at most [`KEPT_PER_KEY`] of each).
pub async fn recent_for_key(pool: &Pool, key: &str) -> Result<Vec<RecentDelivery>> {
    on_pool!(pool, pool => {
        let queued = sqlx::query(
            "SELECT d.id, d.lead_id, d.url, d.attempts, d.next_attempt_at, d.last_error \
             FROM webhook_deliveries d JOIN leads l ON l.id = d.lead_id \
             WHERE l.widget_key = $1 ORDER BY d.next_attempt_at, d.id LIMIT $2",
        )
        .bind(key)
        .bind(KEPT_PER_KEY)
        .fetch_all(pool)
        .await?;
        let finished = sqlx::query(
            "SELECT id, lead_id, event, url_host, outcome, status_code, attempts, last_error, \
             finished_at FROM webhook_delivery_log WHERE widget_key = $1 \
             ORDER BY finished_at DESC, id DESC LIMIT $2",
        )
        .bind(key)
        .bind(KEPT_PER_KEY)
        .fetch_all(pool)
        .await?;
        let mut recent = Vec::with_capacity(queued.len() + finished.len());
        for row in &queued {
            let last_error = row.opt_text("last_error")?;
            recent.push(RecentDelivery {
                id: row.text("id")?,
                lead_id: Some(row.text("lead_id")?),
                event: String::from("lead.created"),
                host: host_of(&row.text("url")?),
                state: DeliveryState::Queued,
                attempts: attempts_of(row)?,
                status_code: last_error.as_deref().and_then(crate::webhook::status_in),
                last_error,
                next_attempt_at: Some(row.text("next_attempt_at")?),
                finished_at: None,
            });
        }
        for row in &finished {
            recent.push(RecentDelivery {
                id: row.text("id")?,
                lead_id: row.opt_text("lead_id")?,
                event: row.text("event")?,
                host: row.text("url_host")?,
                state: from_stored(&row.text("outcome")?),
                attempts: attempts_of(row)?,
                status_code: status_of(row)?,
                last_error: row.opt_text("last_error")?,
                next_attempt_at: None,
                finished_at: Some(row.text("finished_at")?),
            });
        }
        Ok(recent)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_keeps_the_host_not_the_path_or_credentials() {
        assert_eq!(
            host_of("https://user:pw@hooks.example.net/annexa?token=secret"),
            "hooks.example.net"
        );
        assert_eq!(host_of("http://127.0.0.1:8080/hook"), "127.0.0.1:8080");
        assert_eq!(host_of("not a url"), "unknown");
    }
}

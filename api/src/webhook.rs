//! Webhook deliveries: each new lead of a widget key with a webhook is POSTed to its URL by a
//! background task, signed with HMAC-SHA256, retried with exponential backoff. The visitor's
//! request only queues the delivery (in the lead's transaction) and wakes the worker, so a slow
//! or failing receiver never delays it.
//!
//! Signature: header `X-Annexa-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
//! with the widget key's webhook secret. Receivers recompute it and reject old timestamps to stop
//! replays (see docs/API.md).
//!
//! The queue is the `webhook_deliveries` table (an outbox), so with several instances on one
//! PostgreSQL database each delivery is attempted by one instance at a time (see
//! [`webhooks::claim`]); delivery is at least once, and `X-Annexa-Delivery` lets a receiver drop
//! the rare repeat after an instance died between the receiver's answer and its own commit.

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::OffsetDateTime;
use tokio::sync::Notify;

use crate::db::Pool;
use crate::store;
use crate::store::webhooks::{self, Outcome};

/// Wakes the worker when a delivery is queued.
#[derive(Debug, Clone, Default)]
pub struct Notifier(Arc<Notify>);

impl Notifier {
    /// Wakes the worker (or makes its next wait return at once).
    pub fn wake(&self) {
        self.0.notify_one();
    }

    async fn wait(&self, at_most: Duration) {
        let _ = tokio::time::timeout(at_most, self.0.notified()).await;
    }
}

/// Retry policy.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Delay after the first failure; doubled after each further one.
    pub first_delay: Duration,
    /// Attempts before a delivery is abandoned.
    pub max_attempts: u32,
    /// Timeout of one attempt.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            first_delay: Duration::from_secs(10),
            max_attempts: 8,
            timeout: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The wait after `attempts` failed attempts (10 s, 20 s, 40 s, … with the defaults).
    pub fn backoff(&self, attempts: u32) -> Duration {
        self.first_delay
            .saturating_mul(1u32 << attempts.saturating_sub(1).min(16))
    }
}

/// `t=<unix>,v1=<hex>` for `body` signed with `secret` at `unix_seconds`.
pub fn signature(secret: &str, unix_seconds: i64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(unix_seconds.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!(
        "t={unix_seconds},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// Runs the delivery loop forever (spawn it on the server's runtime).
pub async fn run(pool: Pool, notifier: Notifier, policy: RetryPolicy) {
    let client = match reqwest::Client::builder()
        .timeout(policy.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("annexa-webhook/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(%error, "webhook worker cannot start");
            return;
        }
    };
    loop {
        if let Err(error) = deliver_due(&pool, &client, policy).await {
            tracing::error!(%error, "webhook worker");
        }
        // A delivery due now but not claimable is being delivered by another instance: look
        // again shortly rather than at once.
        let wait = match webhooks::next_due(&pool).await {
            Ok(Some(next)) => until(&next).max(Duration::from_millis(250)),
            _ => Duration::from_secs(60),
        };
        notifier.wait(wait).await;
    }
}

fn until(timestamp: &str) -> Duration {
    let parsed = OffsetDateTime::parse(timestamp, &time::format_description::well_known::Rfc3339);
    match parsed {
        Ok(at) => {
            let seconds = (at - OffsetDateTime::now_utc()).as_seconds_f64();
            Duration::from_secs_f64(seconds.clamp(0.05, 60.0))
        }
        Err(_) => Duration::from_secs(60),
    }
}

/// Delivers every claimable delivery that is due, one at a time.
async fn deliver_due(
    pool: &Pool,
    client: &reqwest::Client,
    policy: RetryPolicy,
) -> crate::error::Result<()> {
    while let Some(claim) = webhooks::claim(pool, &store::now()).await? {
        let delivery = &claim.delivery;
        let unix = OffsetDateTime::now_utc().unix_timestamp();
        let result = client
            .post(&delivery.url)
            .header("content-type", "application/json")
            .header("x-annexa-event", "lead.created")
            .header("x-annexa-delivery", &delivery.id)
            .header(
                "x-annexa-signature",
                signature(&delivery.secret, unix, &delivery.payload),
            )
            .body(delivery.payload.clone())
            .send()
            .await;
        let failure = match result {
            Ok(response) if response.status().is_success() => None,
            Ok(response) => Some(format!("HTTP {}", response.status().as_u16())),
            Err(error) => Some(error.without_url().to_string()),
        };
        let attempts = delivery.attempts + 1;
        let outcome = match failure {
            None => {
                tracing::info!(delivery = %delivery.id, lead = %delivery.lead_id, attempts, "webhook delivered");
                Outcome::Finished
            }
            Some(error) if attempts >= policy.max_attempts => {
                tracing::warn!(delivery = %delivery.id, lead = %delivery.lead_id, attempts, %error, "webhook abandoned");
                Outcome::Finished
            }
            Some(error) => {
                let next = OffsetDateTime::now_utc() + policy.backoff(attempts);
                tracing::warn!(delivery = %delivery.id, attempts, %error, "webhook failed, will retry");
                Outcome::Retry {
                    attempts,
                    next_at: store::timestamp(next),
                    error,
                }
            }
        };
        webhooks::finish(pool, claim, &outcome).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_of_timestamp_and_body() {
        // Reference value computed independently:
        // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        assert_eq!(
            signature("whsec_test", 1_700_000_000, "{\"a\":1}"),
            format!("t=1700000000,v1={}", REFERENCE)
        );
    }

    const REFERENCE: &str = "38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";

    #[test]
    fn backoff_doubles() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(1), Duration::from_secs(10));
        assert_eq!(policy.backoff(2), Duration::from_secs(20));
        assert_eq!(policy.backoff(4), Duration::from_secs(80));
    }
}

//! Webhook deliveries: each new lead of a widget key with a webhook is POSTed to its URL by a
//! background task, signed with HMAC-SHA256, retried with exponential backoff. The visitor's
//! request only queues the delivery (in the lead's transaction) and wakes the worker, so a slow
//! or failing receiver never delays it.
//!
//! Signature: header `X-Annexa-Signature: t=<unix seconds>,v2=<hex HMAC-SHA256 of
//! "<t>.<delivery id>.<body>">` with the widget key's webhook secret; the delivery id is the
//! `X-Annexa-Delivery` header. Covering the delivery id stops a replayed body from passing as a
//! new delivery. While a rotated secret's overlap lasts, the header carries a second `v2=` made
//! with the previous secret; a receiver accepts the request when any `v2` matches (see
//! docs/API.md).
//!
//! Destinations are checked by [`destination`]: HTTPS only, global addresses only, checked at
//! every connection, never following redirects.
//!
//! The queue is the `webhook_deliveries` table (an outbox), so with several instances on one
//! PostgreSQL database each delivery is attempted by one instance at a time (see
//! [`webhooks::claim`]); delivery is at least once, and `X-Annexa-Delivery` lets a receiver drop
//! the rare repeat after an instance died between the receiver's answer and its own commit.

pub mod destination;

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::OffsetDateTime;
use tokio::sync::Notify;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::store;
use crate::store::Pool;
use crate::store::webhooks::{self, Outcome};
use destination::GuardedConnector;
pub use destination::WebhookPolicy;

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

/// The hex HMAC-SHA256 of `"<unix_seconds>.<delivery_id>.<body>"` with `secret`.
pub fn signature_v2(secret: &str, unix_seconds: i64, delivery_id: &str, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(unix_seconds.to_string().as_bytes());
    mac.update(b".");
    mac.update(delivery_id.as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The `X-Annexa-Signature` value: `t=<unix>,v2=<hex>` with one `v2` per secret (the current
/// one first, then a rotated one still in its overlap window).
pub fn signature(secrets: &[&str], unix_seconds: i64, delivery_id: &str, body: &str) -> String {
    let mut header = format!("t={unix_seconds}");
    for secret in secrets {
        header.push_str(",v2=");
        header.push_str(&signature_v2(secret, unix_seconds, delivery_id, body));
    }
    header
}

/// The HTTP client of the worker: hyper over [`destination::GuardedConnector`] with TLS.
#[derive(Clone)]
pub struct WebhookClient {
    client: Client<HttpsConnector<GuardedConnector>, Full<Bytes>>,
    timeout: Duration,
}

impl std::fmt::Debug for WebhookClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookClient").finish_non_exhaustive()
    }
}

impl WebhookClient {
    /// A client for real deliveries: the system resolver and plain TCP.
    pub fn new(policy: WebhookPolicy, timeout: Duration) -> Self {
        Self::with(
            policy,
            Arc::new(destination::SystemResolver),
            Arc::new(destination::TcpDialer),
            timeout,
        )
    }

    /// A client with its own resolver and dialer (tests inject both).
    pub fn with(
        policy: WebhookPolicy,
        resolver: Arc<dyn destination::Resolve>,
        dialer: Arc<dyn destination::Dial>,
        timeout: Duration,
    ) -> Self {
        let guarded = GuardedConnector::new(policy, resolver, dialer, timeout);
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = match hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(provider.clone())
        {
            Ok(builder) => builder,
            Err(error) => {
                // No CA certificates on this machine: https deliveries will fail (and say so),
                // but the worker still runs.
                tracing::warn!(%error, "no trusted root certificates for webhook deliveries");
                let config = rustls::ClientConfig::builder_with_provider(provider)
                    .with_safe_default_protocol_versions()
                    .map(|b| {
                        b.with_root_certificates(rustls::RootCertStore::empty())
                            .with_no_client_auth()
                    });
                match config {
                    Ok(config) => {
                        hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(config)
                    }
                    Err(_) => hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(
                        rustls::ClientConfig::builder()
                            .with_root_certificates(rustls::RootCertStore::empty())
                            .with_no_client_auth(),
                    ),
                }
            }
        };
        let https = builder
            .https_or_http()
            .enable_http1()
            .wrap_connector(guarded);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(https);
        WebhookClient { client, timeout }
    }

    /// POSTs `body` to `url` with `headers`; `Ok` with the status on a 2xx answer, otherwise why
    /// not. A redirect is a failure: it is never followed.
    pub async fn post(
        &self,
        url: &str,
        headers: &[(&str, String)],
        body: String,
    ) -> Result<u16, String> {
        let uri: hyper::Uri = url
            .parse()
            .map_err(|_| format!("not a URL: {}", crate::redact::url(url)))?;
        let mut request = hyper::Request::post(uri);
        for (name, value) in headers {
            request = request.header(*name, value.as_str());
        }
        let request = request
            .header("content-type", "application/json")
            .header(
                "user-agent",
                concat!("annexa-webhook/", env!("CARGO_PKG_VERSION")),
            )
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| e.to_string())?;
        let response = tokio::time::timeout(self.timeout, self.client.request(request))
            .await
            .map_err(|_| String::from("timed out"))?
            .map_err(|error| {
                // The connector's own refusal is the useful part of hyper's error chain.
                let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
                let mut text = error.to_string();
                while let Some(inner) = source {
                    text = inner.to_string();
                    source = inner.source();
                }
                text
            })?;
        let status = response.status();
        if status.is_success() {
            Ok(status.as_u16())
        } else if status.is_redirection() {
            Err(format!(
                "HTTP {} (redirects are not followed)",
                status.as_u16()
            ))
        } else {
            Err(format!("HTTP {}", status.as_u16()))
        }
    }
}

/// The answer to a test delivery: whether the receiver took it, its HTTP status when it
/// answered, and otherwise why it failed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct TestDelivery {
    /// The delivery id the receiver got (`X-Annexa-Delivery`); the delivery is listed under it
    /// among the key's recent deliveries.
    pub delivery_id: String,
    /// Whether the receiver answered 2xx.
    pub delivered: bool,
    /// The receiver's HTTP status, when it answered.
    pub status_code: Option<u16>,
    /// Why it failed (`HTTP 500`, `timed out`, a refused destination…), when it did.
    pub error: Option<String>,
}

/// The status code in a failure text the client wrote (`HTTP 503 …`), if any.
pub fn status_in(error: &str) -> Option<u16> {
    error
        .strip_prefix("HTTP ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
}

/// Sends one signed test event (`X-Annexa-Event: webhook.test`, no lead in it) to `url` now,
/// with the same signature, destination checks and timeout as a lead delivery.
pub async fn send_test(
    client: &WebhookClient,
    url: &str,
    secrets: &[&str],
    widget_key: &str,
) -> crate::error::Result<TestDelivery> {
    let id = webhooks::new_id()?;
    let body = serde_json::json!({
        "event": "webhook.test",
        "widget_key": widget_key,
        "sent_at": store::now(),
    })
    .to_string();
    let unix = OffsetDateTime::now_utc().unix_timestamp();
    let headers = [
        ("x-annexa-event", String::from("webhook.test")),
        ("x-annexa-delivery", id.clone()),
        ("x-annexa-signature", signature(secrets, unix, &id, &body)),
    ];
    Ok(match client.post(url, &headers, body).await {
        Ok(status) => TestDelivery {
            delivery_id: id,
            delivered: true,
            status_code: Some(status),
            error: None,
        },
        Err(error) => TestDelivery {
            delivery_id: id,
            delivered: false,
            status_code: status_in(&error),
            error: Some(error),
        },
    })
}

/// Runs the delivery loop forever (spawn it on the server's runtime).
pub async fn run(pool: Pool, notifier: Notifier, policy: RetryPolicy, client: WebhookClient) {
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

/// The secrets that sign `delivery`: its widget key's current secret and, during a rotation's
/// overlap, the previous one; the secret queued with the delivery when the key has none.
async fn current_secrets(
    pool: &Pool,
    delivery: &webhooks::Delivery,
) -> crate::error::Result<Vec<String>> {
    let secrets = store::widget_keys::signing_secrets_for_lead(pool, &delivery.lead_id).await?;
    Ok(if secrets.is_empty() {
        vec![delivery.secret.clone()]
    } else {
        secrets
    })
}

/// Delivers every claimable delivery that is due, one at a time.
async fn deliver_due(
    pool: &Pool,
    client: &WebhookClient,
    policy: RetryPolicy,
) -> crate::error::Result<()> {
    while let Some(claim) = webhooks::claim(pool, &store::now()).await? {
        let delivery = &claim.delivery;
        let unix = OffsetDateTime::now_utc().unix_timestamp();
        let secrets = current_secrets(pool, delivery).await?;
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let headers = [
            ("x-annexa-event", String::from("lead.created")),
            ("x-annexa-delivery", delivery.id.clone()),
            (
                "x-annexa-signature",
                signature(&secrets, unix, &delivery.id, &delivery.payload),
            ),
        ];
        let answer = client
            .post(&delivery.url, &headers, delivery.payload.clone())
            .await;
        let attempts = delivery.attempts + 1;
        let outcome = match answer {
            Ok(status_code) => {
                tracing::info!(delivery = %delivery.id, lead = %delivery.lead_id, attempts, "webhook delivered");
                Outcome::Delivered {
                    attempts,
                    status_code,
                }
            }
            Err(error) if attempts >= policy.max_attempts => {
                tracing::warn!(delivery = %delivery.id, lead = %delivery.lead_id, attempts, %error, "webhook abandoned");
                Outcome::GaveUp { attempts, error }
            }
            Err(error) => {
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
    fn signature_is_hmac_sha256_of_timestamp_delivery_and_body() {
        // Reference value computed independently:
        // printf '1700000000.whd_1.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        assert_eq!(
            signature(&["whsec_test"], 1_700_000_000, "whd_1", "{\"a\":1}"),
            format!("t=1700000000,v2={REFERENCE}")
        );
        let rotating = signature(
            &["whsec_new", "whsec_test"],
            1_700_000_000,
            "whd_1",
            "{\"a\":1}",
        );
        assert!(
            rotating.ends_with(&format!(",v2={REFERENCE}")),
            "{rotating}"
        );
        assert_eq!(rotating.matches("v2=").count(), 2);
    }

    const REFERENCE: &str = "49d71c890ade61ec11fc11378665b6eb649d259dd41c352610007075ecad8f95";

    #[test]
    fn backoff_doubles() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(1), Duration::from_secs(10));
        assert_eq!(policy.backoff(2), Duration::from_secs(20));
        assert_eq!(policy.backoff(4), Duration::from_secs(80));
    }
}

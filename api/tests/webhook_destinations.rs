//! Webhooks cannot be aimed inward: internal destinations are refused when the URL is set and
//! again at delivery, after name resolution, so a name that later resolves to an internal
//! address (DNS rebinding) reaches nothing.
//!
//! No packet leaves this machine: names resolve through an injected resolver, and every
//! delivery connects through an injected dialer that records the address and never connects.
//! Were a check to regress, the dialer would record the attempt and the test would fail, still
//! without any traffic.

mod common;

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::test::{self, TestRequest};
use annexa_api::store::widget_keys::{self};
use annexa_api::webhook::destination::{BoxFuture, Dial, Resolve};
use annexa_api::webhook::{RetryPolicy, WebhookClient, WebhookPolicy};
use annexa_shared::{AnswerValue, Mode};
use common::*;
use serde_json::{Value, json};
use tokio::net::TcpStream;

/// Test names and the addresses they "resolve" to.
#[derive(Debug)]
struct FakeDns(HashMap<&'static str, IpAddr>);

fn fake_dns() -> Arc<FakeDns> {
    Arc::new(FakeDns(HashMap::from([
        ("rebind.test", "10.0.0.5".parse().unwrap()),
        ("metadata.test", "169.254.169.254".parse().unwrap()),
        ("loopback.test", "127.0.0.1".parse().unwrap()),
        ("cgnat.test", "100.64.1.1".parse().unwrap()),
        ("ula.test", "fd00:ec2::254".parse().unwrap()),
        // A global address (documentation ranges are refused, so a real one): the recording
        // dialer never connects to it either.
        ("public.test", "93.184.215.14".parse().unwrap()),
    ])))
}

impl Resolve for FakeDns {
    fn resolve<'a>(
        &'a self,
        host: &'a str,
        port: u16,
    ) -> BoxFuture<'a, io::Result<Vec<SocketAddr>>> {
        Box::pin(async move {
            self.0
                .get(host)
                .map(|ip| vec![SocketAddr::new(*ip, port)])
                .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "unknown test name"))
        })
    }
}

/// Records every address a delivery tries to connect to, and never connects.
#[derive(Debug, Default)]
struct RecordingDialer(Mutex<Vec<SocketAddr>>);

impl Dial for RecordingDialer {
    fn dial(&self, address: SocketAddr) -> BoxFuture<'_, io::Result<TcpStream>> {
        self.0.lock().unwrap().push(address);
        Box::pin(async { Err(io::Error::other("the test dialer never connects")) })
    }
}

async fn strict_fixture() -> Fixture {
    fixture_with_state(config(), |state| state.with_webhook_resolver(fake_dns())).await
}

#[actix_web::test]
async fn internal_and_plain_http_webhooks_are_refused_when_set() {
    let fx = strict_fixture().await;
    let app = fx.app().await;
    for (index, url) in [
        "https://127.0.0.1/hook",
        "https://10.0.0.5:9200/_bulk",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fd00:ec2::254]/latest",
        "https://loopback.test/hook",
        "https://rebind.test/hook",
        "https://metadata.test/hook",
        "https://cgnat.test/hook",
        "https://ula.test/hook",
        "http://public.test/hook",
    ]
    .iter()
    .enumerate()
    {
        let response = send(
            &app,
            fx.admin_post(
                "/api/v1/widget-keys",
                json!({
                    "key": format!("wk_hook_{index}"),
                    "owner_name": "Hooked",
                    "allowed_origins": [SHOP],
                    "webhook_url": url,
                }),
            ),
        )
        .await;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = test::read_body(response).await;
        let problem = assert_problem(content_type.as_deref(), &body, 422, "validation-failed");
        assert_eq!(problem["errors"][0]["pointer"], "/webhook_url", "{url}");
        assert_eq!(status, 422, "{url}");
    }
    // A global https destination is accepted.
    let response = send(
        &app,
        fx.admin_post(
            "/api/v1/widget-keys",
            json!({
                "key": "wk_public",
                "owner_name": "Hooked",
                "allowed_origins": [SHOP],
                "webhook_url": "https://public.test/hook",
            }),
        ),
    )
    .await;
    assert_eq!(response.status(), 201);
}

/// Stores a widget key whose webhook went to `url` (as if it had resolved to a public address
/// when it was set), posts a lead through it, and runs one delivery attempt with the fake DNS
/// and the recording dialer. Returns the delivery's recorded error.
async fn deliver_once(url: &str, dialer: Arc<RecordingDialer>) -> String {
    let fx = strict_fixture().await;
    webhook_key(&fx, url.into()).await;
    let app = fx.app().await;
    let mut body = lead_body(&answers(Mode::Quick, AnswerValue::Yes));
    body["widget_key"] = "wk_hook".into();
    let response = send(&app, public_post("/api/v1/leads", &body)).await;
    assert_eq!(response.status(), 201);
    let policy = RetryPolicy {
        first_delay: Duration::from_secs(600),
        max_attempts: 5,
        timeout: Duration::from_secs(5),
    };
    let client = WebhookClient::with(WebhookPolicy::default(), fake_dns(), dialer, policy.timeout);
    let worker = fx.start_webhook_worker(policy, client);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let error = loop {
        if let Some(error) = last_error(fx.pool()).await {
            break error;
        }
        assert!(std::time::Instant::now() < deadline, "no delivery attempt");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    };
    worker.stop().await;
    error
}

async fn last_error(pool: &annexa_api::store::Pool) -> Option<String> {
    annexa_api::on_pool!(pool, pool => sqlx::query_scalar::<_, Option<String>>(
        "SELECT last_error FROM webhook_deliveries",
    )
    .fetch_optional(pool)
    .await
    .unwrap()
    .flatten())
}

#[actix_web::test]
async fn a_name_resolving_inward_at_delivery_is_refused_before_any_connection() {
    for url in [
        "https://rebind.test/hook",
        "https://metadata.test/latest/meta-data/",
        "https://loopback.test/hook",
        "https://ula.test/hook",
        "https://10.0.0.5:9200/_bulk",
        "https://169.254.169.254/latest/meta-data/",
        "http://public.test/hook",
    ] {
        let dialer = Arc::new(RecordingDialer::default());
        let error = deliver_once(url, dialer.clone()).await;
        assert!(
            error.contains("internal address") || error.contains("https://"),
            "{url}: {error}"
        );
        assert!(
            dialer.0.lock().unwrap().is_empty(),
            "{url}: a connection was attempted to {:?}",
            dialer.0.lock().unwrap()
        );
    }
}

#[actix_web::test]
async fn a_global_destination_is_dialled_at_its_checked_address_only() {
    // The control for the test above: with a global address the dialer is reached (and
    // refuses to connect), so "no attempt recorded" there means the guard stopped it.
    let dialer = Arc::new(RecordingDialer::default());
    let error = deliver_once("https://public.test/hook", dialer.clone()).await;
    assert!(error.contains("never connects"), "{error}");
    let attempts = dialer.0.lock().unwrap().clone();
    assert_eq!(
        attempts,
        vec!["93.184.215.14:443".parse::<SocketAddr>().unwrap()]
    );
}

#[actix_web::test]
async fn rotated_secrets_sign_with_both_during_the_overlap() {
    let fx = strict_fixture().await;
    let app = fx.app().await;
    let created = expect_created(
        &app,
        fx.admin_post(
            "/api/v1/widget-keys",
            json!({
                "key": "wk_rotating",
                "owner_name": "Hooked",
                "allowed_origins": [SHOP],
                "webhook_url": "https://bob:hunter2@public.test/hook?token=abc123",
                "consent_text": "You may contact me.",
            }),
        ),
    )
    .await;
    // The credentials in the URL are never shown back.
    let shown = created["webhook_url"].as_str().unwrap();
    assert!(
        !shown.contains("hunter2") && !shown.contains("abc123"),
        "{shown}"
    );
    let old_secret = created["webhook_secret"].as_str().unwrap().to_owned();

    let response = test::call_service(
        &app,
        TestRequest::post()
            .uri("/api/v1/widget-keys/wk_rotating/webhook-secret?overlap_hours=2")
            .insert_header(fx.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), 200);
    let rotated: Value = test::read_body_json(response).await;
    let new_secret = rotated["webhook_secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, old_secret);

    let mut body = lead_body(&answers(Mode::Quick, AnswerValue::Yes));
    body["widget_key"] = "wk_rotating".into();
    let lead = expect_created(&app, public_post("/api/v1/leads", &body)).await;
    let secrets = widget_keys::signing_secrets_for_lead(fx.pool(), lead["id"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(secrets, vec![new_secret, old_secret]);

    let listed = send(&app, fx.admin_get("/api/v1/widget-keys")).await;
    let text = String::from_utf8(test::read_body(listed).await.to_vec()).unwrap();
    assert!(
        !text.contains("hunter2") && !text.contains("abc123"),
        "{text}"
    );
}

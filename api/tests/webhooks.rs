//! Lead webhooks: delivered by the background worker, signed with HMAC-SHA256, retried after a
//! failure, never delaying the visitor's request, and erased with the lead.

mod common;

use std::sync::Mutex;
use std::time::Duration;

use actix_web::test::init_service;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use annexa_api::webhook::{self, RetryPolicy};
use annexa_shared::{AnswerValue, Mode};
use common::*;
use serde_json::Value;

#[derive(Default)]
struct Received {
    /// Signature header, delivery id header, body.
    calls: Vec<(String, String, String)>,
}

async fn receiver(
    req: HttpRequest,
    body: String,
    received: web::Data<Mutex<Received>>,
) -> HttpResponse {
    let signature = req
        .headers()
        .get("x-annexa-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let delivery = req
        .headers()
        .get("x-annexa-delivery")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut received = received.lock().unwrap();
    received.calls.push((signature, delivery, body));
    if received.calls.len() == 1 {
        HttpResponse::InternalServerError().finish()
    } else {
        HttpResponse::Ok().finish()
    }
}

#[actix_web::test]
async fn new_lead_is_posted_signed_and_retried_after_a_failure() {
    let received = web::Data::new(Mutex::new(Received::default()));
    let data = received.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/hook", web::post().to(receiver))
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .unwrap();
    let port = server.addrs()[0].port();
    let handle = server.run();
    let server_handle = handle.handle();
    actix_web::rt::spawn(handle);

    let fx = fixture().await;
    let secret = webhook_key(&fx, format!("http://127.0.0.1:{port}/hook")).await;
    let app = init_service(annexa_api::http::app(fx.state.clone())).await;
    let mut body = lead_body(&answers(Mode::Quick, AnswerValue::Partial));
    body["widget_key"] = "wk_hook".into();
    let created = expect_created(&app, public_post("/api/v1/leads", &body)).await;
    let lead_id = created["id"].as_str().unwrap().to_owned();
    assert!(
        received.lock().unwrap().calls.is_empty(),
        "the visitor's request does not wait for the webhook"
    );

    let policy = RetryPolicy {
        first_delay: Duration::from_millis(100),
        max_attempts: 3,
        timeout: Duration::from_secs(5),
    };
    // The receiver is on loopback over plain HTTP: allowed only by this test's policy.
    let client = webhook::WebhookClient::new(
        webhook::WebhookPolicy {
            allow_http: true,
            allow_private: true,
        },
        policy.timeout,
    );
    let worker = fx.start_webhook_worker(policy, client);

    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while received.lock().unwrap().calls.len() < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "webhook not retried in time"
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let (signature, delivery, payload) = received.lock().unwrap().calls[1].clone();
    assert!(delivery.starts_with("whd_"), "{delivery}");
    let timestamp: i64 = signature
        .strip_prefix("t=")
        .and_then(|s| s.split(',').next())
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        signature,
        webhook::signature(&[&secret], timestamp, &delivery, &payload)
    );
    // A body replayed under another delivery id does not carry a valid signature.
    assert_ne!(
        signature,
        webhook::signature(&[&secret], timestamp, "whd_replayed", &payload)
    );
    let event: Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(event["event"], "lead.created");
    assert_eq!(event["lead"]["id"], lead_id.as_str());
    assert_eq!(event["lead"]["tier"], created["tier"]);
    assert_eq!(event["lead"]["contact"]["email"], "ana@acme.example");

    // Delivered: nothing stays queued.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while annexa_api::store::webhooks::count(fx.pool()).await.unwrap() > 0 {
        assert!(std::time::Instant::now() < deadline, "delivery not removed");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    worker.stop().await;
    server_handle.stop(false).await;
}

#[actix_web::test]
async fn erasing_a_lead_drops_its_pending_delivery() {
    let fx = fixture().await;
    webhook_key(&fx, "http://127.0.0.1:9/unreachable".into()).await;
    let app = init_service(annexa_api::http::app(fx.state.clone())).await;
    let mut body = lead_body(&answers(Mode::Quick, AnswerValue::Yes));
    body["widget_key"] = "wk_hook".into();
    body["contact"]["email"] = "erase-me@acme.example".into();
    let created = expect_created(&app, public_post("/api/v1/leads", &body)).await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        annexa_api::store::webhooks::count(fx.pool()).await.unwrap(),
        1
    );

    let response = send(&app, fx.admin_delete(&format!("/api/v1/leads/{id}"))).await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        annexa_api::store::webhooks::count(fx.pool()).await.unwrap(),
        0
    );
    let dump = dump_all_tables(fx.pool()).await;
    assert!(!dump.contains(id) && !dump.contains("erase-me@acme.example"));
}

#[test]
fn shared_receivers_can_check_the_signature() {
    // What a receiver does: recompute HMAC-SHA256 over "<t>.<delivery id>.<body>" with the
    // secret and compare it with each v2 value.
    let signature = webhook::signature(&["whsec_abc"], 1_800_000_000, "whd_1", "{}");
    assert!(signature.starts_with("t=1800000000,v2="));
    assert_eq!(signature.len(), "t=1800000000,v2=".len() + 64);
    assert!(signature.ends_with(&webhook::signature_v2(
        "whsec_abc",
        1_800_000_000,
        "whd_1",
        "{}"
    )));
}

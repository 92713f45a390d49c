//! The log of finished webhook deliveries: a delivered lead and an abandoned one leave the queue
//! and are listed with their outcome, status, attempts and error, newest first after the queued
//! ones; the log is bounded per widget key, holds no payload, and goes with an erased lead (by
//! id, by e-mail address, or past the retention period).
//! Runs on SQLite, and on PostgreSQL with `ANNEXA_TEST_STORE=postgres`.

mod common;

use std::time::{Duration, Instant};

use actix_web::test;
use actix_web::{App, HttpResponse, HttpServer, web};
use annexa_api::store::webhook_log::{self, DeliveryState, Finished};
use annexa_api::store::{webhooks, widget_keys};
use annexa_api::webhook::{self, RetryPolicy};
use annexa_shared::{AnswerValue, Mode};
use common::*;
use serde_json::{Value, json};

/// A receiver on loopback that answers `status` to every POST; returns its port.
fn receiver(status: u16) -> u16 {
    let server = HttpServer::new(move || {
        App::new().route(
            "/hook",
            web::post().to(move || async move {
                HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).finish()
            }),
        )
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .unwrap();
    let port = server.addrs()[0].port();
    actix_web::rt::spawn(server.run());
    port
}

/// Creates widget key `key` (for [`SHOP`]) whose leads go to `url`.
async fn key_with_webhook(fx: &Fixture, key: &str, url: String) {
    widget_keys::create(
        fx.pool(),
        widget_keys::NewWidgetKey {
            key: Some(key.into()),
            owner_name: "Fictitious Receiver Ltd".into(),
            lead_capture: true,
            allowed_origins: vec![SHOP.into()],
            webhook_url: Some(url),
            consent_text: Some("You may contact me.".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
}

async fn deliveries_of<S, B>(fx: &Fixture, app: &S, key: &str) -> Vec<Value>
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let listed: Value = test::call_and_read_body_json(
        app,
        fx.admin_get(&format!("/api/v1/widget-keys/{key}/deliveries"))
            .to_request(),
    )
    .await;
    listed.as_array().cloned().expect("a list")
}

#[actix_web::test]
async fn a_delivered_lead_and_an_abandoned_one_are_listed_with_how_they_ended() {
    let fx = fixture().await;
    let app = fx.app().await;
    let (ok, failing) = (receiver(200), receiver(500));
    key_with_webhook(&fx, "wk_ok", format!("http://127.0.0.1:{ok}/hook")).await;
    key_with_webhook(&fx, "wk_down", format!("http://127.0.0.1:{failing}/hook")).await;
    let mut leads = Vec::new();
    for (key, email) in [
        ("wk_ok", "ok@acme.example"),
        ("wk_down", "down@acme.example"),
    ] {
        let mut body = lead_body(&answers(Mode::Quick, AnswerValue::Partial));
        body["widget_key"] = key.into();
        body["contact"]["email"] = email.into();
        let created = expect_created(&app, public_post("/api/v1/leads", &body)).await;
        leads.push(created["id"].as_str().unwrap().to_owned());
    }
    // Before the worker runs, both are queued.
    let queued = deliveries_of(&fx, &app, "wk_down").await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0]["state"], "queued");
    assert_eq!(queued[0]["attempts"], 0);

    let policy = RetryPolicy {
        first_delay: Duration::from_millis(50),
        max_attempts: 3,
        timeout: Duration::from_secs(5),
    };
    // The receivers are on loopback over plain HTTP: allowed only by this test's policy.
    let client = webhook::WebhookClient::new(
        webhook::WebhookPolicy {
            allow_http: true,
            allow_private: true,
        },
        policy.timeout,
    );
    let worker = fx.start_webhook_worker(policy, client);
    let deadline = Instant::now() + Duration::from_secs(20);
    while webhooks::count(fx.pool()).await.unwrap() > 0 {
        assert!(Instant::now() < deadline, "deliveries still queued");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    worker.stop().await;

    let delivered = deliveries_of(&fx, &app, "wk_ok").await;
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    let row = &delivered[0];
    assert_eq!(
        (
            &row["state"],
            &row["lead_id"],
            &row["event"],
            &row["attempts"],
            &row["status_code"],
            &row["last_error"],
            &row["host"],
        ),
        (
            &json!("delivered"),
            &json!(leads[0]),
            &json!("lead.created"),
            &json!(1),
            &json!(200),
            &Value::Null,
            &json!(format!("127.0.0.1:{ok}")),
        ),
        "{row}"
    );
    assert!(row["id"].as_str().is_some_and(|id| id.starts_with("whd_")));
    assert!(
        row["finished_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );

    let abandoned = deliveries_of(&fx, &app, "wk_down").await;
    assert_eq!(abandoned.len(), 1, "{abandoned:?}");
    let row = &abandoned[0];
    assert_eq!(
        (
            &row["state"],
            &row["lead_id"],
            &row["attempts"],
            &row["status_code"],
            &row["last_error"],
            &row["next_attempt_at"],
        ),
        (
            &json!("gave_up"),
            &json!(leads[1]),
            &json!(3),
            &json!(500),
            &json!("HTTP 500"),
            &Value::Null,
        ),
        "{row}"
    );

    // The log holds no payload: the delivered lead's e-mail address is only in the lead.
    let log_rows: Vec<String> = annexa_api::on_pool!(fx.pool(), pool => {
        sqlx::query_scalar(
            "SELECT id || ' ' || url_host || ' ' || COALESCE(last_error, '') \
             FROM webhook_delivery_log",
        )
        .fetch_all(pool)
        .await
        .unwrap()
    });
    assert_eq!(log_rows.len(), 2);
    assert!(log_rows.iter().all(|r| !r.contains("acme.example")));

    // Erasing a lead erases its log row: nothing of it is left anywhere.
    let erased = send(
        &app,
        fx.admin_delete(&format!("/api/v1/leads/{}", leads[1])),
    )
    .await;
    assert_eq!(erased.status(), 204);
    assert_eq!(
        deliveries_of(&fx, &app, "wk_down").await,
        Vec::<Value>::new()
    );
    let dump = dump_all_tables(fx.pool()).await;
    assert!(!dump.contains(&leads[1]), "the erased lead is still stored");
    assert_eq!(deliveries_of(&fx, &app, "wk_ok").await.len(), 1);
    // An erasure request by e-mail address erases the log rows of every lead of the address.
    let erased = send(&app, fx.admin_delete("/api/v1/leads?email=OK@acme.example")).await;
    assert_eq!(erased.status(), 200);
    assert_eq!(deliveries_of(&fx, &app, "wk_ok").await, Vec::<Value>::new());
    assert!(!dump_all_tables(fx.pool()).await.contains(&leads[0]));
}

#[actix_web::test]
async fn the_log_keeps_the_newest_fifty_deliveries_of_a_key_newest_first() {
    let fx = fixture().await;
    let app = fx.app().await;
    key_with_webhook(&fx, "wk_busy", "https://hooks.example.net/in".into()).await;
    for n in 0..55u32 {
        let id = format!("whd_test{n:02}");
        webhook_log::log_test_delivery(
            fx.pool(),
            "wk_busy",
            &Finished {
                id: &id,
                state: DeliveryState::Delivered,
                host: "hooks.example.net".into(),
                attempts: 1,
                status_code: Some(204),
                last_error: None,
                finished_at: format!("2026-12-01T10:00:{n:02}.000Z"),
            },
        )
        .await
        .unwrap();
    }
    let listed = deliveries_of(&fx, &app, "wk_busy").await;
    assert_eq!(listed.len(), 50);
    assert_eq!(listed[0]["id"], "whd_test54", "newest first");
    assert_eq!(listed[49]["id"], "whd_test05", "the five oldest are gone");
    let stored: i64 = annexa_api::on_pool!(fx.pool(), pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM webhook_delivery_log")
            .fetch_one(pool)
            .await
            .unwrap()
    });
    assert_eq!(stored, 50, "the table is bounded, not only the list");

    // Another key's log is its own; an unknown key is a problem, not an empty list.
    assert_eq!(deliveries_of(&fx, &app, KEY).await, Vec::<Value>::new());
    let missing = send(&app, fx.admin_get("/api/v1/widget-keys/wk_nope/deliveries")).await;
    assert_eq!(missing.status(), 404);
    assert_eq!(
        content_type(&missing).as_deref(),
        Some("application/problem+json")
    );
}

#[actix_web::test]
async fn the_retention_job_erases_the_log_rows_of_the_leads_it_purges() {
    let fx = fixture().await;
    let app = fx.app().await;
    key_with_webhook(&fx, "wk_old", "https://hooks.example.net/in".into()).await;
    let mut body = lead_body(&answers(Mode::Quick, AnswerValue::Yes));
    body["widget_key"] = "wk_old".into();
    let created = expect_created(&app, public_post("/api/v1/leads", &body)).await;
    let id = created["id"].as_str().unwrap().to_owned();
    // Its delivery was delivered at the first attempt.
    let claim = webhooks::claim(fx.pool(), "9999-12-31T00:00:00.000Z")
        .await
        .unwrap()
        .expect("the lead's delivery");
    webhooks::finish(
        fx.pool(),
        claim,
        &webhooks::Outcome::Delivered {
            attempts: 1,
            status_code: 202,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        deliveries_of(&fx, &app, "wk_old").await[0]["state"],
        "delivered"
    );
    // Received 400 days ago: past the retention period.
    let long_ago =
        annexa_api::store::timestamp(time::OffsetDateTime::now_utc() - time::Duration::days(400));
    annexa_api::on_pool!(fx.pool(), pool => sqlx::query("UPDATE leads SET created_at = $1 WHERE id = $2")
        .bind(&long_ago)
        .bind(&id)
        .execute(pool)
        .await
        .map(drop)
        .unwrap());
    let purged = annexa_api::http::retention::purge_once(&fx.state)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert_eq!(
        deliveries_of(&fx, &app, "wk_old").await,
        Vec::<Value>::new()
    );
    assert!(!dump_all_tables(fx.pool()).await.contains(&id));
}

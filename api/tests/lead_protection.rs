//! Leads against flooding (length limits, daily quota, de-duplication, honeypot, minimum
//! completion time, the server's consent time) and for the people they describe (access and
//! erasure by e-mail address, retention, deliveries cancelled with their widget key).

mod common;

use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::{self, TestRequest};
use annexa_api::http::LeadLimits;
use annexa_api::store::widget_keys::{self, NewWidgetKey};
use annexa_api::store::{api_keys, leads, webhooks};
use annexa_shared::{AnswerValue, Mode};
use common::*;
use serde_json::{Value, json};

fn started(seconds_ago: i64) -> String {
    let at = time::OffsetDateTime::now_utc() - time::Duration::seconds(seconds_ago);
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn body_for(email: &str) -> Value {
    let mut body = lead_body(&answers(Mode::Quick, AnswerValue::Partial));
    body["contact"]["email"] = email.into();
    body["started_at"] = started(120).into();
    body
}

async fn post(
    app: &impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    body: &Value,
) -> (u16, Value) {
    let response = test::call_service(
        app,
        TestRequest::post()
            .uri("/api/v1/leads")
            .set_json(body)
            .to_request(),
    )
    .await;
    let status = response.status().as_u16();
    (status, test::read_body_json(response).await)
}

/// A daily quota of three leads per key, repeats within a day answered with the first.
fn quota_of_three() -> annexa_api::http::ServerConfig {
    let mut config = config();
    config.leads = LeadLimits {
        daily_quota: 3,
        dedup_hours: 24,
        ..LeadLimits::default()
    };
    config
}

async fn lead_count(fx: &Fixture) -> u64 {
    leads::list(fx.pool(), &Default::default())
        .await
        .unwrap()
        .total
}

#[actix_web::test]
async fn a_long_justification_is_refused_on_any_answer() {
    let fx = fixture().await;
    let app = fx.app().await;
    let mut body = body_for("ana@acme.example");
    let question = clause_question(Mode::Quick);
    body["answers"]["answers"][&question] =
        json!({"value": "yes", "justification": "x".repeat(250_000)});
    let (status, problem) = post(&app, &body).await;
    assert_eq!(status, 422, "{problem}");
    assert!(
        problem["errors"][0]["pointer"]
            .as_str()
            .unwrap()
            .ends_with("/justification"),
        "{problem}"
    );
    assert_eq!(lead_count(&fx).await, 0);
}

#[actix_web::test]
async fn robots_are_answered_like_people_and_dropped() {
    let fx = fixture().await;
    let app = fx.app().await;
    let mut honeypot = body_for("bot1@spam.example");
    honeypot["website"] = "https://spam.example".into();
    let (status, created) = post(&app, &honeypot).await;
    assert_eq!(status, 201, "{created}");
    let mut hasty = body_for("bot2@spam.example");
    hasty["started_at"] = started(1).into();
    let (status, _) = post(&app, &hasty).await;
    assert_eq!(status, 201);
    assert_eq!(lead_count(&fx).await, 0, "neither robot's lead is stored");
    // A person who took two minutes is stored.
    let (status, _) = post(&app, &body_for("ana@acme.example")).await;
    assert_eq!(status, 201);
    assert_eq!(lead_count(&fx).await, 1);
}

#[actix_web::test]
async fn the_consent_time_is_the_servers() {
    let fx = fixture().await;
    let app = fx.app().await;
    let mut body = body_for("ana@acme.example");
    body["consent"]["agreed_at"] = "1999-01-01T00:00:00Z".into();
    let before = annexa_api::store::now();
    let (status, created) = post(&app, &body).await;
    assert_eq!(status, 201);
    let lead = leads::get(fx.pool(), created["id"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        lead.consent.agreed_at >= before,
        "{}",
        lead.consent.agreed_at
    );
}

#[actix_web::test]
async fn repeats_are_not_stored_twice_and_the_daily_quota_holds() {
    let fx = fixture_with(quota_of_three()).await;
    let app = fx.app().await;
    let (status, first) = post(&app, &body_for("ana@acme.example")).await;
    assert_eq!(status, 201);
    let (status, again) = post(&app, &body_for("ANA@acme.example")).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["duplicate"], true);
    assert_eq!(lead_count(&fx).await, 1);
    for email in ["bo@acme.example", "cy@acme.example"] {
        assert_eq!(post(&app, &body_for(email)).await.0, 201);
    }
    let response = send(
        &app,
        public_post("/api/v1/leads", body_for("dee@acme.example")),
    )
    .await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    assert_eq!(lead_count(&fx).await, 3);
}

async fn hooked_key(fx: &Fixture, key: &str) {
    widget_keys::create(
        fx.pool(),
        NewWidgetKey {
            key: Some(key.into()),
            owner_name: "Hooked".into(),
            lead_capture: true,
            allowed_origins: vec![SHOP.into()],
            // Never delivered: no worker runs in these tests.
            webhook_url: Some("https://hooks.invalid/in".into()),
            consent_text: Some("You may contact me.".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
}

#[actix_web::test]
async fn erasure_by_email_removes_every_lead_of_the_address_and_its_deliveries() {
    let fx = fixture().await;
    hooked_key(&fx, "wk_hook").await;
    let app = fx.app().await;
    for email in ["ana@acme.example", "Ana@ACME.example", "ana@acme.example"] {
        let mut body = body_for(email);
        body["widget_key"] = "wk_hook".into();
        assert_eq!(post(&app, &body).await.0, 201);
    }
    let mut other = body_for("bo@acme.example");
    other["widget_key"] = "wk_hook".into();
    assert_eq!(post(&app, &other).await.0, 201);
    assert_eq!(webhooks::count(fx.pool()).await.unwrap(), 4);

    // Subject access: the address's leads.
    let response = send(&app, fx.admin_get("/api/v1/leads?email=ANA%40acme.example")).await;
    let page: Value = test::read_body_json(response).await;
    assert_eq!(page["total"], 3, "{page}");

    // A read-only key cannot erase; a key with the erasure scope can.
    let erase_with = |secret: String| {
        TestRequest::delete()
            .uri("/api/v1/leads?email=ana%40acme.example")
            .insert_header(bearer(&secret))
    };
    let reader = api_keys::create_scoped(fx.pool(), "reader", &[api_keys::Scope::LeadsRead], None)
        .await
        .unwrap();
    let response = send(&app, erase_with(reader.secret)).await;
    assert_eq!(response.status(), 403);
    let eraser = api_keys::create_scoped(fx.pool(), "dpo", &[api_keys::Scope::LeadsErase], None)
        .await
        .unwrap();
    let response = send(&app, erase_with(eraser.secret)).await;
    assert_eq!(response.status(), 200);
    let erasure: Value = test::read_body_json(response).await;
    assert_eq!(erasure["leads_erased"], 3, "{erasure}");
    assert_eq!(erasure["deliveries_cancelled"], 3, "{erasure}");
    assert_eq!(lead_count(&fx).await, 1);
    assert_eq!(webhooks::count(fx.pool()).await.unwrap(), 1);
    let dump = dump_all_tables(fx.pool()).await.to_lowercase();
    assert!(
        !dump.contains("ana@acme.example"),
        "the address is gone everywhere"
    );
    // The erasure is recorded, with the key that asked and without the address.
    assert!(dump.contains(erasure["id"].as_str().unwrap()));
    assert!(dump.contains(&eraser.key.id));
}

#[actix_web::test]
async fn deleting_a_widget_key_cancels_its_queued_deliveries() {
    let fx = fixture().await;
    hooked_key(&fx, "wk_hook").await;
    let app = fx.app().await;
    let mut body = body_for("ana@acme.example");
    body["widget_key"] = "wk_hook".into();
    assert_eq!(post(&app, &body).await.0, 201);
    assert_eq!(webhooks::count(fx.pool()).await.unwrap(), 1);
    let response = send(&app, fx.admin_delete("/api/v1/widget-keys/wk_hook")).await;
    assert_eq!(response.status(), 204);
    assert_eq!(webhooks::count(fx.pool()).await.unwrap(), 0);
    assert_eq!(lead_count(&fx).await, 1, "the lead itself stays");
}

#[actix_web::test]
async fn leads_past_retention_are_purged_and_counted() {
    let fx = fixture().await;
    let app = fx.app().await;
    let (_, fresh) = post(&app, &body_for("ana@acme.example")).await;
    let (_, old) = post(&app, &body_for("old@acme.example")).await;
    // Received 400 days ago.
    let long_ago =
        annexa_api::store::timestamp(time::OffsetDateTime::now_utc() - time::Duration::days(400));
    annexa_api::on_pool!(fx.pool(), pool => sqlx::query("UPDATE leads SET created_at = $1 WHERE id = $2")
        .bind(&long_ago)
        .bind(old["id"].as_str().unwrap())
        .execute(pool)
        .await
        .map(drop)
        .unwrap());
    let purged = annexa_api::http::retention::purge_once(&fx.state)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert!(
        leads::get(fx.pool(), old["id"].as_str().unwrap())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        leads::get(fx.pool(), fresh["id"].as_str().unwrap())
            .await
            .unwrap()
            .is_some()
    );
    let response = send(&app, public_get("/metrics")).await;
    let text = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    assert!(text.contains("annexa_leads_purged_total 1"), "{text}");
}

/// Submissions arriving at the same moment are checked as if one came after the other: a
/// visitor who presses "send" twice has one lead, and a burst of robots cannot pass the daily
/// quota by arriving together.
#[actix_web::test]
async fn submissions_at_the_same_moment_are_deduplicated_and_counted_against_the_quota() {
    let fx = fixture_with(quota_of_three()).await;
    let app = fx.app().await;

    let same = body_for("ana@acme.example");
    let answers = futures_util::future::join_all((0..8).map(|_| post(&app, &same))).await;
    let created: Vec<&Value> = answers
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(created.len(), 1, "{answers:?}");
    for (status, body) in &answers {
        assert!(*status == 201 || *status == 200, "{status} {body}");
        assert_eq!(
            body["id"], created[0]["id"],
            "every answer names the one lead stored"
        );
    }
    assert_eq!(lead_count(&fx).await, 1);

    let bodies: Vec<Value> = (0..10)
        .map(|i| body_for(&format!("visitor{i}@acme.example")))
        .collect();
    let answers = futures_util::future::join_all(bodies.iter().map(|b| post(&app, b))).await;
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        8,
        "{statuses:?}"
    );
    assert_eq!(lead_count(&fx).await, 3, "the quota of 3 holds");
}

//! Admin keys have scopes, an optional expiry and a last-use time; a changed `ANNEXA_ADMIN_KEY`
//! revokes the previous one.

mod common;

use actix_web::test::{self, TestRequest};
use annexa_api::store::api_keys::{self, Scope};
use common::*;
use serde_json::{Value, json};

#[actix_web::test]
async fn a_leads_read_key_reads_leads_but_cannot_create_keys() {
    let fx = fixture().await;
    let app = fx.app().await;
    let created = expect_created(
        &app,
        fx.admin_post(
            "/api/v1/api-keys",
            json!({"name": "crm-sync", "scopes": ["leads:read"]}),
        ),
    )
    .await;
    assert_eq!(created["scopes"], json!(["leads:read"]));
    let reader = created["secret"].as_str().unwrap().to_owned();

    let response = test::call_service(
        &app,
        TestRequest::get()
            .uri("/api/v1/leads")
            .insert_header(bearer(&reader))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), 200);

    for request in [
        TestRequest::post()
            .uri("/api/v1/api-keys")
            .set_json(json!({"name": "escalated"})),
        TestRequest::get().uri("/api/v1/api-keys"),
        TestRequest::post()
            .uri("/api/v1/widget-keys")
            .set_json(json!({
                "owner_name": "Sneaky", "allowed_origins": ["https://sneaky.example"]
            })),
        TestRequest::delete().uri("/api/v1/leads/00000000-0000-0000-0000-000000000000"),
    ] {
        let response =
            test::call_service(&app, request.insert_header(bearer(&reader)).to_request()).await;
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = test::read_body(response).await;
        assert_problem(content_type.as_deref(), &body, 403, "insufficient-scope");
    }
    // Nothing was created.
    assert_eq!(api_keys::list(fx.pool()).await.unwrap().len(), 2);
}

#[actix_web::test]
async fn expired_keys_are_refused_and_the_list_shows_last_use() {
    let fx = fixture().await;
    let app = fx.app().await;
    // Expiry in the past is refused at creation.
    let response = send(
        &app,
        fx.admin_post(
            "/api/v1/api-keys",
            json!({"name": "old", "expires_at": "2001-01-01T00:00:00Z"}),
        ),
    )
    .await;
    assert_eq!(response.status(), 422);
    // A key that has expired since (stored directly) is refused like a wrong one.
    let expired = api_keys::create_scoped(
        fx.pool(),
        "expired",
        &[Scope::Admin],
        Some("2001-01-01T00:00:00.000Z".into()),
    )
    .await
    .unwrap();
    let response = test::call_service(
        &app,
        TestRequest::get()
            .uri("/api/v1/leads")
            .insert_header(bearer(&expired.secret))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), 401);

    let response = send(&app, fx.admin_get("/api/v1/api-keys")).await;
    assert_eq!(response.status(), 200);
    let keys: Value = test::read_body_json(response).await;
    let me = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "test")
        .unwrap();
    assert!(me["last_used_at"].is_string(), "{me}");
    let never = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "expired")
        .unwrap();
    assert!(never["last_used_at"].is_null(), "{never}");
    assert_eq!(never["expires_at"], "2001-01-01T00:00:00.000Z");
}

#[actix_web::test]
async fn a_changed_bootstrap_key_revokes_the_previous_one() {
    let fx = fixture().await;
    let first = "first-bootstrap-key-0123456789";
    let second = "second-bootstrap-key-0123456789";
    let pool = fx.pool();
    let registers =
        |key: &'static str| async move { api_keys::register_bootstrap(pool, key).await.unwrap() };
    let accepted =
        |key: String| async move { api_keys::authenticate(pool, &key).await.unwrap().is_some() };
    assert!(registers(first).await);
    assert!(!registers(first).await, "the same key twice registers once");
    assert!(accepted(first.into()).await);
    assert!(registers(second).await);
    assert!(!accepted(first.into()).await, "the previous key is revoked");
    assert!(accepted(second.into()).await);
    // Keys made otherwise are untouched.
    assert!(accepted(fx.admin.clone()).await);
}

//! Admin authentication, widget keys, API keys, and the operations routes.

mod common;

use actix_web::http::header;
use actix_web::test::{self, TestRequest};
use common::*;
use serde_json::{Value, json};

#[actix_web::test]
async fn admin_routes_need_an_active_key() {
    let fx = fixture().await;
    let app = fx.app().await;
    let admin_routes = [
        ("GET", "/api/v1/leads"),
        ("GET", "/api/v1/leads.csv"),
        ("GET", "/api/v1/leads/some-id"),
        ("DELETE", "/api/v1/leads/some-id"),
        ("GET", "/api/v1/widget-keys"),
        ("DELETE", "/api/v1/widget-keys/wk_test"),
        ("GET", "/api/v1/api-keys"),
        ("DELETE", "/api/v1/api-keys/key_x"),
    ];
    for authorization in [
        None,
        Some("Bearer annexa_wrong"),
        Some("Basic abc"),
        Some("Bearer "),
    ] {
        for (method, uri) in admin_routes {
            let mut request = TestRequest::default()
                .method(method.parse().unwrap())
                .uri(uri);
            if let Some(value) = authorization {
                request = request.insert_header((header::AUTHORIZATION, value));
            }
            let response = test::call_service(&app, request.to_request()).await;
            assert!(response.headers().contains_key(header::WWW_AUTHENTICATE));
            problem_of(response, 401, "unauthorized").await;
        }
    }
    // The widget key was not deleted by the refused requests.
    assert!(
        annexa_api::store::widget_keys::get(fx.pool(), KEY)
            .await
            .unwrap()
            .is_some()
    );
}

#[actix_web::test]
async fn api_keys_are_created_listed_and_revoked_and_stored_hashed() {
    let fx = fixture().await;
    let app = fx.app().await;
    let created = expect_created(
        &app,
        fx.admin_post("/api/v1/api-keys", json!({"name": "crm-sync"})),
    )
    .await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("annexa_") && secret.len() > 60);

    // Only a hash is stored: the secret appears nowhere in the database.
    let dump = dump_all_tables(fx.pool()).await;
    assert!(!dump.contains(&secret));
    assert!(!dump.contains(&fx.admin));

    let with_new_key = || {
        TestRequest::get()
            .uri("/api/v1/api-keys")
            .insert_header(bearer(&secret))
            .to_request()
    };
    let response = test::call_service(&app, with_new_key()).await;
    assert_eq!(response.status(), 200);
    let keys: Value = test::read_body_json(response).await;
    assert_eq!(keys.as_array().unwrap().len(), 2);
    assert!(keys.to_string().find("secret").is_none(), "{keys}");

    let response = send(&app, fx.admin_delete(&format!("/api/v1/api-keys/{id}"))).await;
    assert_eq!(response.status(), 204);
    let response = test::call_service(&app, with_new_key()).await;
    assert_eq!(response.status(), 401, "a revoked key is refused");

    let response = send(&app, fx.admin_delete(&format!("/api/v1/api-keys/{id}"))).await;
    assert_eq!(response.status(), 404);

    let response = send(
        &app,
        fx.admin_post("/api/v1/api-keys", json!({"name": "  "})),
    )
    .await;
    assert_eq!(response.status(), 422);
}

#[actix_web::test]
async fn widget_keys_are_created_listed_and_deleted() {
    let fx = fixture().await;
    let app = fx.app().await;
    let create = |body: Value| fx.admin_post("/api/v1/widget-keys", body).to_request();
    let response = test::call_service(
        &app,
        create(json!({
            "owner_name": "Northwind Audit",
            "allowed_origins": ["https://www.northwind.example", "HTTPS://NORTHWIND.EXAMPLE:443"],
            "webhook_url": "https://crm.northwind.example/hooks/annexa"
        })),
    )
    .await;
    assert_eq!(response.status(), 201);
    let created: Value = test::read_body_json(response).await;
    let key = created["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("wk_"));
    assert_eq!(
        created["allowed_origins"],
        json!(["https://www.northwind.example", "https://northwind.example"])
    );
    assert!(
        created["webhook_secret"]
            .as_str()
            .unwrap()
            .starts_with("whsec_")
    );
    assert!(
        created["consent_text"]
            .as_str()
            .unwrap()
            .contains("Northwind Audit")
    );
    assert_eq!(created["lead_capture"], true);

    let response = test::call_service(
        &app,
        create(json!({"key": KEY, "owner_name": "X", "allowed_origins": []})),
    )
    .await;
    problem_of(response, 409, "conflict").await;

    let response = test::call_service(
        &app,
        create(json!({"owner_name": "", "allowed_origins": ["https://ok.example/path"], "webhook_url": "ftp://x"})),
    )
    .await;
    let problem = problem_of(response, 422, "validation-failed").await;
    let pointers: Vec<&str> = error_pointers(&problem);
    assert_eq!(
        pointers,
        ["/owner_name", "/allowed_origins/0", "/webhook_url"]
    );

    let response = send(&app, fx.admin_get("/api/v1/widget-keys")).await;
    let keys: Value = test::read_body_json(response).await;
    assert_eq!(keys.as_array().unwrap().len(), 2);
    assert!(
        !keys.to_string().contains("whsec_"),
        "secrets are not listed"
    );

    let delete = |key: &str| {
        fx.admin_delete(&format!("/api/v1/widget-keys/{key}"))
            .to_request()
    };
    assert_eq!(test::call_service(&app, delete(&key)).await.status(), 204);
    assert_eq!(test::call_service(&app, delete(&key)).await.status(), 404);
    let response = send(&app, public_get(&format!("/api/v1/widget-config/{key}"))).await;
    assert_eq!(response.status(), 404, "a deleted key stops working");
}

#[actix_web::test]
async fn a_widget_key_carries_the_owners_call_to_action_to_the_widget() {
    let fx = fixture().await;
    let app = fx.app().await;
    let create = |body: Value| fx.admin_post("/api/v1/widget-keys", body).to_request();
    let response = test::call_service(
        &app,
        create(json!({"key": "wk_button", "owner_name": "Button Audits",
            "allowed_origins": [SHOP], "cta_style": "button",
            "cta_text": "  Book your free gap review ", "booking_url": "https://book.example/x"})),
    )
    .await;
    assert_eq!(response.status(), 201);
    let response = send(&app, shop_get("/api/v1/widget-config/wk_button")).await;
    assert_eq!(response.status(), 200);
    let config: Value = test::read_body_json(response).await;
    assert_eq!(config["cta_style"], "button");
    assert_eq!(config["cta_text"], "Book your free gap review");
    assert_eq!(config["booking_url"], "https://book.example/x");

    let response = test::call_service(
        &app,
        create(
            json!({"owner_name": "X", "allowed_origins": [SHOP], "cta_style": "popup",
            "cta_text": "", "booking_url": "javascript:alert(1)"}),
        ),
    )
    .await;
    assert_eq!(
        response.status(),
        422,
        "an unknown style is not a widget key"
    );
    let response = test::call_service(
        &app,
        create(json!({"owner_name": "X", "allowed_origins": [SHOP],
            "cta_text": "", "booking_url": "javascript:alert(1)"})),
    )
    .await;
    let problem = problem_of(response, 422, "validation-failed").await;
    let pointers: Vec<&str> = error_pointers(&problem);
    assert_eq!(pointers, ["/cta_text", "/booking_url"]);
}

/// The accent colour is one of the key's settings: stored, listed, changed, removed, and handed
/// to the loader with the widget's configuration; anything but `#rgb` or `#rrggbb` is refused
/// with the field named.
#[actix_web::test]
async fn a_widget_key_carries_the_owners_accent_to_the_loader() {
    let fx = fixture().await;
    let app = fx.app().await;
    let response = test::call_service(
        &app,
        fx.admin_post(
            "/api/v1/widget-keys",
            json!({"key": "wk_purple", "owner_name": "Purple Audits",
                "allowed_origins": [SHOP], "accent": " #7A1fa2 "}),
        )
        .to_request(),
    )
    .await;
    assert_eq!(response.status(), 201);
    let created: Value = test::read_body_json(response).await;
    assert_eq!(created["accent"], "#7A1fa2", "trimmed, kept as written");
    let config: Value =
        test::read_body_json(send(&app, shop_get("/api/v1/widget-config/wk_purple")).await).await;
    assert_eq!(config["accent"], "#7A1fa2");
    // A key without one: null, the widget's own accent.
    let config: Value =
        test::read_body_json(send(&app, shop_get(&format!("/api/v1/widget-config/{KEY}"))).await)
            .await;
    assert_eq!(config["accent"], Value::Null);

    let put = |body: Value| {
        fx.admin_put("/api/v1/widget-keys/wk_purple", body)
            .to_request()
    };
    let settings = json!({"owner_name": "Purple Audits", "allowed_origins": [SHOP]});
    let mut changed = settings.clone();
    changed["accent"] = json!("#fd0");
    let response = test::call_service(&app, put(changed)).await;
    assert_eq!(response.status(), 200);
    let listed: Value =
        test::read_body_json(send(&app, fx.admin_get("/api/v1/widget-keys")).await).await;
    let listed = listed
        .as_array()
        .and_then(|keys| keys.iter().find(|k| k["key"] == "wk_purple"))
        .cloned()
        .expect("listed");
    assert_eq!(listed["accent"], "#fd0");
    let stored = annexa_api::store::widget_keys::get(fx.pool(), "wk_purple")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.accent.as_deref(), Some("#fd0"));
    // Settings sent without it: the key goes back to the widget's own accent.
    let response = test::call_service(&app, put(settings.clone())).await;
    let without: Value = test::read_body_json(response).await;
    assert_eq!(without["accent"], Value::Null);

    for bad in [
        "blue",
        "#12345",
        "0b5cad",
        "",
        "#0b5cad; background: url(x)",
        "#ggg",
    ] {
        let mut body = settings.clone();
        body["accent"] = json!(bad);
        let problem = problem_of(
            test::call_service(&app, put(body)).await,
            422,
            "validation-failed",
        )
        .await;
        assert_eq!(error_pointers(&problem), ["/accent"], "{bad}: {problem}");
        let detail = problem["errors"][0]["detail"].as_str().unwrap_or_default();
        assert!(detail.contains("#rrggbb"), "{bad}: {detail}");
    }
    let mut body = settings.clone();
    body["accent"] = json!(255);
    problem_of(
        test::call_service(&app, put(body)).await,
        422,
        "invalid-body",
    )
    .await;
    let stored = annexa_api::store::widget_keys::get(fx.pool(), "wk_purple")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.accent, None, "a refused change changes nothing");
}

#[actix_web::test]
async fn health_readiness_metrics_request_id_and_headers() {
    let fx = fixture().await;
    let app = fx.app().await;
    let response = send(&app, public_get("/healthz")).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    assert_eq!(
        header_value(&response, header::X_CONTENT_TYPE_OPTIONS),
        "nosniff"
    );
    assert!(response.headers().contains_key(header::REFERRER_POLICY));
    let body: Value = test::read_body_json(response).await;
    assert_eq!(body, json!({"status": "ok"}));

    let response = send(&app, public_get("/readyz")).await;
    assert_eq!(response.status(), 200);

    let doc = answers(annexa_shared::Mode::Quick, annexa_shared::AnswerValue::Yes);
    let response = send(&app, public_post("/api/v1/leads", lead_body(&doc))).await;
    assert_eq!(response.status(), 201);

    let response = send(&app, public_get("/metrics")).await;
    assert_eq!(response.status(), 200);
    let text = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    assert!(
        text.contains(
            "annexa_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(text.contains(
        "annexa_http_requests_total{method=\"POST\",route=\"/api/v1/leads\",status=\"201\"} 1"
    ));
    assert!(text.contains(
        "annexa_http_request_duration_seconds_count{method=\"GET\",route=\"/readyz\"} 1"
    ));
    assert!(text.contains("annexa_leads_created_total 1"));
    // The registry's kept lookups, on both stores.
    assert!(
        text.contains("annexa_registry_lookups_total{answer=\"database\"}"),
        "{text}"
    );
    assert!(text.contains("annexa_registry_kept_records "), "{text}");

    // When the database is gone, readiness says so (and liveness does not).
    fx.pool().close().await;
    let response = send(&app, public_get("/readyz")).await;
    problem_of(response, 503, "unavailable").await;
    let response = send(&app, public_get("/healthz")).await;
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn docs_page_and_openapi_are_served() {
    let fx = fixture().await;
    let app = fx.app().await;
    let response = send(&app, public_get("/openapi.json")).await;
    assert_eq!(response.status(), 200);
    let spec: Value = test::read_body_json(response).await;
    assert!(spec["paths"]["/api/v1/assessments/score"]["post"].is_object());
    assert!(spec["paths"]["/api/v1/leads"]["post"].is_object());

    let response = send(&app, public_get("/docs/")).await;
    assert_eq!(response.status(), 200);
    assert!(content_type(&response).unwrap().starts_with("text/html"));
    assert!(
        response
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY)
    );
    let page = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    assert!(page.contains("swagger"), "{page}");
    assert!(
        !page.contains("https://"),
        "the docs page loads nothing from the internet"
    );
}

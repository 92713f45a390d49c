//! Leads and the widget routes: submission (server-side scoring, tier, version check), CORS per
//! widget key, per-key rate limit, admin list/filter/detail/CSV, and erasure.

mod common;

use actix_web::http::header;
use actix_web::test::{self, TestRequest};
use annexa_shared::{AnswerValue, Mode};
use common::*;
use serde_json::Value;

#[actix_web::test]
async fn widget_config_for_allowed_origin_unknown_key_and_refused_origin() {
    let fx = fixture().await;
    let app = fx.app().await;

    let response = send(&app, shop_get(&format!("/api/v1/widget-config/{KEY}"))).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header_value(&response, header::ACCESS_CONTROL_ALLOW_ORIGIN),
        SHOP
    );
    let config: Value = test::read_body_json(response).await;
    assert_eq!(
        config,
        serde_json::json!({"key": KEY, "owner_name": "Example Consulting",
            "lead_capture": true, "consent_text": "You may contact me.",
            "cta_style": "inline", "cta_text": null, "booking_url": null,
            "analytics": true, "accent": null})
    );

    let response = send(&app, public_get("/api/v1/widget-config/wk_nobody")).await;
    problem_of(response, 404, "unknown-widget-key").await;

    // An origin no widget key allows: refused, and no CORS header lets the browser read it.
    let response = test::call_service(
        &app,
        TestRequest::get()
            .uri(&format!("/api/v1/widget-config/{KEY}"))
            .insert_header((header::ORIGIN, "https://evil.example"))
            .to_request(),
    )
    .await;
    assert!(
        response
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
    problem_of(response, 403, "origin-not-allowed").await;
}

#[actix_web::test]
async fn origin_allowed_for_another_key_is_refused_for_this_one() {
    let fx = fixture().await;
    annexa_api::store::widget_keys::create(
        fx.pool(),
        annexa_api::store::widget_keys::NewWidgetKey {
            key: Some("wk_other".into()),
            owner_name: "Other".into(),
            allowed_origins: vec!["https://other.example".into()],
            lead_capture: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let app = fx.app().await;
    let response = test::call_service(
        &app,
        TestRequest::get()
            .uri(&format!("/api/v1/widget-config/{KEY}"))
            .insert_header((header::ORIGIN, "https://other.example"))
            .to_request(),
    )
    .await;
    problem_of(response, 403, "origin-not-allowed").await;
}

#[actix_web::test]
async fn preflight_for_leads_allows_known_origins_only() {
    let fx = fixture().await;
    let app = fx.app().await;
    let preflight = |origin: &str| {
        TestRequest::default()
            .method(actix_web::http::Method::OPTIONS)
            .uri("/api/v1/leads")
            .insert_header((header::ORIGIN, origin))
            .insert_header((header::ACCESS_CONTROL_REQUEST_METHOD, "POST"))
            .insert_header((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type"))
            .to_request()
    };
    let response = test::call_service(&app, preflight(SHOP)).await;
    assert_eq!(response.status(), 204);
    let headers = response.headers();
    assert_eq!(
        headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(),
        SHOP
    );
    assert!(
        headers
            .get(header::ACCESS_CONTROL_ALLOW_METHODS)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("POST")
    );
    assert!(
        headers
            .get(header::ACCESS_CONTROL_ALLOW_HEADERS)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("content-type")
    );

    let response = test::call_service(&app, preflight("https://evil.example")).await;
    assert_eq!(response.status(), 403);
    assert!(
        response
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
}

#[actix_web::test]
async fn tampered_client_score_is_replaced_by_the_servers_own() {
    let fx = fixture().await;
    let app = fx.app().await;
    let doc = answers(Mode::Quick, AnswerValue::No);
    let mut body = lead_body(&doc);
    body["report"] = serde_json::json!({"overall": 100.0, "band": "ready"});
    let response = send(&app, shop_post("/api/v1/leads", &body)).await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        header_value(&response, header::ACCESS_CONTROL_ALLOW_ORIGIN),
        SHOP
    );
    let created: Value = test::read_body_json(response).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let expected_report = annexa_shared::score(&doc).unwrap();
    let expected_tier =
        annexa_shared::qualify_lead(&doc.profile, &expected_report, annexa_api::clock::today())
            .tier;
    assert_eq!(
        created["tier"],
        serde_json::to_value(expected_tier).unwrap()
    );

    let (overall, report_json): (f64, String) = annexa_api::on_pool!(fx.pool(), pool => {
        sqlx::query_as("SELECT overall, report_json FROM leads WHERE id = $1")
            .bind(&id)
            .fetch_one(pool)
            .await
            .unwrap()
    });
    assert_eq!(overall, 0.0);
    assert_eq!(
        report_json,
        serde_json::to_string(&expected_report).unwrap()
    );

    let response = send(&app, fx.admin_get(&format!("/api/v1/leads/{id}"))).await;
    assert_eq!(response.status(), 200);
    let lead: Value = test::read_body_json(response).await;
    assert_eq!(lead["report"]["overall"], 0.0);
    assert_eq!(lead["contact"]["email"], "ana@acme.example");
    // The server's own time of receipt, not the client's claim.
    assert_ne!(lead["consent"]["agreed_at"], "2026-11-29T18:30:00Z");
    assert!(lead["consent"]["agreed_at"].as_str().unwrap() > "2026-11-29T18:30:00Z");
    assert_eq!(lead["answers"]["mode"], "quick");
    assert!(lead["qualification"]["reasons"].as_array().unwrap().len() > 1);
}

#[actix_web::test]
async fn bad_submissions_are_refused_with_the_right_problem() {
    let fx = fixture().await;
    annexa_api::store::widget_keys::create(
        fx.pool(),
        annexa_api::store::widget_keys::NewWidgetKey {
            key: Some("wk_nolead".into()),
            owner_name: "Quiet".into(),
            allowed_origins: vec![SHOP.into()],
            lead_capture: false,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let app = fx.app().await;
    let doc = answers(Mode::Quick, AnswerValue::Yes);
    let submit = |body: &Value| public_post("/api/v1/leads", body).to_request();
    let cases: Vec<(Value, u16, &str, Option<&str>)> = vec![
        (
            lead_with(&doc, "/answers/questionnaire_version", "1999.1"),
            422,
            "unknown-questionnaire-version",
            None,
        ),
        (
            lead_with(&doc, "/widget_key", "wk_nobody"),
            404,
            "unknown-widget-key",
            None,
        ),
        (
            lead_with(&doc, "/widget_key", "wk_nolead"),
            403,
            "lead-capture-disabled",
            None,
        ),
        (
            lead_with(&doc, "/contact/email", "not-an-address"),
            422,
            "validation-failed",
            Some("/contact/email"),
        ),
        (
            lead_with(&doc, "/started_at", "yesterday"),
            422,
            "validation-failed",
            Some("/started_at"),
        ),
        (
            lead_with(&doc, "/consent/text", "Nothing, really."),
            422,
            "validation-failed",
            Some("/consent/text"),
        ),
        (
            lead_with(&doc, "/contact/phone", "123"),
            422,
            "invalid-body",
            None,
        ),
        (
            lead_with(
                &doc,
                "/answers/answers/q.no-such-question",
                serde_json::json!({"value": "yes"}),
            ),
            422,
            "invalid-answers",
            None,
        ),
    ];
    for (body, status, kind, pointer) in cases {
        let response = test::call_service(&app, submit(&body)).await;
        let problem = problem_of(response, status, kind).await;
        if let Some(pointer) = pointer {
            assert_eq!(problem["errors"][0]["pointer"], pointer, "{problem}");
        }
        if kind == "invalid-answers" {
            let pointer = problem["errors"][0]["pointer"].as_str().unwrap();
            assert!(pointer.starts_with("/answers/answers/"), "{problem}");
        }
    }
    let count: i64 = annexa_api::on_pool!(fx.pool(), pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM leads")
            .fetch_one(pool)
            .await
            .unwrap()
    });
    assert_eq!(count, 0, "no refused submission is stored");
}

#[actix_web::test]
async fn per_widget_key_rate_limit_counts_leads_not_config_loads() {
    let mut config = config();
    config.widget_key_rate_per_minute = 2;
    let fx = fixture_with(config).await;
    let app = fx.app().await;
    // Loading the widget never spends the key's budget, however often it happens.
    for client in 1..=10 {
        let response = test::call_service(
            &app,
            TestRequest::get()
                .uri(&format!("/api/v1/widget-config/{KEY}"))
                .peer_addr(format!("10.1.0.{client}:4000").parse().unwrap())
                .to_request(),
        )
        .await;
        assert_eq!(response.status(), 200, "config load {client}");
    }
    let lead = |client: u8, email: &str| {
        let mut body = lead_body(&answers(Mode::Quick, AnswerValue::Partial));
        body["contact"]["email"] = email.into();
        TestRequest::post()
            .uri("/api/v1/leads")
            .peer_addr(format!("10.2.0.{client}:4000").parse().unwrap())
            .set_json(&body)
            .to_request()
    };
    assert_eq!(
        test::call_service(&app, lead(1, "one@acme.example"))
            .await
            .status(),
        201
    );
    assert_eq!(
        test::call_service(&app, lead(2, "two@acme.example"))
            .await
            .status(),
        201
    );
    let response = test::call_service(&app, lead(3, "three@acme.example")).await;
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    problem_of(response, 429, "rate-limited").await;
}

#[actix_web::test]
async fn widget_config_is_cacheable_with_an_etag() {
    let fx = fixture().await;
    let app = fx.app().await;
    let response = send(&app, public_get(&format!("/api/v1/widget-config/{KEY}"))).await;
    assert_eq!(response.status(), 200);
    let etag = response.headers().get(header::ETAG).unwrap().clone();
    assert_eq!(
        header_value(&response, header::CACHE_CONTROL),
        "public, max-age=300"
    );
    let response = test::call_service(
        &app,
        TestRequest::get()
            .uri(&format!("/api/v1/widget-config/{KEY}"))
            .insert_header((header::IF_NONE_MATCH, etag.clone()))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), 304);
    assert_eq!(header_value(&response, header::ETAG), &etag);
    assert!(test::read_body(response).await.is_empty());
    // Another version is not current.
    let response = test::call_service(
        &app,
        TestRequest::get()
            .uri(&format!("/api/v1/widget-config/{KEY}"))
            .insert_header((header::IF_NONE_MATCH, "\"0123\""))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn malformed_widget_keys_never_reach_the_limiter() {
    let mut config = config();
    config.widget_key_rate_per_minute = 5;
    let fx = fixture_with(config).await;
    let app = fx.app().await;
    for index in 0..200 {
        let mut body = lead_body(&answers(Mode::Quick, AnswerValue::Partial));
        body["widget_key"] = format!("{}{index}", "k".repeat(2000)).into();
        let response = send(&app, public_post("/api/v1/leads", &body)).await;
        assert_eq!(response.status(), 404);
        let mut body = lead_body(&answers(Mode::Quick, AnswerValue::Partial));
        body["widget_key"] = format!("wk_unknown_{index}").into();
        let response = send(&app, public_post("/api/v1/leads", &body)).await;
        assert_eq!(response.status(), 404);
    }
    assert_eq!(fx.state.limits.tracked().1, 0, "no made-up key is tracked");
}

async fn submit_lead(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    value: AnswerValue,
    email: &str,
) -> String {
    let mut doc = answers(Mode::Quick, value);
    if value == AnswerValue::Yes {
        doc.profile.persons_in_scope = Some(400);
        doc.profile.customers = vec![annexa_shared::CustomerCategory::UsFederal];
        doc.profile.data = vec![annexa_shared::DataCategory::UsFederal];
    }
    let mut body = lead_body(&doc);
    body["contact"]["email"] = email.into();
    let response = test::call_service(
        app,
        TestRequest::post()
            .uri("/api/v1/leads")
            .set_json(&body)
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), 201);
    let created: Value = test::read_body_json(response).await;
    created["id"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn admin_lists_filters_exports_and_erases_leads() {
    let fx = fixture().await;
    let app = fx.app().await;
    let first = submit_lead(&app, AnswerValue::Yes, "first@acme.example").await;
    let second = submit_lead(&app, AnswerValue::No, "=cmd@acme.example").await;

    let list = |uri: &str| {
        TestRequest::get()
            .uri(uri)
            .insert_header(fx.bearer())
            .to_request()
    };
    let page: Value =
        test::read_body_json(test::call_service(&app, list("/api/v1/leads")).await).await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"][0]["id"], second, "newest first");

    let page: Value = test::read_body_json(
        test::call_service(&app, list("/api/v1/leads?per_page=1&page=2")).await,
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["id"], first);
    assert_eq!(page["total"], 2);

    let first_tier = page["items"][0]["tier"].as_str().unwrap().to_owned();
    let page: Value = test::read_body_json(
        test::call_service(&app, list(&format!("/api/v1/leads?tier={first_tier}"))).await,
    )
    .await;
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["tier"] == first_tier.as_str())
    );

    let page: Value =
        test::read_body_json(test::call_service(&app, list("/api/v1/leads?to=2020-01-01")).await)
            .await;
    assert_eq!(page["total"], 0);
    let page: Value = test::read_body_json(
        test::call_service(
            &app,
            list(&format!(
                "/api/v1/leads?from={}&widget_key={KEY}",
                annexa_api::clock::today()
            )),
        )
        .await,
    )
    .await;
    assert_eq!(page["total"], 2);
    let page: Value =
        test::read_body_json(test::call_service(&app, list("/api/v1/leads?widget_key=demo")).await)
            .await;
    assert_eq!(page["total"], 0);

    for bad in [
        "/api/v1/leads?tier=Z",
        "/api/v1/leads?per_page=0",
        "/api/v1/leads?from=29-11-2026",
    ] {
        let response = test::call_service(&app, list(bad)).await;
        assert_eq!(response.status(), 400, "{bad}");
    }

    let response = test::call_service(&app, list("/api/v1/leads.csv")).await;
    assert_eq!(response.status(), 200);
    assert!(content_type(&response).unwrap().starts_with("text/csv"));
    let csv = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.contains("first@acme.example"));
    assert!(
        csv.contains("'=cmd@acme.example"),
        "formula neutralised: {csv}"
    );

    // Erasure: nothing of the lead remains anywhere in the database.
    let before = dump_all_tables(fx.pool()).await;
    assert!(before.contains(&second) && before.contains("=cmd@acme.example"));
    let response = send(&app, fx.admin_delete(&format!("/api/v1/leads/{second}"))).await;
    assert_eq!(response.status(), 204);
    let after = dump_all_tables(fx.pool()).await;
    assert!(!after.contains(&second), "the lead id is gone");
    assert!(!after.contains("=cmd@acme.example"), "the e-mail is gone");
    assert!(after.contains(&first), "the other lead stays");

    let response = test::call_service(&app, list(&format!("/api/v1/leads/{second}"))).await;
    problem_of(response, 404, "not-found").await;
    let response = send(&app, fx.admin_delete(&format!("/api/v1/leads/{second}"))).await;
    assert_eq!(response.status(), 404);
}

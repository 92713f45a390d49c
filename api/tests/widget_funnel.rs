//! The widget funnel and widget key setup: the widget's anonymous step counts
//! (`POST /api/v1/events`) are checked like the other widget routes and added up per day; the
//! console reads them (`GET /api/v1/funnel`) with every day of the range; a key with analytics
//! off counts nothing; a key's settings are changed with `PUT /api/v1/widget-keys/{key}`, its
//! webhook tested and its queued deliveries listed. Runs
//! on SQLite, and on PostgreSQL with `ANNEXA_TEST_STORE=postgres`.

mod common;

use actix_web::test::{self, TestRequest};
use annexa_api::store::{funnel, widget_keys};
use annexa_shared::funnel::FunnelStep;
use common::*;
use serde_json::{Value, json};

fn today() -> String {
    annexa_api::clock::today().to_string()
}

fn events(body: &str, content_type: &str) -> TestRequest {
    TestRequest::post()
        .uri("/api/v1/events")
        .insert_header(("origin", SHOP))
        .insert_header(("content-type", content_type))
        .set_payload(body.to_owned())
}

async fn funnel_of(
    fx: &Fixture,
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    query: &str,
) -> (u16, Value) {
    let response = test::call_service(
        app,
        TestRequest::get()
            .uri(&format!("/api/v1/funnel?{query}"))
            .insert_header(fx.bearer())
            .to_request(),
    )
    .await;
    let status = response.status().as_u16();
    let body = test::read_body(response).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[actix_web::test]
async fn the_widgets_batches_are_counted_per_day_and_read_back_with_their_rates() {
    let fx = fixture().await;
    let app = fx.app().await;
    // What a page's loader sends as it is hidden: text/plain, so the browser sends no preflight.
    for body in [
        r#"{"key":"wk_test","events":["shown","started","report","lead"]}"#,
        r#"{"key":"wk_test","events":["shown","started"]}"#,
        r#"{"key":"wk_test","events":["shown"]}"#,
    ] {
        let response =
            test::call_service(&app, events(body, "text/plain;charset=UTF-8").to_request()).await;
        assert_eq!(response.status(), 204, "{body}");
        assert_eq!(
            response
                .headers()
                .get("access-control-allow-origin")
                .and_then(|v| v.to_str().ok()),
            Some(SHOP)
        );
    }
    let response = test::call_service(
        &app,
        events(
            r#"{"key":"wk_test","events":["shown"]}"#,
            "application/json",
        )
        .to_request(),
    )
    .await;
    assert_eq!(response.status(), 204);

    let (status, report) = funnel_of(&fx, &app, "key=wk_test").await;
    assert_eq!(status, 200, "{report}");
    let days = report["days"].as_array().unwrap();
    assert_eq!(days.len(), 30, "the default range is the last 30 days");
    let last = days.last().unwrap();
    assert_eq!(last["day"], today());
    assert_eq!(
        (
            &last["shown"],
            &last["started"],
            &last["report"],
            &last["lead"]
        ),
        (&json!(4), &json!(2), &json!(1), &json!(1))
    );
    assert_eq!(
        days[0]["shown"], 0,
        "a day without visits is listed as zeros"
    );

    // The console's figures, computed by the shared rules from what it reads.
    let parsed: annexa_shared::funnel::FunnelReport = serde_json::from_value(report).unwrap();
    let totals = parsed.totals();
    assert_eq!(
        totals.rate(FunnelStep::Shown, FunnelStep::Started),
        Some(50.0)
    );
    assert_eq!(
        totals.rate(FunnelStep::Started, FunnelStep::Report),
        Some(50.0)
    );
}

#[actix_web::test]
async fn a_batch_is_checked_like_every_widget_request() {
    let fx = fixture().await;
    let app = fx.app().await;
    let cases = [
        // An origin the key does not allow.
        (
            events(r#"{"key":"wk_test","events":["shown"]}"#, "text/plain")
                .insert_header(("origin", "https://elsewhere.example")),
            403,
        ),
        (
            events(r#"{"key":"wk_nope","events":["shown"]}"#, "text/plain"),
            404,
        ),
        (
            events(r#"{"key":"../etc","events":["shown"]}"#, "text/plain"),
            404,
        ),
        // Something other than a step: an answer, an identifier.
        (
            events(r#"{"key":"wk_test","events":["answers"]}"#, "text/plain"),
            422,
        ),
        (
            events(
                r#"{"key":"wk_test","events":["shown"],"visitor":"abc"}"#,
                "text/plain",
            ),
            422,
        ),
        (events("shown", "text/plain"), 400),
        (
            events(r#"{"key":"wk_test","events":[]}"#, "application/xml"),
            415,
        ),
        (
            events(
                &format!(
                    r#"{{"key":"wk_test","events":[{}]}}"#,
                    vec![r#""shown""#; 33].join(",")
                ),
                "text/plain",
            ),
            422,
        ),
        (
            events(
                &format!(
                    r#"{{"key":"wk_test","events":[],"x":"{}"}}"#,
                    "a".repeat(3000)
                ),
                "text/plain",
            ),
            413,
        ),
    ];
    for (request, expected) in cases {
        let response = test::call_service(&app, request.to_request()).await;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert_eq!(status, expected);
        assert_eq!(content_type, "application/problem+json", "{expected}");
    }
    let (_, report) = funnel_of(&fx, &app, "key=wk_test").await;
    assert_eq!(
        report["days"].as_array().unwrap().last().unwrap()["shown"],
        0,
        "no refused batch was counted"
    );
}

#[actix_web::test]
async fn a_key_with_analytics_off_counts_nothing_and_says_so_to_the_loader() {
    let fx = fixture().await;
    let app = fx.app().await;
    let created = test::call_service(
        &app,
        TestRequest::post()
            .uri("/api/v1/widget-keys")
            .insert_header(fx.bearer())
            .set_json(json!({"key": "wk_quiet", "owner_name": "Quiet Audits",
                "allowed_origins": [SHOP], "analytics": false}))
            .to_request(),
    )
    .await;
    assert_eq!(created.status(), 201);
    let created: Value = test::read_body_json(created).await;
    assert_eq!(created["analytics"], false);

    // The loader reads the flag from the widget's configuration, next to the wasm's fields.
    for (key, expected) in [("wk_quiet", false), ("wk_test", true)] {
        let config: Value = test::call_and_read_body_json(
            &app,
            TestRequest::get()
                .uri(&format!("/api/v1/widget-config/{key}"))
                .insert_header(("origin", SHOP))
                .to_request(),
        )
        .await;
        assert_eq!(config["analytics"], expected, "{key}");
        assert_eq!(config["key"], key);
    }

    let response = test::call_service(
        &app,
        events(
            r#"{"key":"wk_quiet","events":["shown","started"]}"#,
            "text/plain",
        )
        .to_request(),
    )
    .await;
    assert_eq!(response.status(), 204);
    let (_, report) = funnel_of(&fx, &app, "key=wk_quiet").await;
    let last = report["days"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((&last["shown"], &last["started"]), (&json!(0), &json!(0)));
}

#[actix_web::test]
async fn the_funnel_reads_a_chosen_range_for_one_key_or_all_and_refuses_bad_ranges() {
    let fx = fixture().await;
    let app = fx.app().await;
    widget_keys::create(
        fx.pool(),
        widget_keys::NewWidgetKey {
            key: Some("wk_other".into()),
            owner_name: "Other".into(),
            allowed_origins: vec![SHOP.into()],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let day = |text: &str| text.parse::<annexa_shared::Date>().unwrap();
    funnel::add(fx.pool(), KEY, day("2026-11-02"), FunnelStep::Shown, 120)
        .await
        .unwrap();
    funnel::add(fx.pool(), KEY, day("2026-11-02"), FunnelStep::Started, 30)
        .await
        .unwrap();
    funnel::add(
        fx.pool(),
        "wk_other",
        day("2026-11-02"),
        FunnelStep::Shown,
        5,
    )
    .await
    .unwrap();
    funnel::add(fx.pool(), KEY, day("2026-11-05"), FunnelStep::Shown, 7)
        .await
        .unwrap();

    let (status, one) = funnel_of(&fx, &app, "key=wk_test&from=2026-11-01&to=2026-11-03").await;
    assert_eq!(status, 200);
    assert_eq!(one["widget_key"], KEY);
    let days: Vec<(&str, u64, u64)> = one["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["day"].as_str().unwrap(),
                d["shown"].as_u64().unwrap(),
                d["started"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2026-11-01", 0, 0),
            ("2026-11-02", 120, 30),
            ("2026-11-03", 0, 0)
        ]
    );

    let (_, all) = funnel_of(&fx, &app, "from=2026-11-02&to=2026-11-02").await;
    assert_eq!(all["widget_key"], Value::Null);
    assert_eq!(all["days"][0]["shown"], 125, "all keys together");

    for (query, expected) in [
        ("from=2026-11-05&to=2026-11-01", 400),
        ("from=2025-01-01&to=2026-11-01", 400),
        ("from=yesterday", 400),
        ("key=wk_nope", 404),
        ("colour=red", 400),
    ] {
        let (status, problem) = funnel_of(&fx, &app, query).await;
        assert_eq!(status, expected, "{query}: {problem}");
    }
    let anonymous =
        test::call_service(&app, TestRequest::get().uri("/api/v1/funnel").to_request()).await;
    assert_eq!(anonymous.status(), 401);
}

#[actix_web::test]
async fn a_widget_keys_settings_are_changed_and_a_first_webhook_gets_its_secret_once() {
    let fx = fixture().await;
    let app = fx.app().await;
    let put = |body: Value| {
        TestRequest::put()
            .uri("/api/v1/widget-keys/wk_test")
            .insert_header(fx.bearer())
            .set_json(body)
            .to_request()
    };
    let settings = json!({
        "owner_name": "Example Consulting GmbH",
        "allowed_origins": ["https://shop.example", "https://www.example.org/"],
        "lead_capture": false,
        "consent_text": "Example Consulting GmbH may contact me.",
        "cta_style": "button",
        "cta_text": "Talk to an auditor",
        "booking_url": "https://example.org/book",
        "analytics": false,
        "accent": "#0b5cad",
    });
    let response = test::call_service(&app, put(settings.clone())).await;
    assert_eq!(response.status(), 200);
    let changed: Value = test::read_body_json(response).await;
    assert_eq!(changed["owner_name"], "Example Consulting GmbH");
    assert_eq!(
        changed["allowed_origins"],
        json!(["https://shop.example", "https://www.example.org"])
    );
    assert_eq!(changed["lead_capture"], false);
    assert_eq!(changed["cta_text"], "Talk to an auditor");
    assert_eq!(changed["analytics"], false);
    assert!(changed.get("webhook_secret").is_none());
    let listed = widget_keys::get(fx.pool(), KEY).await.unwrap().unwrap();
    assert_eq!(
        listed.booking_url.as_deref(),
        Some("https://example.org/book")
    );
    assert!(!listed.analytics);
    assert_eq!(listed.accent.as_deref(), Some("#0b5cad"));

    // A first webhook: its secret is in this answer only; sending the URL back as listed keeps
    // the secret (no new one is shown).
    let mut with_hook = settings.clone();
    with_hook["webhook_url"] = json!("https://hooks.example.net/annexa");
    let first: Value =
        test::read_body_json(test::call_service(&app, put(with_hook.clone())).await).await;
    let secret = first["webhook_secret"]
        .as_str()
        .expect("a new secret")
        .to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let again: Value = test::read_body_json(test::call_service(&app, put(with_hook)).await).await;
    assert!(again.get("webhook_secret").is_none(), "{again}");
    assert_eq!(
        widget_keys::webhook_of(fx.pool(), KEY).await.unwrap(),
        Some(("https://hooks.example.net/annexa".into(), secret))
    );

    // Bad settings are refused field by field; another key name, a missing key.
    let mut bad = settings.clone();
    bad["allowed_origins"] = json!(["https://shop.example/page"]);
    bad["cta_text"] = json!("");
    let response = test::call_service(&app, put(bad)).await;
    assert_eq!(response.status(), 422);
    let problem: Value = test::read_body_json(response).await;
    assert_eq!(
        problem["errors"].as_array().map(Vec::len),
        Some(2),
        "{problem}"
    );
    let mut renamed = settings.clone();
    renamed["key"] = json!("wk_other");
    assert_eq!(test::call_service(&app, put(renamed)).await.status(), 422);
    let missing = test::call_service(
        &app,
        TestRequest::put()
            .uri("/api/v1/widget-keys/wk_nope")
            .insert_header(fx.bearer())
            .set_json(settings)
            .to_request(),
    )
    .await;
    assert_eq!(missing.status(), 404);
}

/// A receiver on loopback that answers `status` to every POST and keeps the event header and
/// the signature it got.
async fn receiver(
    status: u16,
) -> (
    u16,
    actix_web::web::Data<std::sync::Mutex<Vec<(String, String)>>>,
) {
    use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
    let calls = web::Data::new(std::sync::Mutex::new(Vec::<(String, String)>::new()));
    let data = calls.clone();
    let server = HttpServer::new(move || {
        App::new().app_data(data.clone()).route(
            "/hook",
            web::post().to(
                move |req: HttpRequest,
                      calls: web::Data<std::sync::Mutex<Vec<(String, String)>>>| async move {
                    let header = |name: &str| {
                        req.headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_owned()
                    };
                    calls
                        .lock()
                        .unwrap()
                        .push((header("x-annexa-event"), header("x-annexa-signature")));
                    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                        .finish()
                },
            ),
        )
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .unwrap();
    let port = server.addrs()[0].port();
    actix_web::rt::spawn(server.run());
    (port, calls)
}

#[actix_web::test]
async fn a_test_delivery_reaches_the_webhook_signed_and_a_failure_says_why() {
    let mut config = config();
    // The receivers are on loopback over plain HTTP: allowed only by this test's policy.
    config.webhooks = annexa_api::webhook::WebhookPolicy {
        allow_http: true,
        allow_private: true,
    };
    let fx = fixture_with(config).await;
    let app = fx.app().await;
    let test_delivery = |key: &str| {
        TestRequest::post()
            .uri(&format!("/api/v1/widget-keys/{key}/webhook-test"))
            .insert_header(fx.bearer())
            .to_request()
    };
    // No webhook: nothing to test.
    assert_eq!(
        test::call_service(&app, test_delivery(KEY)).await.status(),
        404
    );

    let (port, calls) = receiver(204).await;
    let secret = webhook_key(&fx, format!("http://127.0.0.1:{port}/hook")).await;
    let answer: Value = test::call_and_read_body_json(&app, test_delivery("wk_hook")).await;
    assert_eq!(
        (
            &answer["delivered"],
            &answer["status_code"],
            &answer["error"]
        ),
        (&json!(true), &json!(204), &Value::Null),
        "{answer}"
    );
    assert!(
        answer["delivery_id"]
            .as_str()
            .is_some_and(|id| id.starts_with("whd_")),
        "{answer}"
    );
    let received = calls.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].0, "webhook.test");
    assert!(
        received[0].1.starts_with("t=") && received[0].1.contains(",v2="),
        "{:?}",
        received[0]
    );
    assert!(!secret.is_empty());

    // A receiver that fails: the status and the reason come back; nothing is queued for a
    // retry, and the attempt is listed as given up.
    let (failing, _) = receiver(503).await;
    widget_keys::create(
        fx.pool(),
        widget_keys::NewWidgetKey {
            key: Some("wk_down".into()),
            owner_name: "Down".into(),
            allowed_origins: vec![SHOP.into()],
            webhook_url: Some(format!("http://127.0.0.1:{failing}/hook")),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let answer: Value = test::call_and_read_body_json(&app, test_delivery("wk_down")).await;
    assert_eq!(answer["delivered"], false);
    assert_eq!(answer["status_code"], 503);
    assert_eq!(answer["error"], "HTTP 503");
    let listed: Value = test::call_and_read_body_json(
        &app,
        TestRequest::get()
            .uri("/api/v1/widget-keys/wk_down/deliveries")
            .insert_header(fx.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(
        listed,
        json!([{
            "id": answer["delivery_id"],
            "lead_id": null,
            "event": "webhook.test",
            "host": format!("127.0.0.1:{failing}"),
            "state": "gave_up",
            "attempts": 1,
            "status_code": 503,
            "last_error": "HTTP 503",
            "next_attempt_at": null,
            "finished_at": listed[0]["finished_at"],
        }])
    );
    assert_eq!(
        annexa_api::store::webhooks::count(fx.pool()).await.unwrap(),
        0
    );
}

#[actix_web::test]
async fn a_lead_whose_delivery_failed_is_listed_with_its_attempts_and_next_retry() {
    let fx = fixture().await;
    let app = fx.app().await;
    webhook_key(&fx, "https://hooks.example.net/in".into()).await;
    let mut body = lead_body(&answers(
        annexa_shared::Mode::Quick,
        annexa_shared::AnswerValue::Yes,
    ));
    body["widget_key"] = "wk_hook".into();
    let created = test::call_service(
        &app,
        TestRequest::post()
            .uri("/api/v1/leads")
            .insert_header(("origin", SHOP))
            .set_json(&body)
            .to_request(),
    )
    .await;
    assert_eq!(created.status(), 201);
    let created: Value = test::read_body_json(created).await;
    // The worker's first attempt failed with a 502: it is waiting for its retry.
    let claim = annexa_api::store::webhooks::claim(fx.pool(), "9999-12-31T00:00:00.000Z")
        .await
        .unwrap()
        .expect("a queued delivery");
    annexa_api::store::webhooks::finish(
        fx.pool(),
        claim,
        &annexa_api::store::webhooks::Outcome::Retry {
            attempts: 1,
            next_at: "2026-12-02T10:00:10.000Z".into(),
            error: "HTTP 502".into(),
        },
    )
    .await
    .unwrap();
    let queued: Value = test::call_and_read_body_json(
        &app,
        TestRequest::get()
            .uri("/api/v1/widget-keys/wk_hook/deliveries")
            .insert_header(fx.bearer())
            .to_request(),
    )
    .await;
    let queued = queued.as_array().unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0]["lead_id"], created["id"]);
    assert_eq!(queued[0]["attempts"], 1);
    assert_eq!(queued[0]["status_code"], 502);
    assert_eq!(queued[0]["next_attempt_at"], "2026-12-02T10:00:10.000Z");
    assert_eq!(queued[0]["state"], "queued");
    // Another key sees none of them; an unknown key is a 404.
    let other: Value = test::call_and_read_body_json(
        &app,
        TestRequest::get()
            .uri(&format!("/api/v1/widget-keys/{KEY}/deliveries"))
            .insert_header(fx.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(other, json!([]));
    let missing = test::call_service(
        &app,
        TestRequest::get()
            .uri("/api/v1/widget-keys/wk_nope/deliveries")
            .insert_header(fx.bearer())
            .to_request(),
    )
    .await;
    assert_eq!(missing.status(), 404);
}

//! Catalog, questionnaire and assessment routes: happy paths, ETag, and every client error as
//! problem+json.

mod common;

use actix_web::http::header;
use actix_web::test::{self, TestRequest};
use annexa_shared::{AnswerValue, Mode};
use common::*;
use serde_json::Value;

#[actix_web::test]
async fn catalog_is_cacheable_with_etag_and_304() {
    let fx = fixture().await;
    let app = fx.app().await;
    let response = send(&app, public_get("/api/v1/catalog")).await;
    assert_eq!(response.status(), 200);
    let etag = response.headers().get(header::ETAG).unwrap().clone();
    let body: Value = test::read_body_json(response).await;
    assert_eq!(body["controls"].as_array().unwrap().len(), 93);
    assert_eq!(body["controls"][0]["id"], "A.5.1");

    let again = TestRequest::get()
        .uri("/api/v1/catalog")
        .insert_header((header::IF_NONE_MATCH, etag.clone()))
        .to_request();
    let response = test::call_service(&app, again).await;
    assert_eq!(response.status(), 304);
    assert_eq!(header_value(&response, header::ETAG), &etag);
    assert!(test::read_body(response).await.is_empty());

    let stale = TestRequest::get()
        .uri("/api/v1/catalog")
        .insert_header((header::IF_NONE_MATCH, "\"stale\""))
        .to_request();
    assert_eq!(test::call_service(&app, stale).await.status(), 200);
}

#[actix_web::test]
async fn questionnaire_by_mode_with_etag_and_bad_mode_problem() {
    let fx = fixture().await;
    let app = fx.app().await;
    let response = send(&app, public_get("/api/v1/questionnaire?mode=quick")).await;
    assert_eq!(response.status(), 200);
    let quick_etag = response.headers().get(header::ETAG).unwrap().clone();
    let body: Value = test::read_body_json(response).await;
    assert_eq!(body["mode"], "quick");
    assert_eq!(body["version"], annexa_shared::QUESTIONNAIRE_VERSION);

    let full = test::call_service(
        &app,
        TestRequest::get()
            .uri("/api/v1/questionnaire?mode=full")
            .insert_header((header::IF_NONE_MATCH, quick_etag.clone()))
            .to_request(),
    )
    .await;
    assert_eq!(
        full.status(),
        200,
        "the quick ETag must not match the full questionnaire"
    );

    let cached = test::call_service(
        &app,
        TestRequest::get()
            .uri("/api/v1/questionnaire?mode=quick")
            .insert_header((header::IF_NONE_MATCH, quick_etag))
            .to_request(),
    )
    .await;
    assert_eq!(cached.status(), 304);

    for uri in [
        "/api/v1/questionnaire?mode=long",
        "/api/v1/questionnaire",
        "/api/v1/questionnaire?mode=quick&colour=blue",
    ] {
        let response = send(&app, public_get(uri)).await;
        assert_eq!(response.status(), 400, "{uri}");
        problem_of(response, 400, "invalid-query").await;
    }
}

#[actix_web::test]
async fn score_returns_exactly_the_shared_report() {
    let fx = fixture().await;
    let app = fx.app().await;
    for (value, overall) in [(AnswerValue::Yes, 100.0), (AnswerValue::No, 0.0)] {
        let doc = answers(Mode::Full, value);
        let response = send(&app, public_post("/api/v1/assessments/score", &doc)).await;
        assert_eq!(response.status(), 200);
        assert_eq!(content_type(&response).as_deref(), Some("application/json"));
        let body = test::read_body(response).await;
        let expected = serde_json::to_string(&annexa_shared::score(&doc).unwrap()).unwrap();
        assert_eq!(std::str::from_utf8(&body).unwrap(), expected);
        let report: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(report["overall"], overall);
    }
}

#[actix_web::test]
async fn malformed_json_wrong_type_unknown_fields_and_bad_answers_are_problems() {
    let fx = fixture().await;
    let app = fx.app().await;
    let post = |body: &'static str, content_type: &'static str| {
        TestRequest::post()
            .uri("/api/v1/assessments/score")
            .insert_header((header::CONTENT_TYPE, content_type))
            .set_payload(body)
            .to_request()
    };

    let response = test::call_service(&app, post("{\"mode\": ", "application/json")).await;
    let problem = problem_of(response, 400, "malformed-json").await;
    assert!(
        problem["detail"].as_str().unwrap().contains("line 1"),
        "{problem}"
    );

    let response = test::call_service(&app, post("{}", "text/plain")).await;
    problem_of(response, 415, "unsupported-media-type").await;

    let response = test::call_service(
        &app,
        post(
            r#"{"questionnaire_version":"2026.1","mode":"quick","answers":{},"score":100}"#,
            "application/json",
        ),
    )
    .await;
    let problem = problem_of(response, 422, "invalid-body").await;
    assert!(
        problem["detail"].as_str().unwrap().contains("score"),
        "{problem}"
    );

    let response = test::call_service(
        &app,
        post(
            r#"{"questionnaire_version":"2026.1","mode":"sometimes","answers":{}}"#,
            "application/json",
        ),
    )
    .await;
    let problem = problem_of(response, 422, "invalid-body").await;
    assert_eq!(problem["errors"][0]["pointer"], "/mode", "{problem}");

    // A clause requirement answered not_applicable: refused, naming the question.
    let mut doc = answers(Mode::Full, AnswerValue::Yes);
    let clause = clause_question(Mode::Full);
    doc.answers.get_mut(&clause).unwrap().value = AnswerValue::NotApplicable;
    let annex = annex_a_question(Mode::Full);
    doc.answers.get_mut(&annex).unwrap().value = AnswerValue::NotApplicable;
    let response = send(&app, public_post("/api/v1/assessments/score", &doc)).await;
    let problem = problem_of(response, 422, "invalid-answers").await;
    let pointers: Vec<&str> = error_pointers(&problem);
    assert!(
        pointers.contains(&format!("/answers/{clause}/value").as_str()),
        "{problem}"
    );
    assert!(
        pointers.contains(&format!("/answers/{annex}/justification").as_str()),
        "{problem}"
    );

    let mut doc = answers(Mode::Quick, AnswerValue::Yes);
    doc.questionnaire_version = "1999.1".into();
    let response = send(&app, public_post("/api/v1/assessments/score", &doc)).await;
    problem_of(response, 422, "unknown-questionnaire-version").await;
}

#[actix_web::test]
async fn soa_as_json_and_csv_plan_and_advice() {
    let fx = fixture().await;
    let app = fx.app().await;
    let doc = answers(Mode::Full, AnswerValue::Partial);

    let response = send(&app, public_post("/api/v1/assessments/soa", &doc)).await;
    assert_eq!(response.status(), 200);
    let soa: Value = test::read_body_json(response).await;
    assert_eq!(soa["controls"].as_array().unwrap().len(), 93);

    let response = send(
        &app,
        public_post("/api/v1/assessments/soa?format=csv", &doc),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(content_type(&response).unwrap().starts_with("text/csv"));
    let csv = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    assert_eq!(csv.lines().count(), 94, "header + 93 controls");
    assert!(csv.contains("A.8.34"));

    let response = send(
        &app,
        public_post("/api/v1/assessments/soa?format=xml", &doc),
    )
    .await;
    assert_eq!(response.status(), 400);

    let mut small = answers(Mode::Full, AnswerValue::Yes);
    small.profile.persons_in_scope = Some(20);
    let response = send(
        &app,
        public_post("/api/v1/assessments/plan?start=2027-01-04", &small),
    )
    .await;
    assert_eq!(response.status(), 200);
    let plan: Value = test::read_body_json(response).await;
    assert_eq!(plan["start"], "2027-01-04");
    assert_eq!(plan["audit_days"]["base_initial"], 7.0);

    let response = send(
        &app,
        public_post("/api/v1/assessments/plan?start=2027-02-30", &small),
    )
    .await;
    problem_of(response, 400, "invalid-query").await;

    let response = send(&app, public_post("/api/v1/assessments/advice", &doc)).await;
    assert_eq!(response.status(), 200);
    let advice: Value = test::read_body_json(response).await;
    assert_eq!(advice[0]["framework"], "iso27001");
}

#[actix_web::test]
async fn body_over_the_limit_is_413() {
    let mut config = config();
    config.body_limit = 1024;
    let fx = fixture_with(config).await;
    let app = fx.app().await;
    let doc = answers(Mode::Full, AnswerValue::Yes);
    let response = send(&app, public_post("/api/v1/assessments/score", &doc)).await;
    problem_of(response, 413, "payload-too-large").await;
}

#[actix_web::test]
async fn per_ip_rate_limit_is_429_with_retry_after() {
    let mut config = config();
    config.ip_rate_per_minute = 3;
    let fx = fixture_with(config).await;
    let app = fx.app().await;
    let request = |ip: &str| {
        TestRequest::get()
            .uri("/api/v1/questionnaire?mode=quick")
            .peer_addr(format!("{ip}:5000").parse().unwrap())
            .to_request()
    };
    for _ in 0..3 {
        assert_eq!(
            test::call_service(&app, request("10.0.0.7")).await.status(),
            200
        );
    }
    let response = test::call_service(&app, request("10.0.0.7")).await;
    let retry_after: u64 = response
        .headers()
        .get(header::RETRY_AFTER)
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    problem_of(response, 429, "rate-limited").await;
    // Another client is not affected, nor are health checks.
    assert_eq!(
        test::call_service(&app, request("10.0.0.8")).await.status(),
        200
    );
    let health = TestRequest::get()
        .uri("/healthz")
        .peer_addr("10.0.0.7:5000".parse().unwrap())
        .to_request();
    assert_eq!(test::call_service(&app, health).await.status(), 200);
}

#[actix_web::test]
async fn unknown_api_route_is_a_problem() {
    let fx = fixture().await;
    let app = fx.app().await;
    let response = send(&app, public_get("/api/v1/nothing-here")).await;
    problem_of(response, 404, "not-found").await;
}

#[actix_web::test]
async fn wrong_method_is_a_problem() {
    let fx = fixture().await;
    let app = fx.app().await;
    for (method, uri) in [
        ("PUT", "/api/v1/leads"),
        ("DELETE", "/healthz"),
        ("GET", "/api/v1/assessments/score"),
    ] {
        let response = test::call_service(
            &app,
            TestRequest::default()
                .method(method.parse().unwrap())
                .uri(uri)
                .to_request(),
        )
        .await;
        let problem = problem_of(response, 405, "method-not-allowed").await;
        assert!(
            problem["detail"].as_str().unwrap().contains(uri),
            "{problem}"
        );
    }
}

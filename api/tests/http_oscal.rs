//! OSCAL and coverage routes: the shared crate's documents over HTTP, and client mistakes as
//! problem+json.

mod common;

use actix_web::test;
use annexa_shared::{AnswerValue, Mode};
use common::*;
use serde_json::Value;

#[actix_web::test]
async fn oscal_catalog_and_profile_are_the_shared_documents() {
    let fx = fixture().await;
    let app = fx.app().await;
    for (uri, expected) in [
        (
            "/api/v1/oscal/catalog",
            serde_json::to_string(&annexa_shared::oscal::catalog()).unwrap(),
        ),
        (
            "/api/v1/oscal/profile",
            serde_json::to_string(&annexa_shared::oscal::profile()).unwrap(),
        ),
    ] {
        let response = send(&app, public_get(uri)).await;
        assert_eq!(response.status(), 200, "{uri}");
        assert_eq!(content_type(&response).as_deref(), Some("application/json"));
        let body = test::read_body(response).await;
        assert_eq!(std::str::from_utf8(&body).unwrap(), expected, "{uri}");
    }
}

#[actix_web::test]
async fn ssp_and_assessment_results_of_an_assessment() {
    let fx = fixture().await;
    let app = fx.app().await;
    let doc = answers(Mode::Full, AnswerValue::No);

    let response = send(
        &app,
        public_post("/api/v1/assessments/oscal?document=ssp", &doc),
    )
    .await;
    assert_eq!(response.status(), 200);
    let ssp: annexa_shared::OscalSsp = test::read_body_json(response).await;
    let plan = &ssp.system_security_plan;
    assert_eq!(plan.metadata.oscal_version, "1.2.1");
    assert_eq!(
        plan.control_implementation.implemented_requirements.len(),
        93
    );
    // Timestamped by the server, and the SoA survives the trip.
    annexa_shared::oscal::check_timestamp(&plan.metadata.last_modified).unwrap();
    assert_eq!(
        annexa_shared::oscal::soa_from_ssp(&ssp).unwrap(),
        annexa_shared::statement_of_applicability(&doc).unwrap()
    );

    let response = send(
        &app,
        public_post(
            "/api/v1/assessments/oscal?document=assessment-results",
            &doc,
        ),
    )
    .await;
    assert_eq!(response.status(), 200);
    let results: Value = test::read_body_json(response).await;
    let result = &results["assessment-results"]["results"][0];
    let findings = result["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 123);
    assert!(
        findings
            .iter()
            .all(|f| f["target"]["status"]["state"] == "not-satisfied")
    );
    assert_eq!(result["risks"].as_array().unwrap().len(), 123);
}

#[actix_web::test]
async fn coverage_as_json_and_csv() {
    let fx = fixture().await;
    let app = fx.app().await;
    let doc = answers(Mode::Full, AnswerValue::Yes);

    let response = send(&app, public_post("/api/v1/assessments/coverage", &doc)).await;
    assert_eq!(response.status(), 200);
    let body: Value = test::read_body_json(response).await;
    assert!(
        body["disclaimer"]
            .as_str()
            .unwrap()
            .contains("not a statement of compliance")
    );
    let frameworks = body["frameworks"].as_array().unwrap();
    assert_eq!(frameworks.len(), 3);
    assert_eq!(frameworks[2]["framework"], "nis2_cir2024_2690");
    assert_eq!(frameworks[2]["counts"]["all_met"], 325);

    let response = send(
        &app,
        public_post("/api/v1/assessments/coverage?format=csv", &doc),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        content_type(&response).as_deref(),
        Some("text/csv; charset=utf-8")
    );
    let csv = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    let expected = annexa_shared::coverage(&doc).unwrap().to_csv();
    assert_eq!(csv, expected);
    assert_eq!(csv.lines().count(), 1 + 106 + 220 + 325);
}

#[actix_web::test]
async fn client_mistakes_are_problems_not_500s() {
    let fx = fixture().await;
    let app = fx.app().await;
    let doc = answers(Mode::Full, AnswerValue::Yes);
    for uri in [
        "/api/v1/assessments/oscal",
        "/api/v1/assessments/oscal?document=poam",
        "/api/v1/assessments/oscal?document=ssp&extra=1",
        "/api/v1/assessments/coverage?format=xlsx",
    ] {
        let response = send(&app, public_post(uri, &doc)).await;
        problem_of(response, 400, "invalid-query").await;
    }

    let mut bad = doc.clone();
    bad.answers.insert(
        clause_question(Mode::Full),
        annexa_shared::Answer {
            value: AnswerValue::NotApplicable,
            justification: Some("we think not".into()),
        },
    );
    for uri in [
        "/api/v1/assessments/oscal?document=ssp",
        "/api/v1/assessments/oscal?document=assessment-results",
        "/api/v1/assessments/coverage",
    ] {
        let response = send(&app, public_post(uri, &bad)).await;
        let problem = problem_of(response, 422, "invalid-answers").await;
        assert!(
            problem["errors"][0]["pointer"]
                .as_str()
                .unwrap()
                .starts_with("/answers/"),
            "{problem}"
        );
    }

    let mut old = doc;
    old.questionnaire_version = "2019.1".into();
    let response = send(&app, public_post("/api/v1/assessments/coverage", &old)).await;
    problem_of(response, 422, "unknown-questionnaire-version").await;
}

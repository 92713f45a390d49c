//! The sales follow-up of a lead over HTTP: search, band and status filters and sorting of the
//! list and its CSV; the status (`PATCH /api/v1/leads/{id}`) and notes (`POST
//! /api/v1/leads/{id}/notes`) kept with who and when; bad input as problem+json; the
//! `leads:write` scope; the console header for a session; erasure taking the history with it.

mod common;

use actix_web::cookie::Cookie;
use actix_web::test::{self, TestRequest};
use annexa_api::http::session::{CONSOLE_HEADER, COOKIE};
use annexa_api::store::api_keys::{self, Scope};
use annexa_shared::{AnswerValue, Mode};
use common::*;
use serde_json::{Value, json};

/// The person whose lead the follow-up tests change: name, e-mail, company.
const ANA: (&str, &str, &str) = ("Ana Silva", "ana@acme.example", "ACME Ltd");

/// Sends a lead of `name`, `email`, `company` answering every question `value`; its id.
async fn lead_of<S, B>(
    app: &S,
    name: &str,
    email: &str,
    company: &str,
    value: AnswerValue,
) -> String
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let mut body = lead_body(&answers(Mode::Quick, value));
    body["contact"] = json!({"name": name, "email": email, "company": company});
    let response = send(app, shop_post("/api/v1/leads", body)).await;
    assert_eq!(response.status(), 201);
    let created: Value = test::read_body_json(response).await;
    created["id"].as_str().unwrap().to_owned()
}

fn companies(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["contact"]["company"].as_str().unwrap())
        .collect()
}

#[actix_web::test]
async fn the_inbox_searches_filters_and_sorts_and_the_csv_follows() {
    let fx = fixture().await;
    let app = fx.app().await;
    lead_of(
        &app,
        "Ana Silva",
        "ana@north.example",
        "Zeta Foods",
        AnswerValue::Yes,
    )
    .await;
    lead_of(
        &app,
        "Bo Berg",
        "bo@freight.example",
        "alpha Freight",
        AnswerValue::No,
    )
    .await;
    lead_of(
        &app,
        "Cy Okafor",
        "cy@south.example",
        "Mid Co",
        AnswerValue::Partial,
    )
    .await;
    let get = |uri: &str| TestRequest::get().uri(uri).insert_header(fx.bearer());

    let found: Value = test::read_body_json(send(&app, get("/api/v1/leads?q=OKAF")).await).await;
    assert_eq!(companies(&found), ["Mid Co"]);
    let found: Value =
        test::read_body_json(send(&app, get("/api/v1/leads?q=freight.example")).await).await;
    assert_eq!(companies(&found), ["alpha Freight"]);
    assert_eq!(found["items"][0]["sales_status"], "new");

    let sorted: Value =
        test::read_body_json(send(&app, get("/api/v1/leads?sort=company")).await).await;
    assert_eq!(
        companies(&sorted),
        ["alpha Freight", "Mid Co", "Zeta Foods"]
    );
    let sorted: Value =
        test::read_body_json(send(&app, get("/api/v1/leads?sort=score&direction=desc")).await)
            .await;
    assert_eq!(
        companies(&sorted),
        ["Zeta Foods", "Mid Co", "alpha Freight"]
    );
    let scores: Vec<f64> = sorted["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["overall"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

    // The band of the report is a filter; the all-yes lead is the only one ready.
    let ready_band = sorted["items"][0]["band"].as_str().unwrap().to_owned();
    let by_band: Value =
        test::read_body_json(send(&app, get(&format!("/api/v1/leads?band={ready_band}"))).await)
            .await;
    assert_eq!(companies(&by_band), ["Zeta Foods"]);

    // The CSV holds exactly what is filtered, in the same order, with band and status.
    let csv = send(
        &app,
        get("/api/v1/leads.csv?q=o&sort=company&direction=desc"),
    )
    .await;
    assert_eq!(csv.status(), 200);
    let csv = String::from_utf8(test::read_body(csv).await.to_vec()).unwrap();
    // Spreadsheet mode quotes every field; none of these has a comma or a quote inside.
    let records: Vec<Vec<&str>> = csv
        .lines()
        .map(|l| l.split(',').map(|f| f.trim_matches('"')).collect())
        .collect();
    let column = |name: &str| {
        records[0]
            .iter()
            .position(|header| *header == name)
            .unwrap_or_else(|| panic!("no {name} column in {:?}", records[0]))
    };
    let (company, band, status) = (column("company"), column("band"), column("sales_status"));
    let listed: Vec<&str> = records[1..].iter().map(|r| r[company]).collect();
    assert_eq!(listed, ["Zeta Foods", "Mid Co", "alpha Freight"]);
    assert_eq!(records[1][status], "new");
    assert!(
        records[1..].iter().all(|r| !r[band].is_empty()),
        "every lead has its band"
    );

    // Bad values are the client's mistake, said plainly.
    for (uri, words) in [
        ("/api/v1/leads?sort=colour", "colour"),
        ("/api/v1/leads?status=maybe", "maybe"),
        ("/api/v1/leads?band=great", "great"),
    ] {
        let problem = problem_of(send(&app, get(uri)).await, 400, "invalid-query").await;
        assert!(
            problem["detail"].as_str().unwrap().contains(words),
            "{uri}: {problem}"
        );
    }
    let long = format!("/api/v1/leads?q={}", "x".repeat(201));
    let problem = problem_of(send(&app, get(&long)).await, 400, "invalid-query").await;
    assert_eq!(
        problem["detail"],
        "q (the search text) is longer than 200 characters"
    );
}

#[actix_web::test]
async fn status_and_notes_are_kept_with_who_and_when_and_erased_with_the_lead() {
    let fx = fixture().await;
    let app = fx.app().await;
    let id = lead_of(&app, ANA.0, ANA.1, ANA.2, AnswerValue::Partial).await;
    let uri = format!("/api/v1/leads/{id}");
    let admin = |request: TestRequest| request.insert_header(fx.bearer());

    let changed = send(
        &app,
        admin(
            TestRequest::patch()
                .uri(&uri)
                .set_json(json!({"status": "contacted"})),
        ),
    )
    .await;
    assert_eq!(changed.status(), 200);
    let lead: Value = test::read_body_json(changed).await;
    assert_eq!(lead["sales_status"], "contacted");
    assert_eq!(lead["activity"][0]["by"], "test", "the admin key's name");
    assert_eq!(lead["activity"][0]["previous_status"], "new");
    assert_eq!(lead["activity"][0]["status"], "contacted");
    assert!(lead["activity"][0]["at"].as_str().unwrap().ends_with('Z'));

    let noted = send(
        &app,
        admin(
            TestRequest::post()
                .uri(&format!("{uri}/notes"))
                .set_json(json!({"text": "  Called; wants a quote.  "})),
        ),
    )
    .await;
    assert_eq!(noted.status(), 201);
    let lead: Value = test::read_body_json(noted).await;
    assert_eq!(lead["activity"][1]["note"], "Called; wants a quote.");
    assert_eq!(lead["activity"].as_array().unwrap().len(), 2);

    // Bad input: problem+json, never a 500.
    let problem = problem_of(
        send(
            &app,
            admin(
                TestRequest::patch()
                    .uri(&uri)
                    .set_json(json!({"status": "maybe"})),
            ),
        )
        .await,
        422,
        "invalid-body",
    )
    .await;
    assert!(problem["detail"].as_str().is_some());
    let problem = problem_of(
        send(
            &app,
            admin(
                TestRequest::post()
                    .uri(&format!("{uri}/notes"))
                    .set_json(json!({"text": "   "})),
            ),
        )
        .await,
        422,
        "validation-failed",
    )
    .await;
    assert_eq!(
        problem["detail"],
        "The note is empty: write something to keep."
    );
    problem_of(
        send(
            &app,
            admin(
                TestRequest::patch()
                    .uri("/api/v1/leads/nobody")
                    .set_json(json!({"status": "won"})),
            ),
        )
        .await,
        404,
        "not-found",
    )
    .await;

    // The list filters by status.
    let listed: Value = test::read_body_json(
        send(
            &app,
            admin(TestRequest::get().uri("/api/v1/leads?status=contacted")),
        )
        .await,
    )
    .await;
    assert_eq!(listed["total"], 1);

    // Erasure takes the follow-up with the lead.
    let erased = send(&app, admin(TestRequest::delete().uri(&uri))).await;
    assert_eq!(erased.status(), 204);
    assert!(
        annexa_api::store::leads::activity(fx.pool(), &id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[actix_web::test]
async fn changing_a_lead_needs_leads_write_and_a_session_needs_the_console_header() {
    let fx = fixture().await;
    let app = fx.app().await;
    let id = lead_of(&app, ANA.0, ANA.1, ANA.2, AnswerValue::Partial).await;
    let uri = format!("/api/v1/leads/{id}");
    let reader = api_keys::create_scoped(fx.pool(), "reader", &[Scope::LeadsRead], None)
        .await
        .unwrap();
    let refused = send(
        &app,
        TestRequest::patch()
            .uri(&uri)
            .insert_header(bearer(&reader.secret))
            .set_json(json!({"status": "won"})),
    )
    .await;
    problem_of(refused, 403, "insufficient-scope").await;

    let sales = api_keys::create_scoped(fx.pool(), "sales desk", &[Scope::LeadsWrite], None)
        .await
        .unwrap();
    let signed_in = send(
        &app,
        public_post("/api/v1/session", json!({"key": sales.secret})),
    )
    .await;
    assert_eq!(signed_in.status(), 201);
    let cookie: Cookie<'static> = signed_in
        .response()
        .cookies()
        .find(|c| c.name() == COOKIE)
        .unwrap()
        .into_owned();
    // What a cross-site form could send: the cookie without the console header.
    let forged = send(
        &app,
        TestRequest::post()
            .uri(&format!("{uri}/notes"))
            .cookie(cookie.clone())
            .set_json(json!({"text": "forged"})),
    )
    .await;
    problem_of(forged, 403, "console-header-missing").await;
    let from_console = send(
        &app,
        TestRequest::patch()
            .uri(&uri)
            .cookie(cookie.clone())
            .insert_header((CONSOLE_HEADER, "1"))
            .set_json(json!({"status": "qualified"})),
    )
    .await;
    assert_eq!(from_console.status(), 200);
    let lead: Value = test::read_body_json(from_console).await;
    assert_eq!(lead["activity"][0]["by"], "sales desk", "the session's key");
    assert_eq!(lead["sales_status"], "qualified");
}

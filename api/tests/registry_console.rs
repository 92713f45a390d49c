//! What the console's registry pages need from the API: an import sent from a console session
//! is recorded under the session's key; the history tells an operator (a key allowed to write
//! the registry, by bearer or session) who changed a certificate and from which file line, and
//! tells anyone else only that the registry imported or updated it; the pages' addresses are
//! served the console's page. SQLite, and PostgreSQL with `ANNEXA_TEST_STORE=postgres`.

mod registry_support;

use actix_web::cookie::Cookie;
use actix_web::test::{self, TestRequest};
use annexa_api::http::app;
use annexa_api::http::session::{CONSOLE_HEADER, COOKIE};
use registry_support::{ADMIN_KEY, database, payroll_json, state};
use serde_json::{Value, json};

/// Signs in with the admin key and returns the session cookie.
macro_rules! sign_in {
    ($service:expr) => {{
        let response = test::call_service(
            &$service,
            TestRequest::post()
                .uri("/api/v1/session")
                .set_json(json!({ "key": ADMIN_KEY }))
                .to_request(),
        )
        .await;
        assert_eq!(response.status(), 201);
        let cookie: Cookie<'static> = response
            .response()
            .cookies()
            .find(|c| c.name() == COOKIE)
            .expect("the session cookie")
            .into_owned();
        cookie
    }};
}

macro_rules! history {
    ($service:expr, $id:expr, $request:expr) => {{
        let request: TestRequest = $request;
        let body: Value = test::call_and_read_body_json(
            &$service,
            request
                .uri(&format!("/api/v1/certificates/{}/history", $id))
                .to_request(),
        )
        .await;
        body["history"].as_array().expect("a history").clone()
    }};
}

#[actix_web::test]
async fn an_import_from_the_console_is_kept_under_the_sessions_key_and_shown_to_operators() {
    let (_db, pool) = database().await;
    let service = test::init_service(app(state(&pool))).await;
    let cookie = sign_in!(service);

    // The console imports with its session cookie and header, as the import page does.
    let imported = test::call_service(
        &service,
        TestRequest::post()
            .uri("/api/v1/certificates/import")
            .cookie(cookie.clone())
            .insert_header((CONSOLE_HEADER, "1"))
            .insert_header(("content-type", "application/x-ndjson"))
            .set_payload(payroll_json("IS 9001", "active"))
            .to_request(),
    )
    .await;
    assert_eq!(imported.status(), 200);
    let report: Value = test::read_body_json(imported).await;
    assert_eq!(report["summary"]["created"], 1);
    let id = report["rows"][0]["id"].as_i64().expect("id");

    // Changed by a bearer key later.
    let changed = test::call_service(
        &service,
        TestRequest::post()
            .uri("/api/v1/certificates/import")
            .insert_header(("authorization", format!("Bearer {ADMIN_KEY}")))
            .insert_header(("content-type", "application/x-ndjson"))
            .set_payload(payroll_json("IS 9001", "suspended"))
            .to_request(),
    )
    .await;
    assert_eq!(changed.status(), 200);

    // The operator, signed in to the console, sees who and from where.
    let seen = history!(
        service,
        id,
        TestRequest::get()
            .cookie(cookie.clone())
            .insert_header((CONSOLE_HEADER, "1"))
    );
    assert_eq!(seen.len(), 2);
    let actor = seen[0]["actor"].as_str().expect("actor");
    assert!(
        actor.starts_with("api-key:registry tests ("),
        "the session's key, not a bare 'api-key': {actor}"
    );
    assert_eq!(seen[0]["source"], "api import, line 1");
    assert_eq!(
        seen[1]["changes"],
        json!({"status": {"from": "active", "to": "suspended"}})
    );
    // The same with the bearer key.
    let by_key = history!(
        service,
        id,
        TestRequest::get().insert_header(("authorization", format!("Bearer {ADMIN_KEY}")))
    );
    assert_eq!(by_key, seen);

    // Anyone else: only that the registry imported and updated it.
    let public = history!(service, id, TestRequest::get());
    assert_eq!(public[0]["actor"], "registry import");
    assert_eq!(public[1]["actor"], "registry update");
    assert!(public[0].get("source").is_none(), "{}", public[0]);
    let wrong_key = history!(
        service,
        id,
        TestRequest::get().insert_header(("authorization", "Bearer not-a-key"))
    );
    assert_eq!(wrong_key, public);
}

#[actix_web::test]
async fn the_registry_pages_addresses_serve_the_console() {
    let (_db, pool) = database().await;
    let service = test::init_service(app(state(&pool))).await;
    for path in [
        "/console/registry",
        "/console/registry/import",
        "/console/registry/42",
    ] {
        let response =
            test::call_service(&service, TestRequest::get().uri(path).to_request()).await;
        assert_eq!(response.status(), 200, "{path}");
        let body = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
        // The console's page, or (without a build where the test runs) the console's own
        // page saying how to build it: never the widget's page or a 404.
        assert!(
            body.contains("certificate check and console")
                || body.contains("The certificate check and the console are a separate build"),
            "{path}: {body}"
        );
    }
}

//! Console sign-in: an admin API key exchanged for a session cookie, which the admin routes
//! accept like the key (with its scopes); state-changing requests with the cookie need the
//! `X-Annexa-Console` header; sessions end when idle, when too old, at sign-out and when their
//! key is revoked. Runs on SQLite, and on PostgreSQL with `ANNEXA_TEST_STORE=postgres`.

mod common;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::test::{self, TestRequest};
use annexa_api::http::session::{CONSOLE_HEADER, COOKIE};
use annexa_api::store::api_keys;
use annexa_api::store::console_sessions::{self, ABSOLUTE_LIFETIME, IDLE_TIMEOUT};
use common::*;
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

fn session_cookie<B>(response: &actix_web::dev::ServiceResponse<B>) -> Cookie<'static> {
    response
        .response()
        .cookies()
        .find(|c| c.name() == COOKIE)
        .expect("the session cookie is set")
        .into_owned()
}

/// `request` with the session `cookie` only, as a cross-site form could send it.
fn with_cookie(request: TestRequest, cookie: &Cookie<'static>) -> TestRequest {
    request.cookie(cookie.clone())
}

/// `request` as the console sends it: the session cookie and the console header.
fn from_console(request: TestRequest, cookie: &Cookie<'static>) -> TestRequest {
    with_cookie(request, cookie).insert_header((CONSOLE_HEADER, "1"))
}

#[actix_web::test]
async fn a_session_lives_while_used_and_ends_when_idle_or_too_old() {
    let dir = tempfile::tempdir().unwrap();
    let (_pg, pool) = test_database(dir.path()).await;
    let key = api_keys::create(&pool, "sales").await.unwrap().key;
    let start = OffsetDateTime::now_utc();
    let session = console_sessions::create(&pool, &key.id, start)
        .await
        .unwrap();
    assert_eq!(session.token.len(), 64);
    // Only the token's SHA-256 is stored: a copy of the database cannot sign in.
    let stored = dump_all_tables(&pool).await;
    assert!(
        !stored.contains(&session.token),
        "the token itself is stored"
    );
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&session.token));
    assert!(
        stored.contains(&digest),
        "the token's SHA-256 is not stored"
    );

    // Used every 20 minutes, it outlives the 30-minute idle timeout …
    let mut at = start;
    for _ in 0..5 {
        at += Duration::minutes(20);
        let found = console_sessions::find(&pool, &session.token, at)
            .await
            .unwrap();
        assert_eq!(found.map(|s| s.key.name).as_deref(), Some("sales"));
    }
    // … but not its 12-hour absolute lifetime.
    let late = start + ABSOLUTE_LIFETIME + Duration::minutes(1);
    assert!(
        console_sessions::find(&pool, &session.token, late)
            .await
            .unwrap()
            .is_none()
    );

    // Left alone past the idle timeout, a session ends.
    let other = console_sessions::create(&pool, &key.id, start)
        .await
        .unwrap();
    let idle = start + IDLE_TIMEOUT + Duration::minutes(1);
    assert!(
        console_sessions::find(&pool, &other.token, idle)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(console_sessions::purge_ended(&pool, late).await.unwrap(), 2);
}

#[actix_web::test]
async fn sign_in_gives_a_strict_http_only_cookie_that_admin_routes_accept() {
    let fx = fixture().await;
    let app = fx.app().await;

    let wrong = send(
        &app,
        public_post("/api/v1/session", json!({"key": "annexa_not-a-key"})),
    )
    .await;
    assert_eq!(wrong.status(), 401);
    assert!(wrong.response().cookies().next().is_none());

    let signed_in = send(
        &app,
        public_post("/api/v1/session", json!({"key": fx.admin})),
    )
    .await;
    assert_eq!(signed_in.status(), 201);
    let cookie = session_cookie(&signed_in);
    assert_eq!(cookie.http_only(), Some(true));
    assert_eq!(cookie.same_site(), Some(SameSite::Strict));
    assert_eq!(cookie.path(), Some("/"));
    assert_ne!(cookie.secure(), Some(true), "plain HTTP: no Secure flag");
    assert_ne!(cookie.value(), fx.admin, "the key never becomes the cookie");
    let info: Value = test::read_body_json(signed_in).await;
    assert_eq!(info["key_name"], "test");
    assert_eq!(info["scopes"], json!(["admin"]));
    assert_eq!(info["idle_minutes"], 30);

    // Behind HTTPS the cookie is Secure.
    let over_https = test::call_service(
        &app,
        TestRequest::post()
            .uri("/api/v1/session")
            .insert_header(("x-forwarded-proto", "https"))
            .set_json(json!({"key": fx.admin}))
            .to_request(),
    )
    .await;
    assert_eq!(session_cookie(&over_https).secure(), Some(true));

    // Reading with the cookie works, and nothing of it may be cached.
    let leads = send(&app, with_cookie(public_get("/api/v1/leads"), &cookie)).await;
    assert_eq!(leads.status(), 200);
    assert_eq!(
        leads.headers().get("cache-control").unwrap(),
        "no-store",
        "admin answers are never cached"
    );

    // A state-changing request with the cookie but without the console header is refused:
    // that is what a cross-site form would send.
    let new_key = json!({"key": "wk_console", "owner_name": "Console Ltd",
                         "allowed_origins": ["https://console.example"]});
    let forged = send(
        &app,
        with_cookie(public_post("/api/v1/widget-keys", &new_key), &cookie),
    )
    .await;
    assert_eq!(forged.status(), 403);
    let problem: Value = test::read_body_json(forged).await;
    assert_eq!(
        problem["type"],
        "https://annexa.dev/problems/console-header-missing"
    );
    let made = send(
        &app,
        from_console(public_post("/api/v1/widget-keys", &new_key), &cookie),
    )
    .await;
    assert_eq!(made.status(), 201);
}

#[actix_web::test]
async fn a_session_has_its_keys_scopes_and_ends_at_sign_out_or_revocation() {
    let fx = fixture().await;
    let app = fx.app().await;
    let reader = api_keys::create_scoped(fx.pool(), "reader", &[api_keys::Scope::LeadsRead], None)
        .await
        .unwrap();
    let sign_in = |key: String| {
        TestRequest::post()
            .uri("/api/v1/session")
            .set_json(json!({ "key": key }))
            .to_request()
    };
    let response = test::call_service(&app, sign_in(reader.secret.clone())).await;
    let cookie = session_cookie(&response);
    let refused = send(
        &app,
        from_console(
            public_post(
                "/api/v1/widget-keys",
                json!({"key": "wk_x", "owner_name": "X", "allowed_origins": []}),
            ),
            &cookie,
        ),
    )
    .await;
    assert_eq!(refused.status(), 403);
    let problem: Value = test::read_body_json(refused).await;
    assert_eq!(
        problem["type"],
        "https://annexa.dev/problems/insufficient-scope"
    );

    // Revoking the key ends its sessions at once.
    assert!(api_keys::revoke(fx.pool(), &reader.key.id).await.unwrap());
    let after = send(&app, with_cookie(public_get("/api/v1/session"), &cookie)).await;
    assert_eq!(after.status(), 401);

    // Sign-out: refused without the console header, then the session is gone for good.
    let response = test::call_service(&app, sign_in(fx.admin.clone())).await;
    let cookie = session_cookie(&response);
    let current = send(&app, with_cookie(public_get("/api/v1/session"), &cookie)).await;
    assert_eq!(current.status(), 200);
    let forged = send(
        &app,
        with_cookie(TestRequest::delete().uri("/api/v1/session"), &cookie),
    )
    .await;
    assert_eq!(forged.status(), 403);
    let out = send(
        &app,
        from_console(TestRequest::delete().uri("/api/v1/session"), &cookie),
    )
    .await;
    assert_eq!(out.status(), 204);
    let removal = session_cookie(&out);
    assert_eq!(removal.value(), "");
    assert_eq!(
        removal.max_age(),
        Some(actix_web::cookie::time::Duration::ZERO)
    );
    let leads = send(&app, with_cookie(public_get("/api/v1/leads"), &cookie)).await;
    assert_eq!(leads.status(), 401);
}

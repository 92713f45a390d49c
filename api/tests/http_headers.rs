//! Response headers from issue 14: HSTS only when configured, `no-store` on admin responses,
//! and the widget's iframe page framable only by its key's origins.

mod common;

use actix_web::test::{self, TestRequest};
use common::*;

#[actix_web::test]
async fn hsts_only_when_configured_and_admin_answers_are_never_stored() {
    let fx = fixture().await;
    let app = fx.app().await;
    let response = send(&app, public_get("/healthz")).await;
    assert!(!response.headers().contains_key("strict-transport-security"));
    let response = send(&app, fx.admin_get("/api/v1/leads")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("cache-control").unwrap(), "no-store");

    let mut config = config();
    config.hsts_max_age = Some(31_536_000);
    let fx = fixture_with(config).await;
    let app = fx.app().await;
    let response = send(&app, public_get("/healthz")).await;
    assert_eq!(
        response.headers().get("strict-transport-security").unwrap(),
        "max-age=31536000; includeSubDomains"
    );
}

#[actix_web::test]
async fn the_iframe_page_is_framable_by_its_keys_origins_only() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("frame.html"),
        "<!doctype html><title>frame</title>",
    )
    .unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>demo</title>",
    )
    .unwrap();
    let mut config = config();
    config.dist_dir = dist.path().to_path_buf();
    let fx = fixture_with(config).await;
    let app = fx.app().await;
    let policy = |uri: &'static str| {
        let app = &app;
        async move {
            let response = test::call_service(app, TestRequest::get().uri(uri).to_request()).await;
            assert_eq!(response.status(), 200, "{uri}");
            response
                .headers()
                .get("content-security-policy")
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    let own = policy("/").await;
    assert!(own.ends_with("frame-ancestors 'self'"), "{own}");
    let framed = policy("/frame.html?key=wk_test&mode=quick").await;
    assert!(
        framed.ends_with(&format!("frame-ancestors 'self' {SHOP}")),
        "{framed}"
    );
}

//! Answers compressed for the clients that ask, as a browser asks: the readiness report in the
//! cheapest coding the client accepts, with its length, decoding to the very bytes a client
//! that asks for nothing gets; small answers as they are.

mod common;

use std::io::Read;

use actix_web::http::header;
use actix_web::test::{self, TestRequest};
use common::*;

const FULL_MIXED: &[u8] = include_bytes!("../../shared/tests/fixtures/full_mixed.answers.json");

/// Status, `Content-Encoding` (if any), `Vary` (if any) and the body as received.
struct Received {
    status: u16,
    encoding: Option<String>,
    vary: Option<String>,
    length: Option<usize>,
    body: Vec<u8>,
}

async fn receive<S, B>(app: &S, request: TestRequest) -> Received
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let response = test::call_service(app, request.to_request()).await;
    let text = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned())
    };
    let encoding = text(header::CONTENT_ENCODING);
    let vary = text(header::VARY);
    let status = response.status().as_u16();
    let length = match actix_web::body::MessageBody::size(response.response().body()) {
        actix_web::body::BodySize::Sized(n) => Some(n as usize),
        _ => None,
    };
    let body = test::read_body(response).await.to_vec();
    Received {
        status,
        encoding,
        vary,
        length,
        body,
    }
}

fn decoded(received: &Received) -> Vec<u8> {
    match received.encoding.as_deref() {
        None => received.body.clone(),
        Some("zstd") => zstd::stream::decode_all(&received.body[..]).expect("zstd"),
        Some("gzip") => {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&received.body[..])
                .read_to_end(&mut out)
                .expect("gzip");
            out
        }
        Some(other) => panic!("unexpected coding {other}"),
    }
}

fn score(accept_encoding: Option<&str>) -> TestRequest {
    let request = TestRequest::post()
        .uri("/api/v1/assessments/score")
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .set_payload(FULL_MIXED);
    match accept_encoding {
        Some(value) => request.insert_header((header::ACCEPT_ENCODING, value)),
        None => request,
    }
}

#[actix_web::test]
async fn the_report_comes_in_the_coding_the_client_prefers_and_decodes_to_the_same_bytes() {
    let fx = fixture().await;
    let app = fx.app().await;
    let plain = receive(&app, score(None)).await;
    assert_eq!(plain.status, 200);
    assert_eq!(plain.encoding, None, "a client that asks for nothing");
    let report: serde_json::Value = serde_json::from_slice(&plain.body).expect("JSON");
    assert!(report["overall"].is_number());

    for (accept, expected) in [
        // Chrome, Edge and Firefox today.
        ("gzip, deflate, br, zstd", Some("zstd")),
        // Safari.
        ("gzip, deflate, br", Some("gzip")),
        ("zstd;q=0.2, gzip;q=0.9", Some("gzip")),
        ("gzip;q=0, zstd", Some("zstd")),
        // None this server writes.
        ("br", None),
        ("identity", None),
    ] {
        let received = receive(&app, score(Some(accept))).await;
        assert_eq!(received.status, 200, "{accept}");
        assert_eq!(received.encoding.as_deref(), expected, "{accept}");
        assert_eq!(
            received.vary.as_deref(),
            Some("accept-encoding"),
            "{accept}: caches are told the answer varies"
        );
        assert_eq!(
            received.length,
            Some(received.body.len()),
            "{accept}: sent whole, with its length"
        );
        if expected.is_some() {
            assert!(
                received.body.len() * 2 < plain.body.len(),
                "{accept}: {} bytes for {}",
                received.body.len(),
                plain.body.len()
            );
        }
        assert_eq!(decoded(&received), plain.body, "{accept}");
    }
}

#[actix_web::test]
async fn small_answers_and_errors_go_as_they_are() {
    let fx = fixture().await;
    let app = fx.app().await;
    let accept = "gzip, deflate, br, zstd";
    let health = receive(
        &app,
        public_get("/healthz").insert_header((header::ACCEPT_ENCODING, accept)),
    )
    .await;
    assert_eq!(health.status, 200);
    assert_eq!(health.encoding, None);
    assert_eq!(health.vary, None, "its answer never varies");
    assert_eq!(health.body, br#"{"status":"ok"}"#);

    // A client mistake is still a problem+json a client can read, compressed or not.
    let bad = receive(
        &app,
        TestRequest::post()
            .uri("/api/v1/assessments/score")
            .insert_header((header::CONTENT_TYPE, "application/json"))
            .insert_header((header::ACCEPT_ENCODING, accept))
            .set_payload("{not json"),
    )
    .await;
    assert_eq!(bad.status, 400);
    let problem: serde_json::Value = serde_json::from_slice(&decoded(&bad)).expect("JSON");
    assert_eq!(problem["status"], 400);
}

#[actix_web::test]
async fn a_page_is_compressed_with_a_weak_validator_that_still_answers_304() {
    let dist = tempfile::tempdir().unwrap();
    let page = format!(
        "<!doctype html><title>demo</title>{}",
        "<p>Fictitious demo page.</p>".repeat(80)
    );
    std::fs::write(dist.path().join("index.html"), &page).unwrap();
    let mut config = config();
    config.dist_dir = dist.path().to_path_buf();
    let fx = fixture_with(config).await;
    let app = fx.app().await;
    let get = || public_get("/").insert_header((header::ACCEPT_ENCODING, "gzip, deflate, br"));

    let response = test::call_service(&app, get().to_request()).await;
    assert_eq!(response.status(), 200);
    let etag = response.headers().get(header::ETAG).unwrap().clone();
    assert!(etag.to_str().unwrap().starts_with("W/\""), "{etag:?}");
    let received = receive(&app, get()).await;
    assert_eq!(received.encoding.as_deref(), Some("gzip"));
    assert_eq!(decoded(&received), page.as_bytes());

    let again = test::call_service(
        &app,
        get()
            .insert_header((header::IF_NONE_MATCH, etag))
            .to_request(),
    )
    .await;
    assert_eq!(again.status(), 304);
}

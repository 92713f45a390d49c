//! Serving the built widget: MIME types, caching, compression, CORS on assets, security headers
//! on pages, and a helpful page when the widget is not built.

mod common;

use actix_web::http::header;
use actix_web::test::{self, TestRequest};
use common::*;

fn build(dir: &std::path::Path) {
    let js = "export function start() { return 'annexa'; }\n".repeat(100);
    std::fs::write(dir.join("annexa-widget-d5a644f68918abda.js"), &js).unwrap();
    std::fs::write(
        dir.join("annexa-widget-d5a644f68918abda_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(
        dir.join("embed.js"),
        "import './annexa-widget-d5a644f68918abda.js';\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>Demo</title><script type=\"module\" src=\"embed.js\"></script>",
    )
    .unwrap();
}

#[actix_web::test]
async fn built_widget_is_served_with_the_right_types_caching_and_cors() {
    let dist = tempfile::tempdir().unwrap();
    build(dist.path());
    let mut config = config();
    config.dist_dir = dist.path().to_path_buf();
    let fx = fixture_with(config).await;
    let app = fx.app().await;

    let response = send(&app, public_get("/")).await;
    assert_eq!(response.status(), 200);
    assert!(content_type(&response).unwrap().starts_with("text/html"));
    let headers = response.headers();
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        csp.contains("'wasm-unsafe-eval'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert_eq!(
        headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
        "nosniff"
    );
    assert!(headers.contains_key(header::REFERRER_POLICY));
    assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-cache");
    let page = test::read_body(response).await;
    assert!(std::str::from_utf8(&page).unwrap().contains("embed.js"));

    let response = send(&app, public_get("/annexa-widget-d5a644f68918abda_bg.wasm")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(content_type(&response).as_deref(), Some("application/wasm"));
    assert_eq!(
        header_value(&response, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        header_value(&response, header::ACCESS_CONTROL_ALLOW_ORIGIN),
        "*"
    );

    let response = send(&app, public_get("/embed.js")).await;
    assert_eq!(response.status(), 200);
    assert!(
        content_type(&response)
            .unwrap()
            .starts_with("text/javascript")
            || content_type(&response)
                .unwrap()
                .starts_with("application/javascript")
    );
    assert_eq!(header_value(&response, header::CACHE_CONTROL), "no-cache");
    assert_eq!(
        header_value(&response, header::ACCESS_CONTROL_ALLOW_ORIGIN),
        "*"
    );

    for encoding in ["br", "gzip"] {
        let response = test::call_service(&app, hashed_js_asking(encoding)).await;
        assert_eq!(response.status(), 200);
        assert_eq!(header_value(&response, header::CONTENT_ENCODING), encoding);
        let compressed = test::read_body(response).await;
        assert!(
            compressed.len() < 1000,
            "{encoding}: {} bytes",
            compressed.len()
        );
        // Hashed files are compressed once and cached: the bytes must still be the file's.
        let mut original = Vec::new();
        if encoding == "br" {
            brotli::BrotliDecompress(&mut compressed.as_ref(), &mut original).unwrap();
        } else {
            std::io::Read::read_to_end(
                &mut flate2::read::GzDecoder::new(compressed.as_ref()),
                &mut original,
            )
            .unwrap();
        }
        let on_disk = std::fs::read(dist.path().join("annexa-widget-d5a644f68918abda.js")).unwrap();
        assert_eq!(original, on_disk, "{encoding} body decodes to the file");
    }

    // The client's ranking decides, as for every other compressed answer; brotli on a tie.
    for (accept, expected) in [
        ("gzip, deflate, br, zstd", Some("br")),
        ("gzip;q=1, br;q=0.5", Some("gzip")),
        ("br;q=0, gzip", Some("gzip")),
        ("br;q=0, gzip;q=0", None),
        ("identity, br;q=0.5", None),
        ("deflate", None),
    ] {
        let response = test::call_service(&app, hashed_js_asking(accept)).await;
        assert_eq!(response.status(), 200, "{accept}");
        let coding = response
            .headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(coding.as_deref(), expected, "{accept}");
    }

    for missing in ["/nothing.js", "/../Cargo.toml", "/.hidden"] {
        let response = send(&app, public_get(missing)).await;
        assert_eq!(response.status(), 404, "{missing}");
    }
}

#[actix_web::test]
async fn without_a_build_the_home_page_explains_how_to_build() {
    let fx = fixture().await;
    let app = fx.app().await;
    let response = send(&app, public_get("/")).await;
    assert_eq!(response.status(), 200);
    assert!(content_type(&response).unwrap().starts_with("text/html"));
    let page = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    assert!(page.contains("trunk build --release"), "{page}");
    assert!(
        page.contains("/nonexistent-annexa-dist"),
        "names the directory it looked in"
    );

    let response = send(&app, public_get("/embed.js")).await;
    assert_eq!(response.status(), 404);
}

/// A request for the build's hashed widget script with this `Accept-Encoding`.
fn hashed_js_asking(accept_encoding: &str) -> actix_http::Request {
    TestRequest::get()
        .uri("/annexa-widget-d5a644f68918abda.js")
        .insert_header((header::ACCEPT_ENCODING, accept_encoding))
        .to_request()
}

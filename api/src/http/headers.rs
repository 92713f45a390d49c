//! Security headers on every response, and a Content-Security-Policy on HTML pages.
//!
//! Framing: our pages may be framed only by this server (`frame-ancestors 'self'`), except the
//! widget's iframe page (`/frame.html?key=…`), which the origins allowed for that widget key may
//! frame too (any host for an unknown key: that page only explains the mistake). Admin responses (requests carrying `Authorization`) are never stored by caches
//! (`Cache-Control: no-store`). `Strict-Transport-Security` is sent when `--hsts-max-age` is
//! set (only behind HTTPS).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use super::AppState;
use crate::store::widget_keys;

/// The policy for our own pages (demo host page, widget iframe page, docs): scripts only from
/// this server, and `'wasm-unsafe-eval'` so that our WebAssembly can be compiled. Inline styles
/// are allowed because Swagger UI and the widget's shadow-root styles use them.
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

/// Middleware: `nosniff` and a referrer policy everywhere; [`PAGE_CSP`] on HTML responses that do
/// not set their own (the iframe page's with its key's origins as frame ancestors); `no-store`
/// on admin responses; HSTS when configured.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    // Signed in with a key or with the console's session cookie: nothing a cache may keep.
    let is_admin = req.headers().contains_key(header::AUTHORIZATION)
        || super::session::token(req.request()).is_some();
    let frame_key = (req.path() == "/frame.html")
        .then(|| {
            web::Query::<FrameQuery>::from_query(req.query_string())
                .ok()
                .map(|q| q.into_inner().key)
        })
        .flatten();
    let mut response = next.call(req).await?;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let frame_policy = match (&frame_key, &state, is_html) {
        (Some(key), Some(state), true) => {
            match widget_keys::get(&state.pool, key).await {
                Ok(Some(widget_key)) if widget_keys::valid_key(key) => {
                    Some(frame_csp(&widget_key.allowed_origins))
                }
                // No such key: the page can only explain that (no data, no action), so any
                // host may frame it and receive the widget's error event.
                Ok(None) => Some(PAGE_CSP.replace("frame-ancestors 'self'", "frame-ancestors *")),
                _ => None,
            }
        }
        _ => None,
    };
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if is_html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = frame_policy
            .and_then(|p| HeaderValue::from_str(&p).ok())
            .unwrap_or(HeaderValue::from_static(PAGE_CSP));
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    if is_admin {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Some(max_age) = state.as_ref().and_then(|s| s.config.hsts_max_age)
        && let Ok(value) = HeaderValue::from_str(&format!("max-age={max_age}; includeSubDomains"))
    {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, value);
    }
    Ok(response)
}

#[derive(Debug, serde::Deserialize)]
struct FrameQuery {
    key: String,
}

/// [`PAGE_CSP`] with `origins` allowed to frame the page.
fn frame_csp(origins: &[String]) -> String {
    let mut ancestors = String::from("frame-ancestors 'self'");
    for origin in origins {
        // Normalised origins (scheme://host[:port]) only: nothing that could end the directive.
        if !origin.contains([';', ' ', ',', '\'', '"']) {
            ancestors.push(' ');
            ancestors.push_str(origin);
        }
    }
    PAGE_CSP.replace("frame-ancestors 'self'", &ancestors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_page_may_be_framed_by_the_keys_origins_only() {
        let policy = frame_csp(&["https://shop.example".into(), "bad; script-src *".into()]);
        assert!(
            policy.ends_with("frame-ancestors 'self' https://shop.example"),
            "{policy}"
        );
        assert!(!policy.contains("script-src *"), "{policy}");
    }
}

//! Thin handlers, one module per resource.

pub mod api_keys;
pub mod assessments;
pub mod catalog;
pub mod funnel;
pub mod health;
pub mod leads;
pub mod oscal;
pub mod session;
pub mod widget_config;
pub mod widget_keys;

use actix_web::HttpResponse;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};

/// A `200 application/json` response with an already serialised body.
pub(crate) fn json_text(body: String) -> HttpResponse {
    json_bytes(body.into_bytes())
}

/// A `200 application/json` response whose body is these serialised bytes, taken as they are.
pub(crate) fn json_bytes(body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        // A static header value: `ContentType::json()` would parse and copy it into a new
        // allocation for every response.
        .insert_header((CONTENT_TYPE, HeaderValue::from_static("application/json")))
        .body(body)
}

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
use actix_web::http::header::ContentType;

/// A `200 application/json` response with an already serialised body.
pub(crate) fn json_text(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body)
}

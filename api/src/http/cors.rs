//! CORS for the public widget routes, driven by each widget key's allowed origins.
//!
//! A browser request carries an `Origin`. The middleware [`widget_cors`] answers preflights
//! (which carry no widget key) for origins that some widget key allows, and refuses other
//! origins with a 403 problem and no `Access-Control-Allow-Origin`, so browsers block them.
//! The handler then checks the origin against the allow-list of the very key used
//! ([`check_origin`]). Requests without `Origin` (servers, curl) are not browser requests and
//! pass; the allow-list protects visitors' browsers, not the data, which is public anyway.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};

use super::AppState;
use crate::error::Error;
use crate::store::widget_keys::{self, WidgetKey};

fn origin_of(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Refuses `req` when it comes from a browser origin that `key` does not allow.
pub fn check_origin(req: &HttpRequest, key: &WidgetKey) -> Result<(), Error> {
    match origin_of(req) {
        Some(origin) if !key.allowed_origins.iter().any(|o| o == &origin) => {
            Err(Error::OriginNotAllowed { origin })
        }
        _ => Ok(()),
    }
}

/// Middleware for widget routes: preflights, refusal of unknown origins, and
/// `Access-Control-Allow-Origin` on every response (errors included, so the widget can read them).
pub async fn widget_cors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(origin) = origin_of(req.request()) else {
        // The answer depends on Origin: caches must not reuse it for a browser request.
        let mut response = next.call(req).await?.map_into_boxed_body();
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("Origin"));
        return Ok(response);
    };
    let is_preflight = req.method() == Method::OPTIONS;
    // Only public methods get CORS: the admin methods of the same paths are not for browsers.
    if !is_preflight && !matches!(*req.method(), Method::GET | Method::POST) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let known = match widget_keys::origin_allowed_by_any(&state.pool, &origin).await {
        Ok(known) => known,
        Err(error) => return Ok(req.into_response(Error::from(error).error_response())),
    };
    if !known {
        let response = Error::OriginNotAllowed { origin }.error_response();
        return Ok(req.into_response(response));
    }
    let allow_origin = HeaderValue::from_str(&origin).ok();
    let mut response = if is_preflight {
        let response = HttpResponse::build(StatusCode::NO_CONTENT)
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS"))
            .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, "content-type"))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, "600"))
            .finish();
        req.into_response(response)
    } else {
        next.call(req).await?.map_into_boxed_body()
    };
    let headers = response.headers_mut();
    if let Some(value) = allow_origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("retry-after, x-request-id"),
    );
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    Ok(response)
}

//! Errors produced by actix itself (a known path with a wrong method → 405, no route → 404) have
//! no body. This middleware gives them the same problem+json body as every other error.

use actix_web::ResponseError;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;

use crate::error::Error;

/// Middleware: a 404 or 405 without a body becomes a problem.
pub async fn bodyless_errors_as_problems(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let response = next.call(req).await?;
    if response.headers().contains_key(header::CONTENT_TYPE) {
        return Ok(response.map_into_boxed_body());
    }
    let error = match response.status() {
        StatusCode::METHOD_NOT_ALLOWED => Error::MethodNotAllowed { method, path },
        StatusCode::NOT_FOUND => Error::NotFound(format!("no route {method} {path}")),
        _ => return Ok(response.map_into_boxed_body()),
    };
    let (request, _) = response.into_parts();
    Ok(ServiceResponse::new(request, error.error_response()))
}

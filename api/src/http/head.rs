//! `HEAD` wherever `GET` is: monitors and CDNs probe with `HEAD`. The middleware answers a
//! `HEAD` request with the `GET` route's status and headers; the HTTP layer sends no body
//! for a request that arrived as `HEAD` (it remembers the method it parsed), so handlers need
//! no change.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

/// Middleware: routes a `HEAD` request as the `GET` of the same path.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

//! The tracing span of each request. It logs the client address the server actually used
//! (see [`super::client_addr`]), not the one a client may write into `X-Forwarded-For`, and
//! never the query string (it can carry an e-mail address on the subject-access routes).

use actix_web::Error;
use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::web;
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};

use super::{AppState, client_addr};

/// Builds each request's root span.
#[derive(Debug)]
pub struct AnnexaRootSpan;

impl RootSpanBuilder for AnnexaRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let client = match request.app_data::<web::Data<AppState>>() {
            Some(state) => client_addr::client_ip(request.request(), &state.config.proxy),
            None => request
                .peer_addr()
                .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |a| a.ip()),
        };
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.path = %request.path(),
            http.client_ip = %client,
            request_id = %request_id,
            http.status_code = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let status = match outcome {
            Ok(response) => response.status().as_u16(),
            Err(error) => error.as_response_error().status_code().as_u16(),
        };
        span.record("http.status_code", status);
    }
}

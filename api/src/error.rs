//! The one HTTP error type, rendered as RFC 9457 `application/problem+json`.
//!
//! Every failure a client can see goes through [`Error`]: handler errors, but also malformed JSON,
//! a wrong content type, unknown fields, bad path and query values (see [`crate::http::extract`]).
//! Each variant documents its status and its stable `type`
//! (`https://annexa.dev/problems/<kind>`), which clients may match on. Internal errors are logged
//! (inside the request's tracing span, so with its request id) and answered with a generic text:
//! their own text never reaches the client.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};

/// Prefix of every problem `type`.
pub const PROBLEM_BASE: &str = "https://annexa.dev/problems/";

/// The API's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The problem body and its field details are the wire contract's, shared with the widget.
pub use annexa_shared::wire::{FieldError, Problem};

/// Everything that can go wrong in a request.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 400 `malformed-json`: the body is not JSON (syntax error, truncated body).
    #[error("{0}")]
    MalformedJson(String),
    /// 400 `invalid-query`: a query parameter is missing, unknown or has a bad value.
    #[error("{detail}")]
    InvalidQuery {
        /// What is wrong.
        detail: String,
    },
    /// 400 `invalid-path`: a path segment is not a valid value (e.g. not a lead id).
    #[error("{detail}")]
    InvalidPath {
        /// What is wrong.
        detail: String,
    },
    /// 401 `unauthorized`: missing, wrong or revoked admin API key.
    #[error("a valid admin API key is required (Authorization: Bearer <key>)")]
    Unauthorized,
    /// 403 `insufficient-scope`: the admin key is valid but lacks the scope the route needs.
    #[error("this admin API key does not have the scope '{scope}' that this route needs")]
    InsufficientScope {
        /// The scope needed.
        scope: &'static str,
    },
    /// 403 `console-header-missing`: a state-changing request signed in with a console session
    /// cookie lacks the `X-Annexa-Console` header, which a cross-site form cannot send.
    #[error("a request signed in with a console session must send the header X-Annexa-Console: 1")]
    ConsoleHeaderMissing,
    /// 403 `origin-not-allowed`: the browser origin is not allowed for this widget key.
    #[error("origin {origin} is not allowed to use this widget key")]
    OriginNotAllowed {
        /// The refused origin.
        origin: String,
    },
    /// 403 `lead-capture-disabled`: the widget key does not collect leads.
    #[error("widget key '{0}' does not accept leads")]
    LeadCaptureDisabled(String),
    /// 404 `not-found`: no such resource (or no such route).
    #[error("{0}")]
    NotFound(String),
    /// 404 `unknown-widget-key`: the widget key does not exist.
    #[error("unknown widget key '{0}'")]
    UnknownWidgetKey(String),
    /// 405 `method-not-allowed`: the route exists, but not with this method.
    #[error("{method} is not allowed on {path}")]
    MethodNotAllowed {
        /// The method used.
        method: String,
        /// The path.
        path: String,
    },
    /// 409 `conflict`: the resource already exists.
    #[error("{0}")]
    Conflict(String),
    /// 413 `payload-too-large`: the body exceeds the route's limit.
    #[error("the request body exceeds the limit of {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// 415 `unsupported-media-type`: the body is not `application/json`.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422 `invalid-body`: well-formed JSON of the wrong shape (unknown field, wrong type,
    /// missing field, bad enum value).
    #[error("{detail}")]
    InvalidBody {
        /// What is wrong.
        detail: String,
        /// Where.
        errors: Vec<FieldError>,
    },
    /// 422 `invalid-answers`: the answers document breaks a questionnaire rule (unknown question,
    /// `not_applicable` without justification or on a clause requirement, …).
    #[error("{detail}")]
    InvalidAnswers {
        /// What is wrong.
        detail: String,
        /// Where.
        errors: Vec<FieldError>,
    },
    /// 422 `unknown-questionnaire-version`: the answers name a version this server does not have.
    #[error("unknown questionnaire version '{0}'")]
    UnknownQuestionnaireVersion(String),
    /// 422 `validation-failed`: a field value is refused (an e-mail address, a URL, …).
    #[error("{detail}")]
    Validation {
        /// What is wrong.
        detail: String,
        /// Where.
        errors: Vec<FieldError>,
    },
    /// 429 `rate-limited`: too many requests; `Retry-After` says when to retry.
    #[error("too many requests; retry in {retry_after_secs} s")]
    RateLimited {
        /// Seconds until a request will be accepted again.
        retry_after_secs: u64,
    },
    /// 503 `unavailable`: the database cannot be reached.
    #[error("the service is not ready")]
    Unavailable,
    /// 500 `internal`: a database failure. Logged, never shown.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// 500 `internal`: any other server-side failure. Logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The storage layer's failures, as the client sees them: a refused value is 422
/// `validation-failed`, a duplicate 409 `conflict`, everything else a logged 500.
impl From<crate::store::StoreError> for Error {
    fn from(error: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match error {
            StoreError::Database(error) => Error::Database(error),
            StoreError::Conflict(detail) => Error::Conflict(detail),
            StoreError::Invalid { detail, errors } => Error::Validation { detail, errors },
            StoreError::Internal(detail) => Error::Internal(detail),
        }
    }
}

/// A body that is not JSON is 400 `malformed-json`; JSON of the wrong shape is 422
/// `invalid-body` with a pointer to the field.
impl From<crate::json_input::JsonError> for Error {
    fn from(error: crate::json_input::JsonError) -> Self {
        use crate::json_input::JsonError;
        let text = error.to_string();
        match error {
            JsonError::Malformed(detail) => Error::MalformedJson(detail),
            JsonError::Shape { pointer, detail } => Error::InvalidBody {
                detail: text,
                errors: vec![FieldError::new(pointer, detail)],
            },
        }
    }
}

impl Error {
    /// The `<kind>` part of the problem `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::MalformedJson(_) => "malformed-json",
            Error::InvalidQuery { .. } => "invalid-query",
            Error::InvalidPath { .. } => "invalid-path",
            Error::Unauthorized => "unauthorized",
            Error::InsufficientScope { .. } => "insufficient-scope",
            Error::ConsoleHeaderMissing => "console-header-missing",
            Error::OriginNotAllowed { .. } => "origin-not-allowed",
            Error::LeadCaptureDisabled(_) => "lead-capture-disabled",
            Error::NotFound(_) => "not-found",
            Error::UnknownWidgetKey(_) => "unknown-widget-key",
            Error::MethodNotAllowed { .. } => "method-not-allowed",
            Error::Conflict(_) => "conflict",
            Error::PayloadTooLarge { .. } => "payload-too-large",
            Error::UnsupportedMediaType(_) => "unsupported-media-type",
            Error::InvalidBody { .. } => "invalid-body",
            Error::InvalidAnswers { .. } => "invalid-answers",
            Error::UnknownQuestionnaireVersion(_) => "unknown-questionnaire-version",
            Error::Validation { .. } => "validation-failed",
            Error::RateLimited { .. } => "rate-limited",
            Error::Unavailable => "unavailable",
            Error::Database(_) | Error::Internal(_) => "internal",
        }
    }

    /// The problem `title` for the kind.
    pub fn title(&self) -> &'static str {
        match self {
            Error::MalformedJson(_) => "Malformed JSON",
            Error::InvalidQuery { .. } => "Invalid query parameter",
            Error::InvalidPath { .. } => "Invalid path parameter",
            Error::Unauthorized => "Unauthorized",
            Error::InsufficientScope { .. } => "Insufficient scope",
            Error::ConsoleHeaderMissing => "Console header missing",
            Error::OriginNotAllowed { .. } => "Origin not allowed",
            Error::LeadCaptureDisabled(_) => "Lead capture disabled",
            Error::NotFound(_) => "Not found",
            Error::UnknownWidgetKey(_) => "Unknown widget key",
            Error::MethodNotAllowed { .. } => "Method not allowed",
            Error::Conflict(_) => "Conflict",
            Error::PayloadTooLarge { .. } => "Payload too large",
            Error::UnsupportedMediaType(_) => "Unsupported media type",
            Error::InvalidBody { .. } => "Invalid request body",
            Error::InvalidAnswers { .. } => "Invalid answers",
            Error::UnknownQuestionnaireVersion(_) => "Unknown questionnaire version",
            Error::Validation { .. } => "Validation failed",
            Error::RateLimited { .. } => "Too many requests",
            Error::Unavailable => "Service unavailable",
            Error::Database(_) | Error::Internal(_) => "Internal server error",
        }
    }

    /// A helper for [`Error::Internal`].
    pub fn internal(error: impl std::fmt::Display) -> Self {
        Error::Internal(error.to_string())
    }

    /// The problem body for this error (without logging).
    pub fn problem(&self) -> Problem {
        let detail = match self {
            Error::Database(_) | Error::Internal(_) => {
                "an internal error occurred; it has been logged with the request id given in the \
                 X-Request-Id response header"
                    .to_owned()
            }
            other => other.to_string(),
        };
        let errors = match self {
            Error::InvalidBody { errors, .. }
            | Error::InvalidAnswers { errors, .. }
            | Error::Validation { errors, .. } => errors.clone(),
            Error::UnknownQuestionnaireVersion(_) => vec![FieldError::new(
                "/questionnaire_version",
                format!(
                    "this server has questionnaire version {}",
                    annexa_shared::QUESTIONNAIRE_VERSION
                ),
            )],
            _ => Vec::new(),
        };
        Problem {
            kind: format!("{PROBLEM_BASE}{}", self.kind()),
            title: self.title().to_owned(),
            status: self.status_code().as_u16(),
            detail,
            instance: None,
            errors,
        }
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        match self {
            Error::MalformedJson(_) | Error::InvalidQuery { .. } | Error::InvalidPath { .. } => {
                StatusCode::BAD_REQUEST
            }
            Error::Unauthorized => StatusCode::UNAUTHORIZED,
            Error::OriginNotAllowed { .. }
            | Error::LeadCaptureDisabled(_)
            | Error::InsufficientScope { .. }
            | Error::ConsoleHeaderMissing => StatusCode::FORBIDDEN,
            Error::NotFound(_) | Error::UnknownWidgetKey(_) => StatusCode::NOT_FOUND,
            Error::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::InvalidBody { .. }
            | Error::InvalidAnswers { .. }
            | Error::UnknownQuestionnaireVersion(_)
            | Error::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Error::Database(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if matches!(self, Error::Database(_) | Error::Internal(_)) {
            // Runs inside the request's tracing span, so the log line carries the request id.
            tracing::error!(error = %self, "internal error");
        }
        let mut response = problem_response(&self.problem());
        if let Error::RateLimited { retry_after_secs } = self {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs.max(&1).to_owned()),
            );
        }
        if let Error::Unauthorized = self {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"annexa-admin\""),
            );
        }
        response
    }
}

/// A `problem+json` response for `problem`.
pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(problem).unwrap_or_else(|_| String::from("{}"));
    HttpResponse::build(status)
        .content_type("application/problem+json")
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_leak_their_text() {
        let error = Error::Internal("secret connection string".into());
        let problem = error.problem();
        assert_eq!(problem.status, 500);
        assert!(!problem.detail.contains("secret"));
        assert_eq!(problem.kind, "https://annexa.dev/problems/internal");
    }

    #[test]
    fn rate_limited_carries_retry_after() {
        let response = Error::RateLimited {
            retry_after_secs: 7,
        }
        .error_response();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers().get("retry-after").unwrap(), "7");
    }
}

//! Request extractors whose failures are problem+json.
//!
//! [`ApiJson`] reads a JSON body with the route's size limit and reports exactly what is wrong:
//! wrong content type (415), too large (413), not JSON (400, with line and column), or JSON of the
//! wrong shape (422, with a JSON pointer to the field). [`configs`] installs the same mapping for
//! actix's own `web::Json`, `web::Query` and `web::Path` so every route behaves alike.

use std::future::Future;
use std::pin::Pin;

use crate::error::Error;
use crate::json_input::{self, JsonError};
use actix_web::dev::Payload;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::web::{self, BytesMut};
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

/// The largest body a route accepts, in bytes; registered as app data.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

impl Default for BodyLimit {
    fn default() -> Self {
        BodyLimit(256 * 1024)
    }
}

/// A JSON body deserialised into `T`, with problem+json errors.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = JsonBody::from_request(req, payload);
        Box::pin(async move { parse_json(&body.await?.0).map(ApiJson) })
    }
}

/// The bytes of a JSON body, not yet read: the content type and the size limit checked as for
/// [`ApiJson`], for a route that reads the document in place (borrowing from these bytes).
#[derive(Debug)]
pub struct JsonBody(pub web::Bytes);

impl FromRequest for JsonBody {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<BodyLimit>>()
            .map(|l| l.0)
            .or_else(|| req.app_data::<BodyLimit>().map(|l| l.0))
            .unwrap_or_else(|| BodyLimit::default().0);
        let content_type_ok = is_json_content_type(req);
        let declared = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !content_type_ok {
                return Err(Error::UnsupportedMediaType(
                    "the request body must be JSON with Content-Type: application/json".into(),
                ));
            }
            if declared.is_some_and(|len| len > limit) {
                return Err(Error::PayloadTooLarge { limit });
            }
            // A body that arrives in one chunk (most do) is kept as it came, without a copy;
            // only a body in several chunks is gathered into one buffer.
            let mut first: Option<web::Bytes> = None;
            let mut gathered: Option<BytesMut> = None;
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| Error::MalformedJson(e.to_string()))?;
                let so_far = gathered
                    .as_ref()
                    .map_or_else(|| first.as_ref().map_or(0, |b| b.len()), |b| b.len());
                if so_far + chunk.len() > limit {
                    return Err(Error::PayloadTooLarge { limit });
                }
                match (&mut gathered, first.take()) {
                    (Some(body), _) => body.extend_from_slice(&chunk),
                    (None, None) => first = Some(chunk),
                    (None, Some(earlier)) => {
                        let mut body = BytesMut::with_capacity(earlier.len() + chunk.len());
                        body.extend_from_slice(&earlier);
                        body.extend_from_slice(&chunk);
                        gathered = Some(body);
                    }
                }
            }
            Ok(JsonBody(match gathered {
                Some(body) => body.freeze(),
                None => first.unwrap_or_default(),
            }))
        })
    }
}

fn is_json_content_type(req: &HttpRequest) -> bool {
    match req.mime_type() {
        Ok(Some(mime)) => {
            mime.essence_str() == "application/json" || mime.suffix().is_some_and(|s| s == "json")
        }
        _ => false,
    }
}

/// Deserialises a request body as `T`: [`Error::MalformedJson`] when it is not JSON,
/// [`Error::InvalidBody`] (with a pointer to the field) when its shape is wrong.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    json_input::parse_json(bytes).map_err(Error::from)
}

/// Extractor configurations that turn actix's own extractor failures into problems.
pub fn configs(cfg: &mut web::ServiceConfig, limit: BodyLimit) {
    cfg.app_data(web::Data::new(limit))
        .app_data(
            web::JsonConfig::default()
                .limit(limit.0)
                .error_handler(|error, _req| json_payload_error(error).into()),
        )
        .app_data(web::PayloadConfig::default().limit(limit.0))
        .app_data(web::QueryConfig::default().error_handler(|error, _req| {
            let detail = match error {
                QueryPayloadError::Deserialize(e) => format!("invalid query: {e}"),
                other => format!("invalid query: {other}"),
            };
            Error::InvalidQuery { detail }.into()
        }))
        .app_data(web::PathConfig::default().error_handler(|error, _req| {
            let detail = match error {
                PathError::Deserialize(e) => format!("invalid path parameter: {e}"),
                other => format!("invalid path parameter: {other}"),
            };
            Error::InvalidPath { detail }.into()
        }));
}

fn json_payload_error(error: JsonPayloadError) -> Error {
    match error {
        JsonPayloadError::ContentType => Error::UnsupportedMediaType(
            "the request body must be JSON with Content-Type: application/json".into(),
        ),
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => Error::PayloadTooLarge { limit },
        JsonPayloadError::Deserialize(e) => JsonError::from_serde(e, String::new()).into(),
        other => Error::MalformedJson(other.to_string()),
    }
}

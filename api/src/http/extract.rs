//! Request extractors whose failures are problem+json.
//!
//! [`ApiJson`] reads a JSON body with the route's size limit and reports exactly what is wrong:
//! wrong content type (415), too large (413), not JSON (400, with line and column), or JSON of the
//! wrong shape (422, with a JSON pointer to the field). [`configs`] installs the same mapping for
//! actix's own `web::Json`, `web::Query` and `web::Path` so every route behaves alike.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::web::{self, BytesMut};
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::error::{Error, FieldError};

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
            let mut body = BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| Error::MalformedJson(e.to_string()))?;
                if body.len() + chunk.len() > limit {
                    return Err(Error::PayloadTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            parse_json(&body).map(ApiJson)
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

/// Deserialises `bytes` as `T`, mapping failures to [`Error::MalformedJson`] (not JSON) or
/// [`Error::InvalidBody`] (JSON of the wrong shape, with a pointer to the field).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    // A body that reads is read once. Only a failure pays for the diagnosis below (a syntax
    // pass, then a pass that tracks the path), which gives the same error as always: a valid
    // body used to be parsed twice, the second time through a path tracker, on every request.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    // Syntax first: a truncated body (`{"answers": [1,2`) is malformed, even if the part that
    // arrived already has the wrong type for a field.
    if let Err(error) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
        return Err(json_error(error, String::new()));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => value,
        Err(error) => {
            let pointer = json_pointer(error.path());
            let inner = error.into_inner();
            // serde_json reports some type mismatches (a number where an enum's string is
            // expected) as syntax errors; a body that is well-formed JSON is a shape problem.
            if inner.classify() != Category::Data
                && serde_json::from_slice::<serde_json::Value>(bytes).is_ok()
            {
                let detail = strip_position(&inner);
                return Err(Error::InvalidBody {
                    detail: format!("{pointer}: {detail}"),
                    errors: vec![FieldError::new(pointer, detail)],
                });
            }
            return Err(json_error(inner, pointer));
        }
    };
    deserializer
        .end()
        .map_err(|e| json_error(e, String::new()))?;
    Ok(value)
}

fn json_error(error: serde_json::Error, pointer: String) -> Error {
    match error.classify() {
        Category::Syntax | Category::Eof | Category::Io => Error::MalformedJson(format!(
            "the body is not valid JSON: {} (line {}, column {})",
            strip_position(&error),
            error.line(),
            error.column()
        )),
        Category::Data => {
            let detail = strip_position(&error);
            Error::InvalidBody {
                detail: if pointer.is_empty() {
                    detail.clone()
                } else {
                    format!("{pointer}: {detail}")
                },
                errors: vec![FieldError::new(pointer, detail)],
            }
        }
    }
}

/// serde_json's message without its " at line L column C" suffix.
fn strip_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(index) => text[..index].to_owned(),
        None => text,
    }
}

/// An RFC 6901 pointer for a serde path (`answers` → `q.A.5.1` → `value` becomes
/// `/answers/q.A.5.1/value`).
pub fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        let token = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    }
    pointer
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
        JsonPayloadError::Deserialize(e) => json_error(e, String::new()),
        other => Error::MalformedJson(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annexa_shared::AnswersDocument;

    #[test]
    fn unknown_field_points_at_the_field() {
        let error = parse_json::<AnswersDocument>(
            br#"{"questionnaire_version":"x","mode":"quick","answers":{"q.A.5.1":{"value":"yes","colour":1}}}"#,
        )
        .unwrap_err();
        match error {
            Error::InvalidBody { errors, .. } => {
                assert!(
                    errors[0].pointer.starts_with("/answers/q.A.5.1"),
                    "{errors:?}"
                );
                assert!(errors[0].detail.contains("colour"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_truncated_body_is_malformed_even_with_a_wrong_type_inside() {
        assert!(matches!(
            parse_json::<AnswersDocument>(br#"{"answers": [1,2"#),
            Err(Error::MalformedJson(_))
        ));
        assert!(matches!(
            parse_json::<AnswersDocument>(br#"{"answers": [1,2]}"#),
            Err(Error::InvalidBody { .. })
        ));
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let error = parse_json::<AnswersDocument>(b"{\n  \"mode\": ,\n}").unwrap_err();
        match error {
            Error::MalformedJson(detail) => assert!(detail.contains("line 2"), "{detail}"),
            other => panic!("unexpected {other:?}"),
        }
    }
}

//! The catalog and the questionnaires: static for a given build, so served with a strong ETag
//! and answered `304 Not Modified` when the client already has them.

use std::sync::OnceLock;

use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, web};
use annexa_shared::{Mode, catalog, questionnaire};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;

use crate::error::{Error, Result};
use crate::http::limits;

/// Routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/catalog")
            .wrap(from_fn(limits::per_ip))
            .route(web::get().to(get_catalog)),
    )
    .service(
        web::resource("/questionnaire")
            .wrap(from_fn(limits::per_ip))
            .route(web::get().to(get_questionnaire)),
    );
}

/// A serialised document with its ETag.
#[derive(Debug)]
struct Tagged {
    body: String,
    etag: String,
}

impl Tagged {
    fn new(body: String) -> Tagged {
        let digest = Sha256::digest(body.as_bytes());
        let etag = format!("\"{}\"", hex::encode(&digest[..16]));
        Tagged { body, etag }
    }

    fn respond(&self, req: &HttpRequest) -> HttpResponse {
        let matches = req
            .headers()
            .get_all(header::IF_NONE_MATCH)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .any(|tag| tag == "*" || tag.trim_start_matches("W/") == self.etag);
        let mut response = if matches {
            HttpResponse::NotModified().finish()
        } else {
            super::json_text(self.body.clone())
        };
        let headers = response.headers_mut();
        if let Ok(etag) = HeaderValue::from_str(&self.etag) {
            headers.insert(header::ETAG, etag);
        }
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
        response
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// The ISO/IEC 27001:2022 catalog: clauses 4–10, the 93 Annex A controls with their attributes,
/// the 2013 → 2022 correspondence and the attribute vocabulary.
#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalog",
    params(("If-None-Match" = Option<String>, Header, description = "ETag of a cached copy")),
    responses(
        (status = 200, description = "The catalog (`annexa catalog` prints the same JSON)",
            body = Object),
        (status = 304, description = "The cached copy is current"),
        (status = 429, description = "Rate limited", body = crate::error::Problem,
            content_type = "application/problem+json")))]
pub async fn get_catalog(req: HttpRequest) -> HttpResponse {
    static TAGGED: OnceLock<Tagged> = OnceLock::new();
    TAGGED
        .get_or_init(|| Tagged::new(to_json(catalog())))
        .respond(&req)
}

/// Query of `GET /questionnaire`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuestionnaireQuery {
    /// `quick` (pre-qualification, ≤ 26 questions) or `full` (one question per requirement).
    #[param(value_type = String, example = "quick")]
    pub mode: Mode,
}

/// The versioned questionnaire in quick or full mode, with the organisation profile questions.
#[utoipa::path(get, path = "/api/v1/questionnaire", tag = "catalog",
    params(QuestionnaireQuery,
        ("If-None-Match" = Option<String>, Header, description = "ETag of a cached copy")),
    responses(
        (status = 200, description = "The questionnaire", body = Object),
        (status = 304, description = "The cached copy is current"),
        (status = 400, description = "Missing or unknown mode", body = crate::error::Problem,
            content_type = "application/problem+json")))]
pub async fn get_questionnaire(
    req: HttpRequest,
    query: web::Query<QuestionnaireQuery>,
) -> Result<HttpResponse> {
    static QUICK: OnceLock<Tagged> = OnceLock::new();
    static FULL: OnceLock<Tagged> = OnceLock::new();
    let mode = query.into_inner().mode;
    let cell = match mode {
        Mode::Quick => &QUICK,
        Mode::Full => &FULL,
    };
    let tagged = cell.get_or_init(|| Tagged::new(to_json(questionnaire(mode))));
    if tagged.body.is_empty() {
        return Err(Error::internal("questionnaire did not serialise"));
    }
    Ok(tagged.respond(&req))
}

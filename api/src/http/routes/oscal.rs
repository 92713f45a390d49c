//! Interoperability: OSCAL exports (catalog, profile, SSP, assessment results) and the
//! cross-framework coverage, all built by `annexa-shared` (`docs/INTEROP.md`).

use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};
use annexa_shared::AnswersDocument;
use annexa_shared::oscal;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::assessment::{CoverageFormat, OscalDocument, coverage_body, oscal_json};
use crate::error::{Error, Result};
use crate::http::extract::ApiJson;
use crate::http::limits;
use crate::store;

/// Routes. Registered before the `/assessments` scope, so that `/assessments/oscal` and
/// `/assessments/coverage` are matched here.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/oscal/catalog")
            .wrap(from_fn(limits::per_ip))
            .route(web::get().to(get_catalog)),
    )
    .service(
        web::resource("/oscal/profile")
            .wrap(from_fn(limits::per_ip))
            .route(web::get().to(get_profile)),
    )
    .service(
        web::resource("/assessments/oscal")
            .wrap(from_fn(limits::per_ip))
            .route(web::post().to(export)),
    )
    .service(
        web::resource("/assessments/coverage")
            .wrap(from_fn(limits::per_ip))
            .route(web::post().to(coverage)),
    );
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(Error::internal)
}

/// An OSCAL document as a response: JSON, cacheable when it only depends on the build.
fn oscal_response(body: String, cacheable: bool) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response.content_type("application/json");
    if cacheable {
        response.insert_header(("cache-control", "public, max-age=300"));
    }
    response.body(body)
}

/// The ISO/IEC 27001:2022 catalog as an OSCAL 1.2.1 catalog document (ids, short titles, our
/// questions and guidance; no text of the standard).
#[utoipa::path(get, path = "/api/v1/oscal/catalog", tag = "interop",
    responses(
        (status = 200, description = "OSCAL catalog (`annexa oscal catalog` prints the same JSON)", body = Object),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get_catalog() -> Result<HttpResponse> {
    Ok(oscal_response(json(&oscal::catalog())?, true))
}

/// The OSCAL profile that selects every control of the catalog; SSPs import it.
#[utoipa::path(get, path = "/api/v1/oscal/profile", tag = "interop",
    responses(
        (status = 200, description = "OSCAL profile (`annexa oscal profile` prints the same JSON)", body = Object),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn get_profile() -> Result<HttpResponse> {
    Ok(oscal_response(json(&oscal::profile())?, true))
}

/// Query of `POST /assessments/oscal`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OscalQuery {
    /// `ssp` or `assessment-results`.
    pub document: OscalDocument,
}

/// An answers document as an OSCAL 1.2.1 system security plan (the SoA: one implemented
/// requirement per Annex A control) or assessment results (observations, one finding per
/// requirement, risks for the gaps, scores as props), timestamped now.
#[utoipa::path(post, path = "/api/v1/assessments/oscal", tag = "interop",
    params(OscalQuery),
    request_body(content = Object, description = "An answers document"),
    responses(
        (status = 200, description = "The OSCAL document", body = Object),
        (status = 400, description = "Not JSON, or missing/unknown document", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers (each problem with its JSON pointer)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn export(
    query: web::Query<OscalQuery>,
    ApiJson(doc): ApiJson<AnswersDocument>,
) -> Result<HttpResponse> {
    let body = oscal_json(&doc, query.document, &store::now())?;
    Ok(oscal_response(body, false))
}

/// Query of `POST /assessments/coverage`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// `json` (default) or `csv`.
    #[serde(default)]
    pub format: CoverageFormat,
}

/// Cross-framework coverage: for every mapped item of NIST CSF 2.0, NIST SP 800-53 Rev. 5 and
/// NIS2 (CIR 2024/2690, by Art. 21(2) point), the related ISO/IEC 27001:2022 requirements and
/// whether they are met (answered yes). "Related requirements met" — not compliance.
#[utoipa::path(post, path = "/api/v1/assessments/coverage", tag = "interop",
    params(CoverageQuery),
    request_body(content = Object, description = "An answers document"),
    responses(
        (status = 200, description = "Coverage as JSON, or as CSV with ?format=csv",
            content((Object = "application/json"), (String = "text/csv"))),
        (status = 400, description = "Not JSON, or bad format", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn coverage(
    query: web::Query<CoverageQuery>,
    ApiJson(doc): ApiJson<AnswersDocument>,
) -> Result<HttpResponse> {
    let (body, content_type) = coverage_body(&doc, query.format)?;
    Ok(HttpResponse::Ok().content_type(content_type).body(body))
}

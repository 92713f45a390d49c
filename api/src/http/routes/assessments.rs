//! Assessments over HTTP: answers in, report / Statement of Applicability / plan / advice out,
//! through the assessment service ([`crate::assessment`]) that the CLI uses too.

use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};
use annexa_shared::{AnswersDocument, Date};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::assessment::{SoaFormat, advice_json, plan_json, report_json_from_body, soa_body};
use crate::error::Result;
use crate::http::extract::{ApiJson, JsonBody};
use crate::http::limits;

/// Routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/assessments")
            .wrap(from_fn(limits::per_ip))
            .service(web::resource("/score").post(score))
            .service(web::resource("/soa").post(soa))
            .service(web::resource("/plan").post(plan))
            .service(web::resource("/advice").post(advice)),
    );
}

/// Scores an answers document: overall, per section and per attribute readiness, blockers,
/// prioritised gaps and the band. Byte-identical to `annexa score FILE` and to the widget.
#[utoipa::path(post, path = "/api/v1/assessments/score", tag = "assessments",
    request_body(content = Object, description = "An answers document (see docs/SCORING.md)"),
    responses(
        (status = 200, description = "The readiness report", body = Object),
        (status = 400, description = "Not JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers (each problem with its JSON pointer)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn score(JsonBody(body): JsonBody) -> Result<HttpResponse> {
    // Read in place from the body: no copy of the body, nor of the question ids in it.
    Ok(super::json_bytes(report_json_from_body(&body)?))
}

/// Query of `POST /assessments/soa`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SoaQuery {
    /// `json` (default) or `csv`.
    #[serde(default)]
    pub format: SoaFormat,
}

/// The draft Statement of Applicability: all 93 Annex A controls, applicable or excluded with the
/// justification, implementation status from the answers, and warnings on doubtful exclusions.
#[utoipa::path(post, path = "/api/v1/assessments/soa", tag = "assessments",
    params(SoaQuery),
    request_body(content = Object, description = "An answers document"),
    responses(
        (status = 200, description = "The SoA as JSON, or as CSV with ?format=csv",
            content((Object = "application/json"), (String = "text/csv"))),
        (status = 400, description = "Not JSON, or bad format", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn soa(
    query: web::Query<SoaQuery>,
    ApiJson(doc): ApiJson<AnswersDocument>,
) -> Result<HttpResponse> {
    let (body, content_type) = soa_body(&doc, query.format)?;
    Ok(HttpResponse::Ok().content_type(content_type).body(body))
}

/// Query of `POST /assessments/plan`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// The day work starts (`YYYY-MM-DD`); today (UTC) when absent.
    #[param(value_type = Option<String>, format = Date, example = "2027-01-04")]
    pub start: Option<Date>,
}

/// The certification plan: dated milestones from the start date to recertification, and the
/// ISO/IEC 27006-1 audit-day estimate.
#[utoipa::path(post, path = "/api/v1/assessments/plan", tag = "assessments",
    params(PlanQuery),
    request_body(content = Object, description = "An answers document"),
    responses(
        (status = 200, description = "The plan", body = Object),
        (status = 400, description = "Not JSON, or bad start date", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn plan(
    query: web::Query<PlanQuery>,
    ApiJson(doc): ApiJson<AnswersDocument>,
) -> Result<HttpResponse> {
    let start = query.start.unwrap_or_else(crate::clock::today);
    Ok(super::json_text(plan_json(&doc, start)?))
}

/// Which frameworks apply besides ISO/IEC 27001 (SOC 2, NIS2, HIPAA, CMMC, …), how strongly, and
/// why — each reason names the profile facts that triggered it.
#[utoipa::path(post, path = "/api/v1/assessments/advice", tag = "assessments",
    request_body(content = Object, description = "An answers document (only the profile is used)"),
    responses(
        (status = 200, description = "`[{framework, level, reason}]`, most binding first", body = Object),
        (status = 400, description = "Not JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn advice(ApiJson(doc): ApiJson<AnswersDocument>) -> Result<HttpResponse> {
    Ok(super::json_text(advice_json(&doc)?))
}

//! Assessments: answers in, report / Statement of Applicability / plan / advice out, all
//! computed by `annexa-shared` (the same code the widget and the CLI run).

use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};
use annexa_shared::validation::validation_errors;
use annexa_shared::{AnswersDocument, AnswersError, Date, questionnaire};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::error::{Error, FieldError, Result};
use crate::http::extract::ApiJson;
use crate::http::limits;
use crate::store;

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

/// The API error for an invalid answers document: every problem, each with its pointer.
pub fn answers_error(doc: &AnswersDocument, first: AnswersError) -> Error {
    if let AnswersError::UnknownQuestionnaireVersion { found, .. } = &first {
        return Error::UnknownQuestionnaireVersion(found.clone());
    }
    let mut all = validation_errors(doc, questionnaire(doc.mode));
    if all.is_empty() {
        all.push(first);
    }
    let detail = match all.len() {
        1 => all[0].to_string(),
        n => format!("{} (and {} more problem(s))", all[0], n - 1),
    };
    Error::InvalidAnswers {
        detail,
        errors: all
            .iter()
            .map(|e| FieldError::new(e.pointer(), e.to_string()))
            .collect(),
    }
}

/// Checks `doc` (the first problem, with all problems listed).
pub fn validate(doc: &AnswersDocument) -> Result<()> {
    annexa_shared::validate(doc)
        .map(|_| ())
        .map_err(|e| answers_error(doc, e))
}

/// The report for `doc`, serialised exactly as the widget and `annexa score` serialise it.
pub fn report_json(doc: &AnswersDocument) -> Result<String> {
    let report = annexa_shared::score(doc).map_err(|e| answers_error(doc, e))?;
    serde_json::to_string(&report).map_err(Error::internal)
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
pub async fn score(ApiJson(doc): ApiJson<AnswersDocument>) -> Result<HttpResponse> {
    Ok(super::json_text(report_json(&doc)?))
}

/// `?format=` of the SoA.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SoaFormat {
    /// JSON (default).
    #[default]
    Json,
    /// RFC 4180 CSV.
    Csv,
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

/// The SoA of `doc` in `format`: the body and its content type.
pub fn soa_body(doc: &AnswersDocument, format: SoaFormat) -> Result<(String, &'static str)> {
    let soa = annexa_shared::statement_of_applicability(doc).map_err(|e| answers_error(doc, e))?;
    Ok(match format {
        SoaFormat::Json => (
            serde_json::to_string(&soa).map_err(Error::internal)?,
            "application/json",
        ),
        SoaFormat::Csv => (soa.to_csv(), "text/csv; charset=utf-8"),
    })
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

/// The plan of `doc` from `start`, serialised.
pub fn plan_json(doc: &AnswersDocument, start: Date) -> Result<String> {
    let report = annexa_shared::score(doc).map_err(|e| answers_error(doc, e))?;
    let plan = annexa_shared::plan(start, &doc.profile, &report);
    serde_json::to_string(&plan).map_err(Error::internal)
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
    let start = query.start.unwrap_or_else(store::today);
    Ok(super::json_text(plan_json(&doc, start)?))
}

/// The advice of `doc`, serialised.
pub fn advice_json(doc: &AnswersDocument) -> Result<String> {
    validate(doc)?;
    serde_json::to_string(&annexa_shared::advise(&doc.profile)).map_err(Error::internal)
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

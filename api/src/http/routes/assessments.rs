//! Assessments: answers in, report / Statement of Applicability / plan / advice out, all
//! computed by `annexa-shared` (the same code the widget and the CLI run).

use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};
use annexa_shared::validation::validation_errors;
use annexa_shared::{AnswersDocument, AnswersError, questionnaire};

use crate::error::{Error, FieldError, Result};
use crate::http::extract::ApiJson;
use crate::http::limits;

/// Routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/assessments")
            .wrap(from_fn(limits::per_ip))
            .route("/score", web::post().to(score)),
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

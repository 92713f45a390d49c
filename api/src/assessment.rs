//! The assessment service: answers in; report, Statement of Applicability, plan, advice, OSCAL
//! documents and cross-framework coverage out, as the exact bytes both front ends give — the
//! HTTP routes (`http::routes::assessments`, `http::routes::oscal`) and the CLI (`annexa score`,
//! `soa`, `plan`, `advise`, `oscal`, `coverage`). Every rule is `annexa-shared`'s; this module
//! picks the format and maps an invalid answers document to the error that names each problem.
//! The registry's counterpart is `registry::service`.

use std::cell::RefCell;

use annexa_shared::oscal::{self, OscalError};
use annexa_shared::validation::validation_errors;
use annexa_shared::{
    AnswersDocument, AnswersDocumentRef, AnswersError, Date, Skeleton, crosswalk, questionnaire,
    score_plain,
};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{Error, FieldError, Result};

mod report_json;

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    // Plans and OSCAL documents are a few kilobytes to some tens of kilobytes: starting at
    // 16 KiB saves the buffer's repeated doubling (and copying) from serde_json's 128 bytes.
    let mut bytes = Vec::with_capacity(16 * 1024);
    serde_json::to_writer(&mut bytes, value).map_err(Error::internal)?;
    String::from_utf8(bytes).map_err(Error::internal)
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
    String::from_utf8(report_bytes(&report)).map_err(Error::internal)
}

/// `report` as JSON: serde_json's bytes, written directly ([`report_json::write_report`]).
fn report_bytes(report: &annexa_shared::Report) -> Vec<u8> {
    // Reports are a few kilobytes to some tens of kilobytes: starting at 16 KiB saves the
    // buffer's repeated doubling (and copying).
    let mut bytes = Vec::with_capacity(16 * 1024);
    report_json::write_report(&mut bytes, report);
    bytes
}

/// The report for the answers document in `body` (JSON), serialised as [`report_json`] does.
/// A document laid out as the last plain one this thread learnt is matched against that one's
/// [`Skeleton`] ([`Layouts`]); any other plain document is read in place, borrowing its
/// question ids from `body` ([`AnswersDocumentRef`]). A body that does not read or does not
/// score is read again as an owned document, so every error is exactly the one
/// [`report_json`] gives.
pub fn report_json_from_body(body: &[u8]) -> Result<Vec<u8>> {
    thread_local! {
        static LAYOUTS: RefCell<Layouts> = const { RefCell::new(Layouts::new()) };
    }
    if let Some(report) = LAYOUTS.with_borrow_mut(|layouts| layouts.score(body)) {
        return Ok(report_bytes(&report));
    }
    // The body checked as UTF-8 once, as a whole: read from bytes, serde_json would check
    // each string of the document on its own, which costs more than the whole body at once.
    if let Ok(text) = std::str::from_utf8(body) {
        // A document written plainly is read without serde (a quarter of the work); any other
        // is read by serde, which reads the same document from a plain one.
        let scored = match LAYOUTS.with_borrow_mut(|layouts| layouts.score_plain(text)) {
            Some(scored) => scored.ok(),
            None => serde_json::from_str::<AnswersDocumentRef<'_>>(text)
                .ok()
                .and_then(|doc| annexa_shared::score_borrowed(&doc).ok()),
        };
        if let Some(report) = scored {
            return Ok(report_bytes(&report));
        }
    }
    let doc: AnswersDocument = crate::json_input::parse_json(body).map_err(Error::from)?;
    report_json(&doc).map(String::into_bytes)
}

/// The skeleton of the documents a thread scores, and when to learn a new one. A thread that
/// serves one program matches nearly every document; one that serves programs writing
/// different layouts in turn would learn on every request (a third more work than reading
/// alone) and match none. So a skeleton is learnt only when the thread has none, or when the
/// document before this one did not match either: one odd document leaves the skeleton of the
/// others in place, a program that changes its layout gets a new one from its second document.
struct Layouts {
    skeleton: Option<Skeleton>,
    /// The last document did not match the skeleton.
    missed: bool,
}

impl Layouts {
    const fn new() -> Layouts {
        Layouts {
            skeleton: None,
            missed: false,
        }
    }

    /// The report of `body` when it matches the skeleton.
    fn score(&mut self, body: &[u8]) -> Option<annexa_shared::Report> {
        let report = self.skeleton.as_ref()?.score(body)?;
        self.missed = false;
        Some(report)
    }

    /// [`score_plain`] of a document that did not match, learning from it when it is time to
    /// (`missed` still says whether the one before it matched).
    fn score_plain(
        &mut self,
        text: &str,
    ) -> Option<std::result::Result<annexa_shared::Report, AnswersError>> {
        let learn = self.skeleton.is_none() || self.missed;
        self.missed = true;
        let (report, skeleton) = score_plain(text, learn)?;
        if skeleton.is_some() {
            self.skeleton = skeleton;
            self.missed = false;
        }
        Some(report)
    }
}

/// `?format=` of the SoA.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum SoaFormat {
    /// JSON (default).
    #[default]
    Json,
    /// RFC 4180 CSV.
    Csv,
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

/// The plan of `doc` from `start`, serialised.
pub fn plan_json(doc: &AnswersDocument, start: Date) -> Result<String> {
    let report = annexa_shared::score(doc).map_err(|e| answers_error(doc, e))?;
    let plan = annexa_shared::plan(start, &doc.profile, &report);
    json(&plan)
}

/// The advice of `doc`, serialised.
pub fn advice_json(doc: &AnswersDocument) -> Result<String> {
    validate(doc)?;
    json(&annexa_shared::advise(&doc.profile))
}

/// `?document=` of `POST /assessments/oscal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum OscalDocument {
    /// The Statement of Applicability as a system security plan.
    Ssp,
    /// The scored assessment as assessment results.
    AssessmentResults,
}

/// The OSCAL `document` of `doc`, generated at `at` (RFC 3339), serialised.
pub fn oscal_json(doc: &AnswersDocument, document: OscalDocument, at: &str) -> Result<String> {
    let map = |error: OscalError| match error {
        OscalError::Answers(e) => answers_error(doc, e),
        other => Error::internal(other),
    };
    match document {
        OscalDocument::Ssp => json(&oscal::system_security_plan(doc, at).map_err(map)?),
        OscalDocument::AssessmentResults => json(&oscal::assessment_results(doc, at).map_err(map)?),
    }
}

/// `?format=` of the coverage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum CoverageFormat {
    /// JSON (default).
    #[default]
    Json,
    /// RFC 4180 CSV, one row per framework item.
    Csv,
}

/// The coverage of `doc` in `format`: the body and its content type.
pub fn coverage_body(
    doc: &AnswersDocument,
    format: CoverageFormat,
) -> Result<(String, &'static str)> {
    let coverage = crosswalk::coverage(doc).map_err(|e| answers_error(doc, e))?;
    Ok(match format {
        CoverageFormat::Json => (json(&coverage)?, "application/json"),
        CoverageFormat::Csv => (coverage.to_csv(), "text/csv; charset=utf-8"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the score route answered before it read bodies in place.
    fn owned_route(body: &[u8]) -> Result<Vec<u8>> {
        let doc: AnswersDocument = crate::json_input::parse_json(body).map_err(Error::from)?;
        report_json(&doc).map(String::into_bytes)
    }

    /// One document laid out otherwise leaves the skeleton in place; two in a row replace it.
    #[test]
    fn a_thread_learns_a_new_layout_from_its_second_document_in_a_row() {
        let indented = include_str!("../../shared/tests/fixtures/full_mixed.answers.json");
        let doc: AnswersDocument = serde_json::from_str(indented).expect("parses");
        let compact = serde_json::to_string(&doc).expect("serialises");
        let report = report_json(&doc).expect("scores").into_bytes();
        let mut layouts = Layouts::new();
        // Whether `text` matched the skeleton; its report, either way, is the document's.
        let mut matched = |text: &str| {
            let (scored, matched) = match layouts.score(text.as_bytes()) {
                Some(scored) => (scored, true),
                None => (
                    layouts.score_plain(text).expect("plain").expect("valid"),
                    false,
                ),
            };
            assert_eq!(report_bytes(&scored), report);
            matched
        };
        let steps = [
            (indented, false),
            (indented, true),
            (&compact, false),
            (indented, true),
            (&compact, false),
            (&compact, false),
            (&compact, true),
            (indented, false),
            (&compact, true),
        ];
        for (i, (text, expected)) in steps.into_iter().enumerate() {
            assert_eq!(matched(text), expected, "step {i}");
        }
    }

    #[test]
    fn a_body_read_in_place_gives_the_owned_documents_report_or_error() {
        let bodies: [&[u8]; 9] = [
            include_bytes!("../../shared/tests/fixtures/full_mixed.answers.json"),
            include_bytes!("../../shared/tests/fixtures/quick_mixed.answers.json"),
            br#"{"questionnaire_version":"2026.2","mode":"quick","answers":{"quick.sc\u006fpe":{"value":"yes"}}}"#,
            br#"{"questionnaire_version":"1999.1","mode":"full"}"#,
            br#"{"questionnaire_version":"2026.2","mode":"full","answers":{"q.nope":{"value":"yes"},"q.4.1":{"value":"not_applicable"}}}"#,
            br#"{"questionnaire_version":"2026.2","mode":"full","answers":{"q.4.1":{"value":"yes"},"q.4.1":{"value":"no"}}}"#,
            br#"{"questionnaire_version":"2026.2","mode":"full","answers":{"q.4.1":{"value":"maybe"}}}"#,
            b"{\"questionnaire_version\":\"2026.2\",\"mode\":\"full\",\"answers\":{\"q.4.1\xff\":{\"value\":\"yes\"}}}",
            br#"{"questionnaire_version":"2026.2","mode":"full""#,
        ];
        // Each fixture again with other codes: matched against the skeleton of the one before.
        let full = String::from_utf8_lossy(bodies[0]);
        let quick = String::from_utf8_lossy(bodies[1]);
        let others = [
            full.replace("\"yes\"", "\"partial\""),
            full.replace("\"no\"", "\"unsure\""),
            quick.replace("\"yes\"", "\"no\""),
            quick.replace("\"partial\"", "\"not_applicable\""),
        ];
        let bodies = bodies
            .into_iter()
            .chain(others.iter().map(|body| body.as_bytes()));
        for body in bodies {
            // Twice: the second time, a plain body is matched against its own skeleton.
            for _ in 0..2 {
                let in_place = report_json_from_body(body);
                let owned = owned_route(body);
                assert_eq!(
                    format!("{in_place:?}"),
                    format!("{owned:?}"),
                    "{}",
                    String::from_utf8_lossy(body)
                );
            }
        }
        let report = report_json_from_body(full.as_bytes()).expect("the fixture scores");
        assert!(report.starts_with(br#"{"scoring_version":"#));
    }
}

//! # annexa-widget-exports
//!
//! What the widget's report offers to take elsewhere, computed by `annexa-shared` in the
//! visitor's browser: the OSCAL documents, the coverage of other frameworks' requirements, and
//! that coverage as CSV. A wasm module of its own that the widget module loads only when the
//! visitor opens the coverage or asks for a download, so that neither the start screen nor the
//! report pays for the mapping tables and the OSCAL model. Nothing here sends anything.
//!
//! Every function takes the scorable answers as the JSON of [`AnswersDocument`] (what the
//! widget module holds) and fails with a message, never a panic.

use annexa_shared::crosswalk::coverage;
use annexa_shared::{AnswersDocument, oscal};
use wasm_bindgen::prelude::*;

/// The module's allocator: Talc, a single-threaded allocator for WebAssembly with less code than
/// the standard library's dlmalloc, as in the questionnaire and report modules.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A file the visitor can download: its name, media type and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// The file name offered to the browser.
    pub name: &'static str,
    /// The media type.
    pub media_type: &'static str,
    /// The content.
    pub text: String,
}

fn answers(doc_json: &str) -> Result<AnswersDocument, String> {
    serde_json::from_str(doc_json).map_err(|e| e.to_string())
}

fn pretty<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|e| e.to_string())
}

/// The file for `export` (the report's `data-export` name: `ssp`, `assessment-results`,
/// `catalog`, `profile`, `coverage-csv`) for `doc`, timestamped `at` (RFC 3339).
pub fn export_file(doc: &AnswersDocument, export: &str, at: &str) -> Result<ExportFile, String> {
    let file = |name, media_type, text| ExportFile {
        name,
        media_type,
        text,
    };
    Ok(match export {
        "ssp" => file(
            "annexa-ssp.json",
            "application/json",
            pretty(&oscal::system_security_plan(doc, at).map_err(|e| e.to_string())?)?,
        ),
        "assessment-results" => file(
            "annexa-assessment-results.json",
            "application/json",
            pretty(&oscal::assessment_results(doc, at).map_err(|e| e.to_string())?)?,
        ),
        "catalog" => file(
            oscal::CATALOG_HREF,
            "application/json",
            pretty(&oscal::catalog())?,
        ),
        "profile" => file(
            oscal::PROFILE_HREF,
            "application/json",
            pretty(&oscal::profile())?,
        ),
        "coverage-csv" => file(
            "annexa-framework-coverage.csv",
            "text/csv",
            coverage(doc).map_err(|e| e.to_string())?.to_csv(),
        ),
        other => return Err(format!("there is no download called {other}")),
    })
}

/// [`export_file`] for JavaScript: `[name, media type, content]`.
#[wasm_bindgen(js_name = exportFile)]
pub fn export_file_js(doc_json: &str, export: &str, at: &str) -> Result<Vec<String>, String> {
    let file = export_file(&answers(doc_json)?, export, at)?;
    Ok(vec![
        file.name.to_owned(),
        file.media_type.to_owned(),
        file.text,
    ])
}

/// What the report shows of the coverage of other frameworks' requirements for the answers:
/// [`annexa_shared::crosswalk::CoverageSummary::to_fields`], a flat list of texts that the
/// widget module reads back without a JSON parser.
#[wasm_bindgen(js_name = coverage)]
pub fn coverage_js(doc_json: &str) -> Result<Vec<String>, String> {
    let coverage = coverage(&answers(doc_json)?).map_err(|e| e.to_string())?;
    Ok(coverage.summary().to_fields())
}

#[cfg(test)]
mod tests {
    use annexa_shared::crosswalk::CoverageSummary;
    use annexa_shared::{Answer, AnswerValue, Mode, QUESTIONNAIRE_VERSION, questionnaire};

    use super::*;

    fn doc() -> AnswersDocument {
        let mut doc = AnswersDocument {
            questionnaire_version: QUESTIONNAIRE_VERSION.into(),
            mode: Mode::Quick,
            profile: Default::default(),
            answers: Default::default(),
        };
        for q in &questionnaire(Mode::Quick).questions {
            let answer = Answer {
                value: AnswerValue::Yes,
                justification: None,
            };
            doc.answers.insert(q.id.clone(), answer);
        }
        doc
    }

    #[test]
    fn each_download_is_the_shared_document_under_a_clear_name() {
        let at = "2026-11-29T19:30:00.000Z";
        let file = export_file(&doc(), "ssp", at).unwrap();
        assert_eq!(
            (file.name, file.media_type),
            ("annexa-ssp.json", "application/json")
        );
        let ssp: oscal::OscalSsp = serde_json::from_str(&file.text).unwrap();
        assert_eq!(ssp.system_security_plan.metadata.last_modified, at);

        let file = export_file(&doc(), "assessment-results", at).unwrap();
        assert_eq!(file.name, "annexa-assessment-results.json");
        assert!(file.text.contains("\"assessment-results\""));

        let file = export_file(&doc(), "catalog", at).unwrap();
        assert_eq!(file.name, "annexa-iso27001-2022-catalog.json");

        let file = export_file(&doc(), "coverage-csv", at).unwrap();
        assert_eq!(
            (file.name, file.media_type),
            ("annexa-framework-coverage.csv", "text/csv")
        );
        // Every quick answer is yes: nothing is unmet, though some items relate to requirements
        // the quick questions do not ask about.
        let csv = file.text;
        assert!(csv.lines().skip(1).all(|l| !l.contains("\"none_met\"")));
        assert!(csv.lines().skip(1).any(|l| l.contains("\"all_met\"")));
    }

    #[test]
    fn a_bad_timestamp_or_an_unknown_download_is_an_error_message_not_a_panic() {
        let error = export_file(&doc(), "ssp", "now").unwrap_err();
        assert!(error.contains("not a valid OSCAL timestamp"), "{error}");
        let error = export_file(&doc(), "spreadsheet", "2026-11-29T19:30:00Z").unwrap_err();
        assert_eq!(error, "there is no download called spreadsheet");
    }

    #[test]
    fn the_coverage_crosses_to_javascript_and_back_unchanged() {
        let fields = coverage_js(&serde_json::to_string(&doc()).unwrap()).unwrap();
        let back = CoverageSummary::from_fields(fields.iter().map(String::as_str));
        assert_eq!(back, Some(coverage(&doc()).unwrap().summary()));
        assert!(coverage_js("{").is_err());
    }
}

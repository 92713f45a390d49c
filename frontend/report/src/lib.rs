//! # annexa-widget-report
//!
//! The widget's report module: scoring, the Statement of Applicability, the plan, the advice and
//! the report's markup (`annexa_widget::report_engine`), exported to JavaScript for the
//! questionnaire module, which the page loads first. That module asks `embed.js` for this one
//! after the visitor's first answer and calls it within the page on the report screen: the
//! answers never leave the browser for it. See docs/EMBEDDING.md, "What loads when".
//!
//! Arguments arrive as the questionnaire module writes them (the widget's configuration, the
//! answers and the open sections as JSON); anything unreadable gives an empty body, which the
//! widget shows as a report that could not be loaded.

use std::rc::Rc;

use annexa_shared::AnswersDocument;
use annexa_shared::json;
use annexa_widget::components::ReportContext;
use annexa_widget::config::RawConfig;
use annexa_widget::events::EventTarget;
use annexa_widget::report_engine;
use annexa_widget::state::OpenSections;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// The report's context from the widget's configuration's JSON, with events going to `host`.
fn context(config: &str, host: Option<HtmlElement>) -> Option<ReportContext> {
    let config = RawConfig::from_json_text(config)?.validate().ok()?;
    Some(ReportContext {
        strings: config.locale.report_strings(),
        config: Rc::new(config),
        events: EventTarget::new(host),
    })
}

/// Runs when the module is instantiated (after the visitor's first answer): reads what every
/// report needs, so that the first report shows at once ([`report_engine::prepare`]).
#[wasm_bindgen(start)]
pub fn start() {
    report_engine::prepare();
}

/// The report's body (markup with the slots the widget fills) for the answers `doc` with the
/// sections `open` (a JSON array of section ids) opened; empty when an argument is unreadable.
#[wasm_bindgen]
pub fn report_markup(config: &str, doc: &str, open: &str) -> String {
    let body = || {
        let ctx = context(config, None)?;
        let doc = AnswersDocument::from_json_text(doc)?;
        let open = OpenSections::from_json(&json::parse(open)?)?;
        Some(report_engine::report_markup(&ctx, &doc, &open))
    };
    body().unwrap_or_default()
}

/// Tells the host page (`annexa:completed` on `host`) that the visitor reached the report for
/// the answers `doc`.
#[wasm_bindgen]
pub fn report_completed(host: Option<HtmlElement>, config: &str, doc: &str) {
    if let (Some(ctx), Some(doc)) = (context(config, host), AnswersDocument::from_json_text(doc)) {
        report_engine::emit_completed(&ctx, &doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{"key":"demo","locale":"en","instance":"w"}"#;

    fn quick_answers(value: &str) -> String {
        let questionnaire = annexa_shared::questionnaire::questionnaire(annexa_shared::Mode::Quick);
        let answers: Vec<String> = questionnaire
            .questions
            .iter()
            .map(|q| format!(r#""{}":{{"value":"{value}"}}"#, q.id))
            .collect();
        format!(
            r#"{{"questionnaire_version":"{}","mode":"quick","profile":{{}},"answers":{{{}}}}}"#,
            annexa_shared::QUESTIONNAIRE_VERSION,
            answers.join(",")
        )
    }

    #[test]
    fn the_report_for_the_answers_has_the_widgets_slots_and_the_open_sections() {
        let body = report_markup(CONFIG, &quick_answers("yes"), r#"["scores"]"#);
        assert!(body.starts_with(r#"<article class="report">"#), "{body}");
        for slot in annexa_widget::components::SLOTS {
            assert_eq!(body.matches(slot).count(), 1, "{slot} in {body}");
        }
        assert!(body.contains(r#"data-overall="100""#), "{body}");
        // The scores section is open, the others closed.
        assert!(body.contains(r#"aria-expanded="true" aria-controls="annexa-w-scores""#));
        assert!(body.contains(r#"aria-expanded="false" aria-controls="annexa-w-gaps""#));
    }

    #[test]
    fn unreadable_arguments_give_no_report() {
        let answers = quick_answers("no");
        assert!(!report_markup(CONFIG, &answers, "[]").is_empty());
        assert_eq!(report_markup("{", &answers, "[]"), "");
        assert_eq!(report_markup(r#"{"locale":"en"}"#, &answers, "[]"), "");
        assert_eq!(report_markup(CONFIG, "not json", "[]"), "");
        assert_eq!(report_markup(CONFIG, &answers, r#"{"open":1}"#), "");
    }
}

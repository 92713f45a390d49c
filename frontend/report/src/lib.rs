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

//! The widget's screens, written as HTML text ([`crate::markup`]), and the runtime that shows
//! them ([`widget`]): one state per mounted widget, the current screen written anew after each
//! change and brought onto the page by [`crate::dom::patch`], and the events of the whole
//! widget handled by a few listeners on its root (dispatched on the elements' classes, ids and
//! `data-` attributes). Each part of the screen is a function of its own file.

mod audit_days;
mod blockers;
mod call_to_action;
mod concept_chart;
mod error_box;
mod frameworks;
mod gap_list;
mod interop;
mod lead_form;
mod profile_step;
mod progress_header;
mod question_step;
mod report;
mod report_section;
mod score_bars;
mod section_nav;
mod soa_table;
mod start_over;
mod start_screen;
mod step_form;
mod timeline_chart;
pub mod widget;

use std::rc::Rc;

pub use question_step::{QuestionStepProps, question_step};
pub use report::{ReportProps, SLOTS, report, report_body};

use crate::config::WidgetConfig;
use crate::events::EventTarget;
use crate::i18n::{ReportStrings, Strings};

/// What every part of one widget instance may need.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetContext {
    /// The instance's string catalogue.
    pub strings: &'static Strings,
    /// The validated configuration.
    pub config: Rc<WidgetConfig>,
    /// Where public events go.
    pub events: EventTarget,
    /// The function from `embed.js` that loads the exports module (OSCAL, coverage, CSV) and
    /// resolves to its JS glue; `None` where there is none (the downloads then say so).
    pub exports: Option<js_sys::Function>,
    /// The function from `embed.js` that fetches the full questionnaire's texts and resolves to
    /// the file's text ([`crate::full_texts`]); `None` where there is none (a full question then
    /// says it could not be loaded).
    pub questions: Option<js_sys::Function>,
    /// The function from `embed.js` that loads the report module and resolves to its JS glue
    /// ([`crate::report_engine`]); unused where the widget is built with the report.
    pub report: Option<js_sys::Function>,
    /// The function from `embed.js` that resolves to the response of the site owner's settings
    /// (one request per key and page, shared with `embed.js`'s own reading of them,
    /// [`crate::api::fetch`]); `None` where there is none (the widget fetches them).
    pub settings: Option<js_sys::Function>,
    /// The configuration's JSON as `embed.js` gave it: the report module reads it too.
    pub raw_config: Rc<str>,
}

impl WidgetContext {
    /// What the report's parts need from this instance ([`crate::report_engine`]).
    pub fn report_context(&self) -> ReportContext {
        ReportContext {
            strings: self.config.locale.report_strings(),
            config: self.config.clone(),
            events: self.events.clone(),
        }
    }
}

/// What the report's parts need: the report's texts, the validated configuration and where
/// public events go. The report module builds one from the configuration alone, without the
/// runtime's texts ([`crate::report_engine`]).
#[derive(Debug, Clone)]
pub struct ReportContext {
    /// The instance's report texts.
    pub strings: &'static ReportStrings,
    /// The validated configuration.
    pub config: Rc<WidgetConfig>,
    /// Where public events go.
    pub events: EventTarget,
}

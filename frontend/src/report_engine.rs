//! The report computed from the answers: its markup and its `completed` event.
//!
//! This is what the *report module* (`frontend/report`) carries and exports to JavaScript:
//! scoring, the Statement of Applicability, the plan, the advice and the report's markup. The
//! widget's runtime — the start screen, the questions, the lead form, the downloads — is the
//! *questionnaire module* (this crate with its `app` feature), which the page loads first. It asks
//! for the report module after the visitor's first answer and, on the report screen, calls its
//! exports within the page: the answers never leave the browser for it. Built with the
//! `report` feature as well (the default, and the tests), the widget calls these functions
//! directly. See docs/EMBEDDING.md, "What loads when".

use std::cell::RefCell;
use std::rc::Rc;

use annexa_shared::{AnswersDocument, AnswersError, Mode, Profile, QUESTIONNAIRE_VERSION};

use crate::components::ReportContext;
use crate::components::report_body;
use crate::events::{Completed, WidgetEvent};
use crate::markup::Markup;
use crate::report_model::{ReportModel, today};
use crate::state::OpenSections;

/// A report and the answers it was computed from.
type Kept = (AnswersDocument, Rc<Result<ReportModel, AnswersError>>);

thread_local! {
    /// The last report computed: the screen is written anew after every change (a section
    /// opened, a lead form's error) and the `completed` event uses the same report.
    static LAST: RefCell<Option<Kept>> = const { RefCell::new(None) };
}

/// The report for `doc`, computed once per document.
fn model(doc: &AnswersDocument) -> Rc<Result<ReportModel, AnswersError>> {
    LAST.with_borrow_mut(|last| {
        if let Some((built_for, model)) = last
            && built_for == doc
        {
            return model.clone();
        }
        let model = Rc::new(ReportModel::build(doc, today()));
        *last = Some((doc.clone(), model.clone()));
        model
    })
}

/// Reads once what every report needs (the catalog and its index, the questionnaires, the
/// guidance: each is read when first used) by computing the report of an empty assessment of
/// each mode. The report module does it as it loads, while the visitor is still answering, so
/// that the first report does not wait for it.
pub fn prepare() {
    for mode in [Mode::Quick, Mode::Full] {
        let empty = AnswersDocument {
            questionnaire_version: QUESTIONNAIRE_VERSION.to_owned(),
            mode,
            profile: Profile::default(),
            answers: Default::default(),
        };
        let _ = ReportModel::build(&empty, today());
    }
}

/// The report's body for `doc` with the sections in `open` opened: markup with the slots the
/// widget's runtime fills ([`crate::components::report`]).
pub fn report_markup(ctx: &ReportContext, doc: &AnswersDocument, open: &OpenSections) -> String {
    let mut m = Markup::new();
    report_body(&mut m, ctx, doc, &model(doc), open);
    m.into_string()
}

/// Tells the host page the visitor reached the report for `doc` (nothing when it cannot be
/// computed: the screen says why).
pub fn emit_completed(ctx: &ReportContext, doc: &AnswersDocument) {
    let model = model(doc);
    let Ok(model) = model.as_ref() else {
        return;
    };
    let report = &model.report;
    ctx.events.emit(WidgetEvent::Completed(Completed {
        key: ctx.config.key.clone(),
        mode: doc.mode.as_str(),
        overall: report.overall,
        band: report.band,
        tier: Some(model.tier_letter().to_owned()),
        top_gaps: report
            .gaps
            .iter()
            .take(5)
            .map(|g| g.requirement_id.to_string())
            .collect(),
    }));
}

//! The report screen: computed in the browser by `annexa-shared` from the answers so far.

use std::rc::Rc;

use annexa_shared::{AnswersDocument, SectionKind};
use yew::prelude::*;

use super::audit_days::AuditDays;
use super::blockers::Blockers;
use super::concept_chart::ConceptChart;
use super::frameworks::Frameworks;
use super::gap_list::GapList;
use super::interop::Interop;
use super::lead_form::LeadForm;
use super::score_bars::ScoreBars;
use super::soa_table::SoaTable;
use super::start_over::StartOver;
use super::timeline_chart::TimelineChart;
use super::use_widget;
use crate::api::ServerWidgetConfig;
use crate::report_model::{ReportModel, percent, today};
use crate::state::Action;

/// Properties of [`Report`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ReportProps {
    /// The scorable answers.
    pub doc: Rc<AnswersDocument>,
    /// The site owner's settings, once loaded (lead capture).
    pub settings: Option<Rc<ServerWidgetConfig>>,
    /// Move focus to the heading when shown.
    pub autofocus: bool,
    /// Navigation.
    pub dispatch: Callback<Action>,
}

/// The report.
#[component]
pub fn Report(props: &ReportProps) -> Html {
    let ctx = use_widget();
    let s = ctx.strings;
    let model = use_memo(props.doc.clone(), |doc| ReportModel::build(doc, today()));
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        let autofocus = props.autofocus;
        use_effect_with((), move |()| {
            if let Some(h) = heading.cast::<web_sys::HtmlElement>().filter(|_| autofocus) {
                let _ = h.focus();
            }
        });
    }
    let model = match &*model {
        Ok(model) => model,
        Err(error) => {
            return html! {
                <section class="error-box" role="alert">
                    <h2>{s.report_title}</h2>
                    <p>{s.report_error}{" "}{error.to_string()}</p>
                    <button type="button" class="btn" onclick={props.dispatch.reform(|_| Action::Back)}>{s.edit_answers}</button>
                </section>
            };
        }
    };
    let report = &model.report;
    let sections = |kind: SectionKind| {
        report
            .sections
            .iter()
            .filter(|x| x.kind == kind)
            .cloned()
            .collect::<Vec<_>>()
    };
    let lead = props
        .settings
        .clone()
        .filter(|settings| settings.lead_capture && ctx.config.lead_capture_allowed);
    let on_print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let incomplete = (report.progress * 100.0).round() as u32;
    html! {
        <article class="report">
            <h2 ref={heading} tabindex="-1">{s.report_title}</h2>
            <p class="note">{s.disclaimer_short}</p>
            if incomplete < 100 {
                <p class="note">{(s.report_incomplete)(incomplete)}</p>
            }
            // Quick mode: which requirements the scores leave out, in the shared rules' words.
            if let Some(note) = &report.not_assessed_note {
                <p class="note" data-note="not-assessed">{note.clone()}</p>
            }
            <div class="summary">
                <div class="overall" data-overall={report.overall.to_string()}>
                    <span class="big" aria-hidden="true">{percent(report.overall)}</span>
                    <span class="sr-only">{(s.score_out_of)(&report.overall.to_string())}</span>
                    <span class="label">{s.overall_label}</span>
                </div>
                <div class="band" data-band={serde_json::to_value(report.band).ok().and_then(|v| v.as_str().map(str::to_owned))}>
                    <span class="label">{s.band_label}</span>
                    <strong>{(s.band_names)(report.band)}</strong>
                </div>
            </div>
            <ScoreBars heading={s.clauses_heading} sections={sections(SectionKind::Clause)} />
            <ScoreBars heading={s.themes_heading} sections={sections(SectionKind::Theme)} />
            <ConceptChart bars={model.concept_bars()} />
            <Blockers heading={s.stage1_heading} intro={s.stage1_intro} stage="stage1"
                blockers={report.stage1_blockers.clone()} />
            <Blockers heading={s.stage2_heading} intro={s.stage2_intro} stage="stage2"
                blockers={report.stage2_blockers.clone()} />
            <GapList gaps={report.gaps.clone()} />
            <Frameworks advice={model.advice.clone()} />
            <TimelineChart plan={model.plan.clone()} />
            <AuditDays days={model.plan.audit_days.clone()} />
            <SoaTable soa={model.soa.clone()} json={model.soa_json()} />
            <Interop doc={props.doc.clone()} />
            if let Some(settings) = lead {
                <LeadForm {settings} doc={props.doc.clone()} />
            }
            <div class="actions report-actions">
                <button type="button" class="btn" data-action="edit" onclick={props.dispatch.reform(|_| Action::Back)}>{s.edit_answers}</button>
                <button type="button" class="btn" onclick={on_print}>{s.print}</button>
                <StartOver dispatch={props.dispatch.clone()} />
            </div>
        </article>
    }
}

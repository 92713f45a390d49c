//! The report screen: computed in the browser by `annexa-shared` from the answers so far.

use std::rc::Rc;

use annexa_shared::{AnswersDocument, SectionKind};
use yew::prelude::*;

use super::audit_days::{AuditDaysProps, audit_days};
use super::blockers::{BlockersProps, blockers};
use super::call_to_action::{CallToActionProps, call_to_action};
use super::concept_chart::{ConceptChartProps, concept_chart};
use super::frameworks::{FrameworksProps, frameworks};
use super::gap_list::{GapListProps, gap_list};
use super::interop::Interop;
use super::report_section::{ReportSectionProps, report_section};
use super::score_bars::{ScoreBarsProps, score_bars};
use super::soa_table::{SoaTableProps, soa_table};
use super::start_over::StartOver;
use super::timeline_chart::{TimelineChartProps, timeline_chart};
use super::use_widget;
use crate::api::ServerWidgetConfig;
use crate::markup::Markup;
use crate::report_model::{ReportModel, ReportSection as Section, number, percent, today};
use crate::state::Action;
use annexa_shared::Mode;
use annexa_shared::questionnaire::questionnaire;

/// Properties of [`Report`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ReportProps {
    /// The scorable answers.
    pub doc: Rc<AnswersDocument>,
    /// The site owner's settings, once loaded (lead capture).
    pub settings: Option<Rc<ServerWidgetConfig>>,
    /// Move focus to the heading when shown.
    pub autofocus: bool,
    /// The detail sections the visitor has open.
    #[prop_or_else(crate::state::default_open_sections)]
    pub open_sections: crate::state::OpenSections,
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
    let cta_opened = use_state(|| false);
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
    let lead_form = props
        .settings
        .as_ref()
        .is_some_and(|settings| settings.lead_capture && ctx.config.lead_capture_allowed);
    let on_print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let incomplete = (report.progress * 100.0).round() as u32;
    let obstacles = model.obstacles(3);
    let certification = model.certification_date().map(|date| {
        format!(
            "{} {}",
            s.month_names[usize::from(date.month() - 1)],
            date.year()
        )
    });
    // A quick assessment offers the full one, unless the site owner fixed the quick mode.
    let offer_full = props.doc.mode == Mode::Quick && ctx.config.mode.is_none();
    let section = |kind: Section, title: String, children: Html| {
        report_section(
            &ctx,
            &ReportSectionProps {
                section: kind,
                title: title.into(),
                open: props.open_sections.contains(kind.id()),
                dispatch: props.dispatch.clone(),
                children,
            },
        )
    };
    // The summary and the notes keep no state and handle no event: raw markup (crate::markup).
    let mut m = Markup::new();
    m.tag(r#"<div class="summary"><div data-overall=""#)
        .text(&number(report.overall))
        .tag(r#"" class="overall"><span aria-hidden="true" class="big">"#)
        .text(&percent(report.overall))
        .tag(r#"</span><span class="sr-only">"#)
        .text(&(s.score_out_of)(&number(report.overall)))
        .tag(r#"</span><span class="label">"#)
        .text(s.overall_label)
        .tag(r#"</span></div><div data-band=""#)
        .text(report.band.code())
        .tag(r#"" class="band"><span class="label">"#)
        .text(s.band_label)
        .tag("</span><strong>")
        .text((s.band_names)(report.band))
        .tag(r#"</strong></div></div><section data-summary="obstacles" class="obstacles"><h3>"#)
        .text(s.summary_obstacles_heading)
        .tag("</h3>");
    if obstacles.is_empty() {
        m.tag(r#"<p class="ok">"#)
            .text(s.summary_no_obstacles)
            .tag("</p>");
    } else {
        m.tag("<ol>");
        for o in &obstacles {
            m.tag("<li><strong>")
                .text(&o.title)
                .tag(r#"</strong> <span class="why">"#)
                .text(&o.detail)
                .tag("</span></li>");
        }
        m.tag("</ol>");
    }
    if let Some(month) = certification {
        m.tag(r#"<p data-summary="certification" class="certification">"#)
            .text(&(s.summary_certification)(&month))
            .tag("</p>");
    }
    m.tag("</section>");
    let summary = m.into_html();
    let mut m = Markup::new();
    m.tag(r#"<p class="note">"#)
        .text(s.disclaimer_short)
        .tag("</p>");
    if incomplete < 100 {
        m.tag(r#"<p class="note">"#)
            .text(&(s.report_incomplete)(incomplete))
            .tag("</p>");
    }
    // Quick mode: which requirements the scores leave out, in the shared rules' words.
    if let Some(note) = &report.not_assessed_note {
        m.tag(r#"<p data-note="not-assessed" class="note">"#)
            .text(note)
            .tag("</p>");
    }
    let notes = m.into_html();
    html! {
        <article class="report">
            <h2 ref={heading} tabindex="-1">{s.report_title}</h2>
            {summary}
            if let Some(settings) = props.settings.clone() {
                {call_to_action(&ctx, &CallToActionProps {
                    settings,
                    lead_form,
                    doc: props.doc.clone(),
                    opened: cta_opened.clone(),
                })}
            }
            if offer_full {
                <section class="continue-full" data-offer="full">
                    <h3>{s.continue_full_heading}</h3>
                    <p>{s.continue_full_text}</p>
                    <button type="button" class="btn" data-action="continue-full"
                        onclick={props.dispatch.reform(|_| Action::ContinueFull(questionnaire(Mode::Full)))}>
                        {s.continue_full_button}
                    </button>
                </section>
            }
            {notes}
            <div class="details">
                {section(Section::Scores, s.section_scores.to_owned(), html! {
                    <>
                        {score_bars(&ctx, &ScoreBarsProps {
                            heading: s.clauses_heading.into(),
                            sections: sections(SectionKind::Clause),
                        })}
                        {score_bars(&ctx, &ScoreBarsProps {
                            heading: s.themes_heading.into(),
                            sections: sections(SectionKind::Theme),
                        })}
                    </>
                })}
                {section(Section::Concepts, s.concepts_heading.to_owned(), html! {
                    {concept_chart(&ctx, &ConceptChartProps { bars: model.concept_bars() })}
                })}
                {section(Section::Blockers, format!("{} ({})", s.section_blockers,
                    report.stage1_blockers.len() + report.stage2_blockers.len()), html! {
                    <>
                        {blockers(&ctx, &BlockersProps {
                            heading: s.stage1_heading.into(),
                            intro: s.stage1_intro.into(),
                            stage: "stage1".into(),
                            blockers: report.stage1_blockers.clone(),
                        })}
                        {blockers(&ctx, &BlockersProps {
                            heading: s.stage2_heading.into(),
                            intro: s.stage2_intro.into(),
                            stage: "stage2".into(),
                            blockers: report.stage2_blockers.clone(),
                        })}
                    </>
                })}
                {section(Section::Gaps, format!("{} ({})", s.gaps_heading, report.gaps.len()), html! {
                    {gap_list(&ctx, &GapListProps { gaps: report.gaps.clone() })}
                })}
                {section(Section::Soa, s.soa_heading.to_owned(), html! {
                    {soa_table(&ctx, &SoaTableProps { soa: model.soa.clone(), json: model.soa_json().into() })}
                })}
                {section(Section::Timeline, s.timeline_heading.to_owned(), html! {
                    {timeline_chart(&ctx, &TimelineChartProps { plan: model.plan.clone() })}
                })}
                {section(Section::AuditDays, s.audit_days_heading.to_owned(), html! {
                    {audit_days(&ctx, &AuditDaysProps { days: model.plan.audit_days.clone() })}
                })}
                {section(Section::Frameworks, s.frameworks_heading.to_owned(), html! {
                    {frameworks(&ctx, &FrameworksProps { advice: model.advice.clone() })}
                })}
                {section(Section::Coverage, s.coverage_heading.to_owned(), html! {
                    <Interop doc={props.doc.clone()} coverage=true
                        open={props.open_sections.contains(Section::Coverage.id())} />
                })}
                {section(Section::Downloads, s.section_downloads.to_owned(), html! {
                    <Interop doc={props.doc.clone()} coverage=false />
                })}
            </div>
            <div class="actions report-actions">
                <button type="button" class="btn" data-action="edit" onclick={props.dispatch.reform(|_| Action::Back)}>{s.edit_answers}</button>
                <button type="button" class="btn" onclick={on_print}>{s.print}</button>
                <StartOver dispatch={props.dispatch.clone()} />
            </div>
        </article>
    }
}

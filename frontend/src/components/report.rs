//! The report screen: computed in the browser by `annexa-shared` from the answers so far.
//!
//! In two parts, because the report ships in a wasm module of its own (`frontend/report`,
//! [`crate::report_engine`]): [`report_body`] writes everything computed from the answers, with
//! a slot (an HTML comment, [`SLOTS`]) where each part the widget's runtime keeps goes — the call
//! to action and its lead form, the coverage, the downloads, "Start over" — and [`report`]
//! writes the screen from that body and fills its slots.

use annexa_shared::{AnswersDocument, SectionKind};

use super::audit_days::{AuditDaysProps, audit_days};
use super::blockers::{BlockersProps, blockers};
use super::call_to_action::call_to_action;
use super::concept_chart::{ConceptChartProps, concept_chart};
use super::frameworks::{FrameworksProps, frameworks};
use super::gap_list::{GapListProps, gap_list};
use super::interop::{InteropState, interop};
use super::lead_form::LeadState;
use super::report_section::report_section;
use super::score_bars::{ScoreBarsProps, score_bars};
use super::soa_table::{SoaTableProps, soa_table};
use super::start_over::start_over;
use super::timeline_chart::{TimelineChartProps, timeline_chart};
use super::{ReportContext, WidgetContext};
use crate::api::ServerWidgetConfig;
use crate::markup::Markup;
use crate::report_model::{ReportModel, ReportSection as Section, number, percent};
use crate::state::OpenSections;
use annexa_shared::AnswersError;
use annexa_shared::Mode;

/// What the report screen keeps while it is shown (all of it forgotten when the visitor
/// leaves the report, as it was with Yew's components).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportUi {
    /// Whether the visitor opened the lead form with the call to action's button.
    pub cta_opened: bool,
    /// The lead form.
    pub lead: LeadState,
    /// The coverage and the downloads.
    pub interop: InteropState,
    /// Whether "Start over" was pressed once.
    pub start_over_armed: bool,
}

/// The slots of [`report_body`], in the order they appear: the call to action, the coverage's
/// and the downloads' contents, "Start over".
pub const SLOTS: [&str; 4] = [
    "<!--annexa:cta-->",
    "<!--annexa:coverage-->",
    "<!--annexa:downloads-->",
    "<!--annexa:start-over-->",
];

/// What [`report`] shows.
#[derive(Debug, Clone, Copy)]
pub struct ReportProps<'a> {
    /// The report's body ([`report_body`]).
    pub body: &'a str,
    /// The site owner's settings, once loaded (lead capture).
    pub settings: Option<&'a ServerWidgetConfig>,
    /// The detail sections the visitor has open.
    pub open_sections: &'a OpenSections,
    /// What the screen keeps.
    pub ui: &'a ReportUi,
}

/// The report (`article.report`; its heading takes the focus when the visitor asks for it):
/// its body with the slots filled.
pub fn report(m: &mut Markup, ctx: &WidgetContext, props: &ReportProps<'_>) {
    let lead_form = props
        .settings
        .is_some_and(|settings| settings.lead_capture && ctx.config.lead_capture_allowed);
    let coverage_open = props.open_sections.contains(Section::Coverage.id());
    let mut rest = props.body;
    for (index, slot) in SLOTS.iter().enumerate() {
        let Some((before, after)) = rest.split_once(slot) else {
            continue;
        };
        m.trusted(before);
        rest = after;
        match index {
            0 => {
                if let Some(settings) = props.settings {
                    call_to_action(
                        m,
                        ctx,
                        settings,
                        lead_form,
                        props.ui.cta_opened,
                        &props.ui.lead,
                    );
                }
            }
            1 => interop(m, ctx, &props.ui.interop, true, coverage_open),
            2 => interop(m, ctx, &props.ui.interop, false, true),
            _ => start_over(m, ctx, props.ui.start_over_armed),
        }
    }
    m.trusted(rest);
}

/// The report computed from `doc` (or why it could not be), with the sections in `open`
/// opened, and a slot ([`SLOTS`]) for each part [`report`] fills.
pub fn report_body(
    m: &mut Markup,
    ctx: &ReportContext,
    doc: &AnswersDocument,
    model: &Result<ReportModel, AnswersError>,
    open_sections: &OpenSections,
) {
    let s = ctx.strings;
    let model = match model {
        Ok(model) => model,
        Err(error) => {
            m.tag(r#"<section role="alert" class="error-box"><h2>"#)
                .text(s.report_title)
                .tag("</h2><p>")
                .text(s.report_error)
                .tag(" ")
                .display(error)
                .tag(r#"</p><button type="button" class="btn">"#)
                .text(s.edit_answers)
                .tag("</button></section>");
            return;
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
    let offer_full = doc.mode == Mode::Quick && ctx.config.mode.is_none();
    let open = |kind: Section| open_sections.contains(kind.id());
    // The summary and the notes keep no state and handle no event: raw markup (crate::markup).
    m.tag(r#"<article class="report"><h2 tabindex="-1">"#)
        .text(s.report_title)
        .tag("</h2>");
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
    m.tag("</section>").tag(SLOTS[0]);
    if offer_full {
        m.tag(r#"<section data-offer="full" class="continue-full"><h3>"#)
            .text(s.continue_full_heading)
            .tag("</h3><p>")
            .text(s.continue_full_text)
            .tag(r#"</p><button type="button" data-action="continue-full" class="btn">"#)
            .text(s.continue_full_button)
            .tag("</button></section>");
    }
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
    m.tag(r#"<div class="details">"#);
    report_section(
        m,
        ctx,
        Section::Scores,
        s.section_scores,
        open(Section::Scores),
        |m| {
            m.markup(&score_bars(
                ctx,
                &ScoreBarsProps {
                    heading: s.clauses_heading,
                    sections: sections(SectionKind::Clause),
                },
            ))
            .markup(&score_bars(
                ctx,
                &ScoreBarsProps {
                    heading: s.themes_heading,
                    sections: sections(SectionKind::Theme),
                },
            ));
        },
    );
    report_section(
        m,
        ctx,
        Section::Concepts,
        s.concepts_heading,
        open(Section::Concepts),
        |m| {
            m.markup(&concept_chart(
                ctx,
                &ConceptChartProps {
                    bars: model.concept_bars(),
                },
            ));
        },
    );
    let title = format!(
        "{} ({})",
        s.section_blockers,
        report.stage1_blockers.len() + report.stage2_blockers.len()
    );
    report_section(
        m,
        ctx,
        Section::Blockers,
        &title,
        open(Section::Blockers),
        |m| {
            m.markup(&blockers(
                ctx,
                &BlockersProps {
                    heading: s.stage1_heading,
                    intro: s.stage1_intro,
                    stage: "stage1",
                    blockers: report.stage1_blockers.clone(),
                },
            ))
            .markup(&blockers(
                ctx,
                &BlockersProps {
                    heading: s.stage2_heading,
                    intro: s.stage2_intro,
                    stage: "stage2",
                    blockers: report.stage2_blockers.clone(),
                },
            ));
        },
    );
    let title = format!("{} ({})", s.gaps_heading, report.gaps.len());
    report_section(m, ctx, Section::Gaps, &title, open(Section::Gaps), |m| {
        m.markup(&gap_list(
            ctx,
            &GapListProps {
                gaps: report.gaps.clone(),
            },
        ));
    });
    report_section(
        m,
        ctx,
        Section::Soa,
        s.soa_heading,
        open(Section::Soa),
        |m| {
            m.markup(&soa_table(
                ctx,
                &SoaTableProps {
                    soa: model.soa.clone(),
                    json: model.soa_json(),
                },
            ));
        },
    );
    report_section(
        m,
        ctx,
        Section::Timeline,
        s.timeline_heading,
        open(Section::Timeline),
        |m| {
            m.markup(&timeline_chart(
                ctx,
                &TimelineChartProps {
                    plan: model.plan.clone(),
                },
            ));
        },
    );
    report_section(
        m,
        ctx,
        Section::AuditDays,
        s.audit_days_heading,
        open(Section::AuditDays),
        |m| {
            m.markup(&audit_days(
                ctx,
                &AuditDaysProps {
                    days: model.plan.audit_days.clone(),
                },
            ));
        },
    );
    report_section(
        m,
        ctx,
        Section::Frameworks,
        s.frameworks_heading,
        open(Section::Frameworks),
        |m| {
            m.markup(&frameworks(
                ctx,
                &FrameworksProps {
                    advice: model.advice.clone(),
                },
            ));
        },
    );
    report_section(
        m,
        ctx,
        Section::Coverage,
        s.coverage_heading,
        open(Section::Coverage),
        |m| {
            m.tag(SLOTS[1]);
        },
    );
    report_section(
        m,
        ctx,
        Section::Downloads,
        s.section_downloads,
        open(Section::Downloads),
        |m| {
            m.tag(SLOTS[2]);
        },
    );
    m.tag(r#"</div><div class="actions report-actions"><button type="button" data-action="edit" class="btn">"#)
        .text(s.edit_answers)
        .tag(r#"</button><button type="button" class="btn">"#)
        .text(s.print)
        .tag("</button>");
    m.tag(SLOTS[3]).tag("</div></article>");
}

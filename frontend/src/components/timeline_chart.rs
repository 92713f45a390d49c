//! The certification timeline as a dated chart: a vertical time axis, one marker per milestone
//! placed by its date, each labelled with the date and the step, and the details as a list.

use annexa_shared::plan::Plan;

use super::ReportContext;
use crate::markup::Markup;
use annexa_shared::decimal::Shortest;

use crate::report_model::{number, timeline_rows};

/// What [`timeline_chart`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineChartProps {
    /// The plan.
    pub plan: Plan,
}

const HEIGHT: f64 = 420.0;
const GAP: f64 = 30.0;
const AXIS_X: f64 = 110.0;
const TOP: f64 = 16.0;

/// The timeline.
///
/// Written as markup text (see [`crate::markup`]): it keeps no state and handles no event.
pub fn timeline_chart(ctx: &ReportContext, props: &TimelineChartProps) -> Markup {
    let s = ctx.strings;
    let plan = &props.plan;
    let dates: Vec<_> = plan.milestones.iter().map(|m| m.date).collect();
    let rows = timeline_rows(&dates, HEIGHT, GAP);
    let total = rows.last().copied().unwrap_or(0.0) + TOP * 2.0;
    let instance = &ctx.config.instance;
    let mut m = Markup::new();
    m.tag(r#"<section class="report-block"><h3>"#)
        .text(s.timeline_heading)
        .tag("</h3>");
    if let (Some(target), Some(met)) = (plan.target_date, plan.meets_target) {
        m.tag(if met {
            r#"<p class="ok">"#
        } else {
            r#"<p class="warn">"#
        })
        .text(&(s.target_met)(met, &target.to_string()))
        .tag("</p>");
    }
    m.tag(r#"<figure class="chart"><svg viewBox="0 0 560 "#)
        .display(&Shortest(total))
        .tag(r#"" role="img" aria-labelledby="annexa-tl-"#)
        .text(instance)
        .tag(r#"-title"><title id="annexa-tl-"#)
        .text(instance)
        .tag(r#"-title">"#)
        .text(s.timeline_heading)
        .tag(r#"</title><line x1=""#)
        .text(&number(AXIS_X))
        .tag(r#"" x2=""#)
        .text(&number(AXIS_X))
        .tag(r#"" y1=""#)
        .text(&number(TOP))
        .tag(r#"" y2=""#)
        .text(&number(total - TOP))
        .tag(r#"" class="axis"></line>"#);
    for (milestone, y) in plan.milestones.iter().zip(&rows) {
        let y = y + TOP;
        m.tag(r#"<g class="milestone"><text x=""#)
            .text(&number(AXIS_X - 14.0))
            .tag(r#"" y=""#)
            .text(&number(y + 4.0))
            .tag(r#"" text-anchor="end" class="date">"#)
            .display(&milestone.date)
            .tag(r#"</text><circle cx=""#)
            .text(&number(AXIS_X))
            .tag(r#"" cy=""#)
            .text(&number(y))
            .tag(r#"" r="6" class="marker"></circle><text x=""#)
            .text(&number(AXIS_X + 14.0))
            .tag(r#"" y=""#)
            .text(&number(y + 4.0))
            .tag(r#"" class="label">"#)
            .text(&milestone.title)
            .tag("</text></g>");
    }
    m.tag("</svg><figcaption>")
        .text(s.timeline_caption)
        .tag(r#"</figcaption></figure><ol class="milestones">"#);
    for milestone in &plan.milestones {
        m.tag(r#"<li><time datetime=""#)
            .display(&milestone.date)
            .tag(r#"">"#)
            .display(&milestone.date)
            .tag("</time> — <strong>")
            .text(&milestone.title)
            .tag("</strong>: ")
            .text(&milestone.detail)
            .tag("</li>");
    }
    m.tag("</ol></section>");
    m
}

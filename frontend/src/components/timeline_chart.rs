//! The certification timeline as a dated chart: a vertical time axis, one marker per milestone
//! placed by its date, each labelled with the date and the step, and the details as a list.

use annexa_shared::plan::Plan;
use yew::prelude::*;

use super::WidgetContext;
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
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn timeline_chart(ctx: &WidgetContext, props: &TimelineChartProps) -> Html {
    let s = ctx.strings;
    let plan = &props.plan;
    let dates: Vec<_> = plan.milestones.iter().map(|m| m.date).collect();
    let rows = timeline_rows(&dates, HEIGHT, GAP);
    let total = rows.last().copied().unwrap_or(0.0) + TOP * 2.0;
    let marks = plan.milestones.iter().zip(&rows).map(|(m, y)| {
        let y = y + TOP;
        html! {
            <g class="milestone">
                <text x={number(AXIS_X - 14.0)} y={number(y + 4.0)} text-anchor="end" class="date">{m.date.to_string()}</text>
                <circle cx={number(AXIS_X)} cy={number(y)} r="6" class="marker" />
                <text x={number(AXIS_X + 14.0)} y={number(y + 4.0)} class="label">{m.title.clone()}</text>
            </g>
        }
    });
    let prefix = format!("annexa-tl-{}", ctx.config.instance);
    html! {
        <section class="report-block">
            <h3>{s.timeline_heading}</h3>
            if let (Some(target), Some(met)) = (plan.target_date, plan.meets_target) {
                <p class={if met { "ok" } else { "warn" }}>{(s.target_met)(met, &target.to_string())}</p>
            }
            <figure class="chart">
                <svg viewBox={format!("0 0 560 {}", Shortest(total))} role="img" aria-labelledby={format!("{prefix}-title")}>
                    <title id={format!("{prefix}-title")}>{s.timeline_heading}</title>
                    <line x1={number(AXIS_X)} x2={number(AXIS_X)} y1={number(TOP)}
                        y2={number(total - TOP)} class="axis" />
                    {for marks}
                </svg>
                <figcaption>{s.timeline_caption}</figcaption>
            </figure>
            <ol class="milestones">
                {for plan.milestones.iter().map(|m| html! {
                    <li>
                        <time datetime={m.date.to_string()}>{m.date.to_string()}</time>
                        {" — "}<strong>{m.title.clone()}</strong>{": "}{m.detail.clone()}
                    </li>
                })}
            </ol>
        </section>
    }
}

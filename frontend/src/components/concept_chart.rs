//! The ISO/IEC 27002 cybersecurity-concept chart: one column per concept (Identify, Protect,
//! Detect, Respond, Recover), each with its own fill pattern, its value written above it and its
//! name below, so it reads in greyscale and in print; a text alternative lists every value.

use yew::prelude::*;

use super::WidgetContext;
use annexa_shared::decimal::Shortest;

use crate::report_model::{ChartBar, number, percent};

/// What [`concept_chart`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptChartProps {
    /// One bar per concept.
    pub bars: Vec<ChartBar>,
}

const WIDTH: f64 = 560.0;
const TOP: f64 = 24.0;
const PLOT: f64 = 180.0;
const LEFT: f64 = 40.0;

/// The SVG column chart.
///
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn concept_chart(ctx: &WidgetContext, props: &ConceptChartProps) -> Html {
    let s = ctx.strings;
    let prefix = format!("annexa-cc-{}", ctx.config.instance);
    let count = props.bars.len().max(1) as f64;
    let slot = (WIDTH - LEFT) / count;
    let bar_width = slot * 0.55;
    let grid = [0.0, 25.0, 50.0, 75.0, 100.0].map(|v| {
        let y = TOP + PLOT - v / 100.0 * PLOT;
        html! {
            <g class="grid">
                <line x1={number(LEFT)} x2={number(WIDTH)} y1={number(y)} y2={number(y)} />
                <text x={number(LEFT - 6.0)} y={number(y + 4.0)} text-anchor="end">{number(v)}</text>
            </g>
        }
    });
    let columns = props.bars.iter().enumerate().map(|(i, bar)| {
        let score = bar.score.unwrap_or(0.0);
        let height = score / 100.0 * PLOT;
        let x = LEFT + slot * i as f64 + (slot - bar_width) / 2.0;
        let y = TOP + PLOT - height;
        let centre = x + bar_width / 2.0;
        let value = bar.score.map_or_else(|| s.not_scored.to_owned(), percent);
        html! {
            <g class="column" data-concept={bar.label.clone()}>
                <rect x={number(x)} y={number(y)} width={number(bar_width)}
                    height={number(height)} fill={format!("url(#{prefix}-p{})", i % 5)} class="column-fill" />
                <text class="value" x={number(centre)} y={number(y - 6.0)} text-anchor="middle">{value}</text>
                <text class="label" x={number(centre)} y={number(TOP + PLOT + 18.0)} text-anchor="middle">{bar.label.clone()}</text>
            </g>
        }
    });
    let description = props
        .bars
        .iter()
        .map(|b| {
            format!(
                "{}: {}",
                b.label,
                b.score.map_or_else(|| s.not_scored.to_owned(), percent)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let title_id = format!("{prefix}-title");
    let desc_id = format!("{prefix}-desc");
    html! {
        <section class="report-block">
            <h3>{s.concepts_heading}</h3>
            <figure class="chart">
                <svg viewBox={format!("0 0 {} {}", Shortest(WIDTH), Shortest(TOP + PLOT + 30.0))} role="img"
                    aria-labelledby={format!("{title_id} {desc_id}")}>
                    <title id={title_id}>{s.concepts_heading}</title>
                    <desc id={desc_id}>{description}</desc>
                    <defs>{patterns(&prefix)}</defs>
                    {for grid}
                    {for columns}
                </svg>
                <figcaption>{s.concepts_caption}</figcaption>
            </figure>
        </section>
    }
}

/// Five fills that differ in texture, not only in colour: solid, diagonal, cross-hatch, dots,
/// horizontal stripes.
fn patterns(prefix: &str) -> Html {
    let id = |n: u8| format!("{prefix}-p{n}");
    html! {
        <>
            <pattern id={id(0)} width="8" height="8" patternUnits="userSpaceOnUse">
                <rect width="8" height="8" class="pat-bg" />
            </pattern>
            <pattern id={id(1)} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="8" height="8" class="pat-light" /><rect width="3" height="8" class="pat-bg" />
            </pattern>
            <pattern id={id(2)} width="8" height="8" patternUnits="userSpaceOnUse">
                <rect width="8" height="8" class="pat-light" /><path d="M0 4H8M4 0V8" class="pat-line" />
            </pattern>
            <pattern id={id(3)} width="8" height="8" patternUnits="userSpaceOnUse">
                <rect width="8" height="8" class="pat-light" /><circle cx="4" cy="4" r="2.2" class="pat-bg" />
            </pattern>
            <pattern id={id(4)} width="8" height="8" patternUnits="userSpaceOnUse">
                <rect width="8" height="8" class="pat-light" /><rect width="8" height="4" class="pat-bg" />
            </pattern>
        </>
    }
}

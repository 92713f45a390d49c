//! The ISO/IEC 27002 cybersecurity-concept chart: one column per concept (Identify, Protect,
//! Detect, Respond, Recover), each with its own fill pattern, its value written above it and its
//! name below, so it reads in greyscale and in print; a text alternative lists every value.

use super::ReportContext;
use crate::markup::Markup;
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
/// Written as markup text (see [`crate::markup`]): it keeps no state and handles no event.
pub fn concept_chart(ctx: &ReportContext, props: &ConceptChartProps) -> Markup {
    let s = ctx.strings;
    let instance = &ctx.config.instance;
    let count = props.bars.len().max(1) as f64;
    let slot = (WIDTH - LEFT) / count;
    let bar_width = slot * 0.55;
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
    let mut m = Markup::new();
    m.tag(r#"<section class="report-block"><h3>"#)
        .text(s.concepts_heading)
        .tag(r#"</h3><figure class="chart"><svg viewBox="0 0 "#)
        .display(&Shortest(WIDTH))
        .tag(" ")
        .display(&Shortest(TOP + PLOT + 30.0))
        .tag(r#"" role="img" aria-labelledby="annexa-cc-"#)
        .text(instance)
        .tag("-title annexa-cc-")
        .text(instance)
        .tag(r#"-desc"><title id="annexa-cc-"#)
        .text(instance)
        .tag(r#"-title">"#)
        .text(s.concepts_heading)
        .tag(r#"</title><desc id="annexa-cc-"#)
        .text(instance)
        .tag(r#"-desc">"#)
        .text(&description)
        .tag("</desc><defs>");
    patterns(&mut m, instance);
    m.tag("</defs>");
    for v in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = TOP + PLOT - v / 100.0 * PLOT;
        m.tag(r#"<g class="grid"><line x1=""#)
            .text(&number(LEFT))
            .tag(r#"" x2=""#)
            .text(&number(WIDTH))
            .tag(r#"" y1=""#)
            .text(&number(y))
            .tag(r#"" y2=""#)
            .text(&number(y))
            .tag(r#""></line><text x=""#)
            .text(&number(LEFT - 6.0))
            .tag(r#"" y=""#)
            .text(&number(y + 4.0))
            .tag(r#"" text-anchor="end">"#)
            .text(&number(v))
            .tag("</text></g>");
    }
    for (i, bar) in props.bars.iter().enumerate() {
        let score = bar.score.unwrap_or(0.0);
        let height = score / 100.0 * PLOT;
        let x = LEFT + slot * i as f64 + (slot - bar_width) / 2.0;
        let y = TOP + PLOT - height;
        let centre = x + bar_width / 2.0;
        let value = bar.score.map_or_else(|| s.not_scored.to_owned(), percent);
        m.tag(r#"<g data-concept=""#)
            .text(&bar.label)
            .tag(r#"" class="column"><rect x=""#)
            .text(&number(x))
            .tag(r#"" y=""#)
            .text(&number(y))
            .tag(r#"" width=""#)
            .text(&number(bar_width))
            .tag(r#"" height=""#)
            .text(&number(height))
            .tag(r#"" fill="url(#annexa-cc-"#)
            .text(instance)
            .tag("-p")
            .display(&(i % 5))
            .tag(r#")" class="column-fill"></rect><text x=""#)
            .text(&number(centre))
            .tag(r#"" y=""#)
            .text(&number(y - 6.0))
            .tag(r#"" text-anchor="middle" class="value">"#)
            .text(&value)
            .tag(r#"</text><text x=""#)
            .text(&number(centre))
            .tag(r#"" y=""#)
            .text(&number(TOP + PLOT + 18.0))
            .tag(r#"" text-anchor="middle" class="label">"#)
            .text(&bar.label)
            .tag("</text></g>");
    }
    m.tag("</svg><figcaption>")
        .text(s.concepts_caption)
        .tag("</figcaption></figure></section>");
    m
}

/// Five fills that differ in texture, not only in colour: solid, diagonal, cross-hatch, dots,
/// horizontal stripes.
fn patterns(m: &mut Markup, instance: &str) {
    const FILLS: [&str; 5] = [
        r#"" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" class="pat-bg"></rect></pattern>"#,
        r#"" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" class="pat-light"></rect><rect width="3" height="8" class="pat-bg"></rect></pattern>"#,
        r#"" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" class="pat-light"></rect><path d="M0 4H8M4 0V8" class="pat-line"></path></pattern>"#,
        r#"" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" class="pat-light"></rect><circle cx="4" cy="4" r="2.2" class="pat-bg"></circle></pattern>"#,
        r#"" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" class="pat-light"></rect><rect width="8" height="4" class="pat-bg"></rect></pattern>"#,
    ];
    for (n, fill) in FILLS.into_iter().enumerate() {
        m.tag(r#"<pattern id="annexa-cc-"#)
            .text(instance)
            .tag("-p")
            .display(&n)
            .tag(fill);
    }
}

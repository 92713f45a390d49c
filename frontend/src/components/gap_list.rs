//! The ordered gap list with recommendations.

use annexa_shared::Gap;

use super::ReportContext;
use crate::markup::Markup;

/// What [`gap_list`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct GapListProps {
    /// The gaps, most urgent first.
    pub gaps: Vec<Gap>,
}

/// Gaps in priority order.
///
/// Written as markup text (see [`crate::markup`]): it keeps no state and handles no event.
pub fn gap_list(ctx: &ReportContext, props: &GapListProps) -> Markup {
    let s = ctx.strings;
    let mut m = Markup::new();
    m.tag(r#"<section class="report-block"><h3>"#)
        .text(s.gaps_heading)
        .tag(" (")
        .display(&props.gaps.len())
        .tag(")</h3>");
    if props.gaps.is_empty() {
        m.tag(r#"<p class="ok">"#).text(s.no_gaps).tag("</p>");
    } else {
        m.tag(r#"<ol class="gaps">"#);
        for gap in &props.gaps {
            m.tag(r#"<li data-requirement=""#)
                .text(&gap.requirement_id)
                .tag(r#""><span class="severity "#)
                .text(&format!("sev-{:?}", gap.severity).to_ascii_lowercase())
                .tag(r#"">"#)
                .text((s.severity)(gap.severity))
                .tag("</span> <strong>")
                .text(&gap.requirement_id)
                .tag(" ")
                .text(&gap.title)
                .tag("</strong><p>")
                .text(&gap.recommendation)
                .tag("</p></li>");
        }
        m.tag("</ol>");
    }
    m.tag("</section>");
    m
}

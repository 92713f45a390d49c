//! Stage 1 or Stage 2 blockers.

use annexa_shared::Blocker;

use super::ReportContext;
use crate::markup::Markup;

/// What [`blockers`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockersProps {
    /// Heading.
    pub heading: &'static str,
    /// What the stage is about.
    pub intro: &'static str,
    /// The blockers.
    pub blockers: Vec<Blocker>,
    /// `stage1` or `stage2` (for tests and styling).
    pub stage: &'static str,
}

/// A blocker list.
///
/// Written as markup text (see [`crate::markup`]): it keeps no state and handles no event.
pub fn blockers(ctx: &ReportContext, props: &BlockersProps) -> Markup {
    let s = ctx.strings;
    let mut m = Markup::new();
    m.tag(r#"<section data-blockers=""#)
        .text(props.stage)
        .tag(r#"" class="report-block"><h3>"#)
        .text(props.heading)
        .tag(" (")
        .display(&props.blockers.len())
        .tag(")</h3><p>")
        .text(props.intro)
        .tag("</p>");
    if props.blockers.is_empty() {
        m.tag(r#"<p class="ok">"#).text(s.no_blockers).tag("</p>");
    } else {
        m.tag(r#"<ul class="blockers">"#);
        for b in &props.blockers {
            m.tag(r#"<li data-requirement=""#)
                .text(&b.requirement_id)
                .tag(r#""><strong>"#)
                .text(&b.requirement_id)
                .tag(" ")
                .text(&b.title)
                .tag("</strong>: ")
                .text(&b.reason)
                .tag("</li>");
        }
        m.tag("</ul>");
    }
    m.tag("</section>");
    m
}

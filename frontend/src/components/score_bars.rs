//! Readiness bars per clause or per theme: a labelled value on every bar, so the chart reads
//! without colour (the bars themselves are decoration for sighted readers).

use annexa_shared::SectionScore;

use super::ReportContext;
use crate::markup::Markup;
use crate::report_model::{number, percent};

/// What [`score_bars`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreBarsProps {
    /// Heading.
    pub heading: &'static str,
    /// The sections to draw.
    pub sections: Vec<SectionScore>,
}

/// A list of labelled bars.
///
/// Written as markup text (see [`crate::markup`]): it keeps no state and handles no event.
pub fn score_bars(ctx: &ReportContext, props: &ScoreBarsProps) -> Markup {
    let s = ctx.strings;
    let mut m = Markup::new();
    m.tag(r#"<section class="report-block"><h3>"#)
        .text(props.heading)
        .tag(r#"</h3><ul class="bars">"#);
    for section in &props.sections {
        let value = section
            .score
            .map_or_else(|| s.not_scored.to_owned(), percent);
        let width = section.score.unwrap_or(0.0);
        m.tag(r#"<li data-section=""#).text(&section.id);
        if let Some(score) = section.score {
            m.tag(r#"" data-score=""#).text(&number(score));
        }
        m.tag(r#""><span class="bar-label">"#)
            .text(&section.id)
            .tag(" ")
            .text(&section.title)
            .tag(concat!(
                r#"</span><svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false" class="bar">"#,
                r#"<rect width="100" height="10" class="track"></rect><rect width=""#
            ))
            .text(&number(width))
            .tag(r#"" height="10" class="fill"></rect></svg><span class="bar-value">"#)
            .text(&value)
            .tag(r#"</span><span class="bar-meta">"#)
            .text(&(s.answered_of)(section.answered, section.total))
            .tag("</span></li>");
    }
    m.tag("</ul></section>");
    m
}

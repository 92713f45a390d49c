//! Which frameworks apply and why, from the organisation profile.

use annexa_shared::FrameworkAdvice;

use super::ReportContext;
use crate::markup::Markup;

/// What [`frameworks`] draws.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameworksProps {
    /// The advice, most binding first.
    pub advice: Vec<FrameworkAdvice>,
}

/// The framework list.
///
/// Written as markup text (see [`crate::markup`]): it keeps no state and handles no event.
pub fn frameworks(ctx: &ReportContext, props: &FrameworksProps) -> Markup {
    let s = ctx.strings;
    let mut m = Markup::new();
    m.tag(r#"<section class="report-block"><h3>"#)
        .text(s.frameworks_heading)
        .tag("</h3>");
    if props.advice.is_empty() {
        m.tag("<p>").text(s.no_frameworks).tag("</p>");
    } else {
        m.tag(r#"<ul class="frameworks">"#);
        for a in &props.advice {
            m.tag(r#"<li data-framework=""#)
                .text(a.framework.id())
                .tag(r#""><span class="level "#)
                .text(&format!("level-{:?}", a.level).to_ascii_lowercase())
                .tag(r#"">"#)
                .text((s.framework_level)(a.level))
                .tag("</span> <strong>")
                .text((s.framework_name)(a.framework))
                .tag("</strong><p>")
                .text(&a.reason)
                .tag("</p></li>");
        }
        m.tag("</ul>");
    }
    m.tag("</section>");
    m
}

//! "Jump to section": a select of the sections in asking order.

use annexa_shared::Questionnaire;

use super::WidgetContext;
use crate::flow;
use crate::markup::Markup;

/// The section picker (`form.jump`; the runtime reads the select when it is submitted).
/// `current` is the section on screen.
pub fn section_nav(
    m: &mut Markup,
    ctx: &WidgetContext,
    questionnaire: &'static Questionnaire,
    current: &str,
) {
    let s = ctx.strings;
    m.tag(r#"<form class="jump"><label for="annexa-jump-"#)
        .text(&ctx.config.instance)
        .tag(r#"">"#)
        .text(s.jump_to_section)
        .tag(r#"</label><select id="annexa-jump-"#)
        .text(&ctx.config.instance)
        .tag(r#"">"#);
    for section in flow::sections(questionnaire) {
        m.tag(r#"<option value=""#)
            .text(&section.id)
            .tag(r#"""#)
            .flag(section.id == current, r#" selected="selected""#)
            .tag(">");
        match &section.title {
            Some(title) => m.text(title),
            None => m.text(s.profile_section),
        };
        m.tag("</option>");
    }
    m.tag(r#"</select><button type="submit" class="btn small">"#)
        .text(s.go)
        .tag("</button></form>");
}

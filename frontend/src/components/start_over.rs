//! "Start over", confirmed by a second press so that one stray click cannot wipe the answers.

use super::WidgetContext;
use crate::markup::Markup;

/// The two-step start-over button: `armed` after the first press.
pub fn start_over(m: &mut Markup, ctx: &WidgetContext, armed: bool) {
    let s = ctx.strings;
    if armed {
        m.tag(r#"<button type="button" data-action="start-over-confirm" class="btn danger">"#)
            .text(s.start_over_confirm);
    } else {
        m.tag(r#"<button type="button" data-action="start-over" class="btn-link">"#)
            .text(s.start_over);
    }
    m.tag("</button>");
}

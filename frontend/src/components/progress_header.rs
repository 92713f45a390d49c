//! The progress bar with the section name, announced politely to screen readers.

use annexa_shared::decimal::Fixed;
use yew::prelude::*;

use super::WidgetContext;
use crate::markup::Markup;

/// What [`progress_header`] shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressHeaderProps {
    /// Questions answered.
    pub answered: usize,
    /// Questions in all.
    pub total: usize,
    /// The section on screen, with its number.
    pub section_title: AttrValue,
    /// The step on screen, 1-based.
    pub step: usize,
    /// Steps in all.
    pub steps: usize,
    /// Whether the last change was saved in the browser.
    pub saved: bool,
}

/// Progress bar, section name and save state.
///
/// A plain function rather than a component: it keeps no state, and a component of its own
/// compiles Yew's lifecycle code once more (about 1 KB of the widget module).
pub fn progress_header(ctx: &WidgetContext, props: &ProgressHeaderProps) -> Html {
    let s = ctx.strings;
    let width = if props.total == 0 {
        0.0
    } else {
        props.answered as f64 * 100.0 / props.total as f64
    };
    // The section name, the step and the bar handle no event: one raw node (crate::markup),
    // not a virtual DOM node per element. The status stays Yew's: a live region must stay the
    // same element for screen readers to announce its changes.
    let mut m = Markup::new();
    m.tag(r#"<div class="progress-text"><span class="section-name">"#)
        .text(&props.section_title)
        .tag("</span><span>")
        .text(&(s.question_of)(props.step, props.steps))
        .tag(concat!(
            r#"</span></div><svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false" class="progress-bar">"#,
            r#"<rect width="100" height="6" rx="3" class="track"></rect><rect width=""#
        ))
        .display(&Fixed(width, 1))
        .tag(r#"" height="6" rx="3" class="fill"></rect></svg>"#);
    html! {
        <div class="progress">
            {m.into_html()}
            <p class="progress-status" role="status" aria-live="polite">
                {(s.progress_label)(props.answered, props.total)}
                if props.saved {
                    {" · "}{s.saved}
                }
            </p>
        </div>
    }
}

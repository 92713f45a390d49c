//! The frame of every question screen: the question as the fieldset's legend, help on demand,
//! Back / Next. The runtime handles its keyboard (Enter on a choice moves on) and moves focus to
//! the answer when a new step appears after a visitor's action ([`focus_answer`]).

use super::WidgetContext;
use crate::markup::Markup;

/// What [`step_form`] shows around the answer inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepFrame<'a> {
    /// The question.
    pub legend: &'a str,
    /// "Why it matters".
    pub help: &'a str,
    /// Whether the help is open.
    pub help_open: bool,
    /// The last step: Next becomes "See my report".
    pub is_last: bool,
    /// The first step: Back is disabled.
    pub first: bool,
}

/// The question frame (`form.step`), with the answer inputs `inputs` writes.
pub fn step_form(
    m: &mut Markup,
    ctx: &WidgetContext,
    frame: &StepFrame<'_>,
    inputs: impl FnOnce(&mut Markup),
) {
    let s = ctx.strings;
    let instance = &ctx.config.instance;
    m.tag(r#"<form novalidate="novalidate" class="step"><fieldset><legend id="annexa-legend-"#)
        .text(instance)
        .tag(r#"" class="question">"#)
        .text(frame.legend)
        .tag(r#"</legend><div class="help-toggle"><button type="button" aria-expanded=""#)
        .tag(if frame.help_open { "true" } else { "false" })
        .tag(r#"" aria-controls="annexa-help-"#)
        .text(instance)
        .tag(r#"" class="btn-link">"#)
        .text(if frame.help_open {
            s.help_hide
        } else {
            s.help_show
        })
        .tag(r#"</button></div><p id="annexa-help-"#)
        .text(instance)
        .tag(r#"""#)
        .flag(!frame.help_open, r#" hidden="hidden""#)
        .tag(r#" class="help">"#)
        .text(frame.help)
        .tag("</p>");
    inputs(m);
    m.tag(r#"</fieldset><p class="kbd-hint">"#)
        .text(s.keyboard_hint)
        .tag(r#"</p><div class="actions"><button type="button" data-action="back""#)
        .flag(frame.first, r#" disabled="disabled""#)
        .tag(r#" class="btn">"#)
        .text(s.back)
        .tag(r#"</button><button type="submit" data-action="next" class="btn primary">"#)
        .text(if frame.is_last { s.see_report } else { s.next })
        .tag("</button></div></form>");
}

/// The id of the question's legend, which labels single inputs (number, date) of the step.
pub fn legend_id(instance: &str) -> String {
    format!("annexa-legend-{instance}")
}

/// Focuses the chosen answer, or the first input of the step in `root`.
pub fn focus_answer(root: &web_sys::Element) {
    let Some(form) = crate::dom::find(root, "form.step") else {
        return;
    };
    let target = crate::dom::find(&form, "input:checked")
        .or_else(|| crate::dom::find(&form, "input, select, textarea"));
    if let Some(element) =
        target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = element.focus();
    }
}

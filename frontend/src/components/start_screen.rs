//! What this is, how long it takes, where the answers stay, and the choice of assessment.

use annexa_shared::Mode;

use super::WidgetContext;
use crate::markup::Markup;

/// The start screen. `fixed_mode` is the mode the site owner fixed with `data-mode` (`None`
/// lets the visitor choose); `chosen` the choice on screen; `loading` whether the site owner's
/// settings are still loading.
pub fn start_screen(
    m: &mut Markup,
    ctx: &WidgetContext,
    fixed_mode: Option<Mode>,
    chosen: Mode,
    loading: bool,
) {
    let s = ctx.strings.start;
    m.tag(r#"<section aria-labelledby="annexa-start-title" class="start"><h2 id="annexa-start-title">"#)
        .text(s.title)
        .tag("</h2><p>")
        .text(s.intro)
        .tag(r#"</p><p class="note">"#)
        .text(s.privacy)
        .tag(r#"</p><p class="note"><strong>"#)
        .text(s.disclaimer)
        .tag("</strong></p><form>");
    match fixed_mode {
        None => {
            m.tag("<fieldset><legend>").text(s.choose).tag("</legend>");
            for (mode, title, hint) in [
                (Mode::Quick, s.mode_quick, s.mode_quick_hint),
                (Mode::Full, s.mode_full, s.mode_full_hint),
            ] {
                let id = format!("annexa-mode-{}-{}", ctx.config.instance, mode.as_str());
                m.tag(r#"<div class="choice"><input type="radio" id=""#)
                    .text(&id)
                    .tag(r#"" name="annexa-mode-"#)
                    .text(&ctx.config.instance)
                    .tag(r#"" value=""#)
                    .text(mode.as_str())
                    .tag(if chosen == mode {
                        r#"" checked="true"><label for=""#
                    } else {
                        r#"" checked="false"><label for=""#
                    })
                    .text(&id)
                    .tag(r#""><strong>"#)
                    .text(title)
                    .tag(r#"</strong><span class="hint">"#)
                    .text(hint)
                    .tag("</span></label></div>");
            }
            m.tag("</fieldset>");
        }
        Some(Mode::Full) => {
            m.tag("<p>").text(s.mode_full_hint).tag("</p>");
        }
        Some(Mode::Quick) => {
            m.tag("<p>").text(s.mode_quick_hint).tag("</p>");
        }
    }
    m.tag(r#"<div class="actions"><button type="submit" data-action="start" class="btn primary">"#)
        .text(s.button)
        .tag("</button></div>");
    if loading {
        m.tag(r#"<p role="status" class="sr-only">"#)
            .text(s.loading)
            .tag("</p>");
    }
    m.tag("</form></section>");
}

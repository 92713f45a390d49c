//! The report's call to action, on the summary screen: the lead form itself, or a button that
//! opens it, as the site owner chose for the widget key; with the owner's wording and booking
//! link when set.

use super::WidgetContext;
use super::lead_form::{LeadState, lead_form};
use crate::api::{CtaStyle, ServerWidgetConfig};
use crate::markup::Markup;

/// The booking link, when the owner set one.
fn booking(m: &mut Markup, ctx: &WidgetContext, url: &str) {
    m.tag(r#"<a href=""#)
        .text(url)
        .tag(r#"" target="_blank" rel="noopener" data-action="book" class="btn">"#)
        .text(ctx.strings.cta_booking)
        .tag("</a>");
}

/// The next step offered to the visitor. `lead_form` says whether the lead form may be offered
/// (the key collects leads and the page allows it); `opened` whether the visitor opened it with
/// the button; `lead` the form's state.
pub fn call_to_action(
    m: &mut Markup,
    ctx: &WidgetContext,
    settings: &ServerWidgetConfig,
    offer_form: bool,
    opened: bool,
    lead: &LeadState,
) {
    let s = ctx.strings;
    let link = settings.booking_link();
    if !offer_form {
        if let Some(url) = link {
            m.tag(r#"<section data-cta="booking" class="cta"><h3>"#)
                .text(settings.cta_wording().unwrap_or(s.lead_heading))
                .tag(r#"</h3><div class="actions">"#);
            booking(m, ctx, url);
            m.tag("</div></section>");
        }
        return;
    }
    let wording = settings.cta_wording();
    let button_style = settings.cta_style == CtaStyle::Button;
    if button_style && !opened {
        m.tag(r#"<section data-cta="button" class="cta"><p>"#)
            .text(&(s.lead_intro)(&settings.owner_name))
            .tag(r#"</p><div class="actions"><button type="button" data-action="open-lead" aria-expanded="false" aria-controls="annexa-cta-"#)
            .text(&ctx.config.instance)
            .tag(r#"" class="btn primary">"#);
        match wording {
            Some(label) => m.text(label),
            None => m.text(&(s.cta_button)(&settings.owner_name)),
        };
        m.tag("</button>");
        if let Some(url) = link {
            booking(m, ctx, url);
        }
        m.tag("</div></section>");
        return;
    }
    m.tag(if button_style {
        r#"<div data-cta="opened" id="annexa-cta-"#
    } else {
        r#"<div data-cta="inline" id="annexa-cta-"#
    })
    .text(&ctx.config.instance)
    .tag(r#"" class="cta">"#);
    lead_form(m, ctx, settings, wording.unwrap_or(s.lead_heading), lead);
    if let Some(url) = link {
        m.tag(r#"<div class="actions">"#);
        booking(m, ctx, url);
        m.tag("</div>");
    }
    m.tag("</div>");
}

//! The report's call to action, on the summary screen: the lead form itself, or a button that
//! opens it, as the site owner chose for the widget key; with the owner's wording and booking
//! link when set.

use std::rc::Rc;

use annexa_shared::AnswersDocument;
use yew::prelude::*;

use super::WidgetContext;
use super::lead_form::LeadForm;
use crate::api::{CtaStyle, ServerWidgetConfig};

/// What [`call_to_action`] shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CallToActionProps {
    /// The site owner's settings.
    pub settings: Rc<ServerWidgetConfig>,
    /// Whether the lead form may be offered (the key collects leads and the page allows it).
    pub lead_form: bool,
    /// The answers the form would send.
    pub doc: Rc<AnswersDocument>,
    /// Whether the visitor opened the form with the button (state kept by the report).
    pub opened: UseStateHandle<bool>,
}

/// The next step offered to the visitor.
///
/// A plain function rather than a component (whose lifecycle code costs about 1 KB of the widget
/// module): the one thing it keeps, whether the form was opened, is the report's state.
pub fn call_to_action(ctx: &WidgetContext, props: &CallToActionProps) -> Html {
    let s = ctx.strings;
    let opened = props.opened.clone();
    let settings = &props.settings;
    let booking = settings.booking_link().map(|url| {
        html! {
            <a class="btn" href={url.to_owned()} target="_blank" rel="noopener" data-action="book">
                {s.cta_booking}
            </a>
        }
    });
    if !props.lead_form {
        return match booking {
            Some(link) => html! {
                <section class="cta" data-cta="booking">
                    <h3>{settings.cta_wording().unwrap_or(s.lead_heading).to_owned()}</h3>
                    <div class="actions">{link}</div>
                </section>
            },
            None => html! {},
        };
    }
    let wording = settings
        .cta_wording()
        .map(|t| AttrValue::from(t.to_owned()));
    let button_style = settings.cta_style == CtaStyle::Button;
    if button_style && !*opened {
        let label = wording
            .clone()
            .unwrap_or_else(|| AttrValue::from((s.cta_button)(&settings.owner_name)));
        let form_id = format!("annexa-cta-{}", ctx.config.instance);
        return html! {
            <section class="cta" data-cta="button">
                <p>{(s.lead_intro)(&settings.owner_name)}</p>
                <div class="actions">
                    <button type="button" class="btn primary" data-action="open-lead"
                        aria-expanded="false" aria-controls={form_id}
                        onclick={move |_| opened.set(true)}>{label}</button>
                    {booking}
                </div>
            </section>
        };
    }
    html! {
        <div class="cta" data-cta={if button_style { "opened" } else { "inline" }}
            id={format!("annexa-cta-{}", ctx.config.instance)}>
            <LeadForm settings={settings.clone()} doc={props.doc.clone()} heading={wording}
                autofocus={button_style} />
            if let Some(link) = booking {
                <div class="actions">{link}</div>
            }
        </div>
    }
}

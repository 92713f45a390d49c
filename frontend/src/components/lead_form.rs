//! Lead capture, shown only when the site owner enabled it: name, work email, company, the
//! owner's consent text with a checkbox. Nothing is sent before the visitor presses the button.

use std::rc::Rc;

use annexa_shared::AnswersDocument;
use annexa_shared::json::write::WriteJson;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::use_widget;
use crate::api::{
    self, Contact, LeadError, LeadReceipt, LeadSubmission, ServerWidgetConfig, SubmittedConsent,
};
use crate::events::{ErrorDetail, LeadSubmitted, WidgetEvent};

/// Properties of [`LeadForm`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct LeadFormProps {
    /// The site owner's settings (name, consent text).
    pub settings: Rc<ServerWidgetConfig>,
    /// The answers to send.
    pub doc: Rc<AnswersDocument>,
    /// The heading: the owner's call-to-action wording, or the widget's own when `None`.
    #[prop_or_default]
    pub heading: Option<AttrValue>,
    /// Move focus to the first field when shown (the visitor pressed a button to open it).
    #[prop_or_default]
    pub autofocus: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Status {
    Editing,
    Sending,
    Sent(LeadReceipt),
    Failed(LeadError),
}

/// Which fields are wrong, each with its message.
#[derive(Debug, Clone, Default, PartialEq)]
struct FieldErrors {
    name: Option<&'static str>,
    email: Option<&'static str>,
    company: Option<&'static str>,
    consent: Option<&'static str>,
}

impl FieldErrors {
    fn any(&self) -> bool {
        self.name.is_some()
            || self.email.is_some()
            || self.company.is_some()
            || self.consent.is_some()
    }
}

/// The lead form.
#[component]
pub fn LeadForm(props: &LeadFormProps) -> Html {
    let ctx = use_widget();
    let s = ctx.strings;
    let status = use_state(|| Status::Editing);
    let errors = use_state(FieldErrors::default);
    let refs = [
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    ];
    {
        let first = refs[0].clone();
        let autofocus = props.autofocus;
        use_effect_with((), move |()| {
            if let Some(input) = first.cast::<HtmlInputElement>().filter(|_| autofocus) {
                let _ = input.focus();
            }
        });
    }
    let base = format!("annexa-lead-{}", ctx.config.instance);
    let heading = props
        .heading
        .clone()
        .unwrap_or(AttrValue::Static(s.lead_heading));

    if let Status::Sent(receipt) = &*status {
        return html! {
            <section class="report-block lead" data-lead="sent" data-lead-id={receipt.id.clone()}>
                <h3>{heading}</h3>
                <p class="ok" role="status">{s.lead_success}</p>
            </section>
        };
    }

    let onsubmit = {
        let status = status.clone();
        let errors = errors.clone();
        let refs = refs.clone();
        let settings = props.settings.clone();
        let doc = props.doc.clone();
        let ctx = ctx.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *status == Status::Sending {
                return;
            }
            let value = |i: usize| {
                refs[i]
                    .cast::<HtmlInputElement>()
                    .map(|e| e.value())
                    .unwrap_or_default()
            };
            let consent = refs[3]
                .cast::<HtmlInputElement>()
                .is_some_and(|e| e.checked());
            let contact = Contact {
                name: value(0),
                email: value(1),
                company: value(2),
            }
            .trimmed();
            // The server's own rules (annexa_shared::wire), so a form the widget accepts is
            // not refused on arrival.
            let problems = contact.problems();
            let wrong = |pointer: &str| problems.iter().any(|p| p.pointer == pointer);
            let found = FieldErrors {
                name: wrong("/contact/name").then_some(s.lead_missing_name),
                email: wrong("/contact/email").then_some(s.lead_bad_email),
                company: wrong("/contact/company").then_some(s.lead_missing_company),
                consent: (!consent).then_some(s.lead_missing_consent),
            };
            let invalid = found.any();
            errors.set(found);
            if invalid {
                return;
            }
            status.set(Status::Sending);
            let body = LeadSubmission {
                widget_key: ctx.config.key.clone(),
                contact,
                consent: SubmittedConsent {
                    text: settings.consent_text.clone(),
                    agreed_at: Some(now_rfc3339()),
                },
                answers: (*doc).clone(),
                report: None,
                website: None,
                started_at: crate::api::started_at(),
            }
            .to_json();
            let status = status.clone();
            let ctx = ctx.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = api::classify_lead(
                    api::fetch("POST", &ctx.config.leads_url(), Some(body)).await,
                );
                match outcome {
                    Ok(receipt) => {
                        ctx.events.emit(WidgetEvent::LeadSubmitted(LeadSubmitted {
                            key: ctx.config.key.clone(),
                            id: receipt.id.clone(),
                            tier: receipt.tier.clone(),
                        }));
                        status.set(Status::Sent(receipt));
                    }
                    Err(error) => {
                        ctx.events.emit(WidgetEvent::Error(ErrorDetail {
                            key: Some(ctx.config.key.clone()),
                            code: "lead-failed",
                            message: lead_error_text(ctx.strings, &error),
                        }));
                        status.set(Status::Failed(error));
                    }
                }
            });
        })
    };

    let field = |i: usize,
                 kind: &'static str,
                 label: &'static str,
                 autocomplete: &'static str,
                 error: Option<&'static str>| {
        lead_field(&base, refs[i].clone(), kind, label, autocomplete, error)
    };
    let consent_id = format!("{base}-consent");
    let sending = *status == Status::Sending;
    html! {
        <section class="report-block lead" data-lead="form">
            <h3>{heading}</h3>
            <p>{(s.lead_intro)(&props.settings.owner_name)}</p>
            <form {onsubmit} novalidate=true>
                {field(0, "name", s.lead_name, "name", errors.name)}
                {field(1, "email", s.lead_email, "email", errors.email)}
                {field(2, "company", s.lead_company, "organization", errors.company)}
                <div class="consent">
                    <p id={format!("{consent_id}-text")} class="consent-text">{props.settings.consent_text.clone()}</p>
                    <div class="choice">
                        <input type="checkbox" id={consent_id.clone()} ref={refs[3].clone()}
                            aria-describedby={format!("{consent_id}-text")}
                            aria-invalid={errors.consent.is_some().to_string()} />
                        <label for={consent_id}>{s.lead_consent_label}</label>
                    </div>
                    if let Some(message) = errors.consent {
                        <p class="field-error">{message}</p>
                    }
                </div>
                <p class="note">{s.lead_nothing_sent}</p>
                <div class="actions">
                    <button type="submit" class="btn primary" disabled={sending} data-action="send-lead">
                        {if sending { s.lead_sending } else { s.lead_submit }}
                    </button>
                </div>
                <div role="status" aria-live="polite" class="lead-status">
                    if errors.any() {
                        <p class="field-error">{errors.name.or(errors.email).or(errors.company).or(errors.consent).unwrap_or_default()}</p>
                    }
                    if let Status::Failed(error) = &*status {
                        <p class="field-error" data-lead="error">{lead_error_text(s, error)}</p>
                    }
                </div>
            </form>
        </section>
    }
}

/// One contact field with its label and message.
///
/// A function of its own, never inlined: the form has three such fields, and each call compiled
/// its element-building code again into the form's view.
#[inline(never)]
fn lead_field(
    base: &str,
    node: NodeRef,
    kind: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    error: Option<&'static str>,
) -> Html {
    let id = format!("{base}-{kind}");
    let error_id = format!("{id}-error");
    html! {
        <div class="field">
            <label for={id.clone()}>{label}</label>
            <input {id} ref={node} type={if kind == "email" { "email" } else { "text" }}
                name={kind} {autocomplete} required=true maxlength="200"
                aria-invalid={error.is_some().to_string()}
                aria-describedby={error.map(|_| error_id.clone())} />
            if let Some(message) = error {
                <p id={error_id} class="field-error">{message}</p>
            }
        </div>
    }
}

fn lead_error_text(s: &crate::i18n::Strings, error: &LeadError) -> String {
    match error {
        LeadError::Offline => s.lead_error_offline.to_owned(),
        LeadError::RateLimited(seconds) => (s.lead_error_rate_limited)(*seconds),
        LeadError::Refused(lines) if lines.is_empty() => s.lead_error_generic.to_owned(),
        LeadError::Refused(lines) => format!("{} {}", s.lead_error_invalid, lines.join(" ")),
        LeadError::Failed => s.lead_error_generic.to_owned(),
    }
}

#[cfg(target_arch = "wasm32")]
fn now_rfc3339() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

#[cfg(not(target_arch = "wasm32"))]
fn now_rfc3339() -> String {
    "1970-01-01T00:00:00.000Z".to_owned()
}

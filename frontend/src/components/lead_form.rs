//! Lead capture, shown only when the site owner enabled it: name, work email, company, the
//! owner's consent text with a checkbox. Nothing is sent before the visitor presses the button.

use annexa_shared::AnswersDocument;
use annexa_shared::json::write::WriteJson;

use super::WidgetContext;
use crate::api::{
    self, Contact, LeadError, LeadReceipt, LeadSubmission, ServerWidgetConfig, SubmittedConsent,
};
use crate::events::{ErrorDetail, LeadSubmitted, WidgetEvent};
use crate::markup::Markup;

/// Where the lead form is.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum LeadStatus {
    /// Being filled in.
    #[default]
    Editing,
    /// Sent, the answer awaited.
    Sending,
    /// Received by the server.
    Sent(LeadReceipt),
    /// Refused or not delivered.
    Failed(LeadError),
}

/// Which fields are wrong, each with its message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldErrors {
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

/// The lead form's state (the fields' texts stay in the inputs until it is sent).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadState {
    /// Where the form is.
    pub status: LeadStatus,
    /// What is wrong with the fields, from the last press of the button.
    pub errors: FieldErrors,
}

/// The id prefix of the form's fields.
fn base(ctx: &WidgetContext) -> String {
    format!("annexa-lead-{}", ctx.config.instance)
}

/// The lead form, headed `heading`.
pub fn lead_form(
    m: &mut Markup,
    ctx: &WidgetContext,
    settings: &ServerWidgetConfig,
    heading: &str,
    lead: &LeadState,
) {
    let s = ctx.strings;
    if let LeadStatus::Sent(receipt) = &lead.status {
        m.tag(r#"<section data-lead="sent" data-lead-id=""#)
            .text(&receipt.id)
            .tag(r#"" class="report-block lead"><h3>"#)
            .text(heading)
            .tag(r#"</h3><p role="status" class="ok">"#)
            .text(s.lead_success)
            .tag("</p></section>");
        return;
    }
    let base = base(ctx);
    let errors = &lead.errors;
    m.tag(r#"<section data-lead="form" class="report-block lead"><h3>"#)
        .text(heading)
        .tag("</h3><p>")
        .text(&(s.lead_intro)(&settings.owner_name))
        .tag(r#"</p><form novalidate="novalidate">"#);
    lead_field(m, &base, "name", s.lead_name, "name", errors.name);
    lead_field(m, &base, "email", s.lead_email, "email", errors.email);
    lead_field(
        m,
        &base,
        "company",
        s.lead_company,
        "organization",
        errors.company,
    );
    m.tag(r#"<div class="consent"><p id=""#)
        .text(&base)
        .tag(r#"-consent-text" class="consent-text">"#)
        .text(&settings.consent_text)
        .tag(r#"</p><div class="choice"><input type="checkbox" id=""#)
        .text(&base)
        .tag(r#"-consent" aria-describedby=""#)
        .text(&base)
        .tag(if errors.consent.is_some() {
            r#"-consent-text" aria-invalid="true"><label for=""#
        } else {
            r#"-consent-text" aria-invalid="false"><label for=""#
        })
        .text(&base)
        .tag(r#"-consent">"#)
        .text(s.lead_consent_label)
        .tag("</label></div>");
    if let Some(message) = errors.consent {
        m.tag(r#"<p class="field-error">"#)
            .text(message)
            .tag("</p>");
    }
    let sending = lead.status == LeadStatus::Sending;
    m.tag(r#"</div><p class="note">"#)
        .text(s.lead_nothing_sent)
        .tag(r#"</p><div class="actions"><button type="submit" data-action="send-lead""#)
        .flag(sending, r#" disabled="disabled""#)
        .tag(r#" class="btn primary">"#)
        .text(if sending {
            s.lead_sending
        } else {
            s.lead_submit
        })
        .tag(r#"</button></div><div role="status" aria-live="polite" class="lead-status">"#);
    if errors.any() {
        let first = errors
            .name
            .or(errors.email)
            .or(errors.company)
            .or(errors.consent)
            .unwrap_or_default();
        m.tag(r#"<p class="field-error">"#).text(first).tag("</p>");
    }
    if let LeadStatus::Failed(error) = &lead.status {
        m.tag(r#"<p data-lead="error" class="field-error">"#)
            .text(&lead_error_text(s, error))
            .tag("</p>");
    }
    m.tag("</div></form></section>");
}

/// One contact field with its label and message.
fn lead_field(
    m: &mut Markup,
    base: &str,
    kind: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    error: Option<&'static str>,
) {
    m.tag(r#"<div class="field"><label for=""#)
        .text(base)
        .tag("-")
        .tag(kind)
        .tag(r#"">"#)
        .text(label)
        .tag(r#"</label><input id=""#)
        .text(base)
        .tag("-")
        .tag(kind)
        .tag(if kind == "email" {
            r#"" type="email" name=""#
        } else {
            r#"" type="text" name=""#
        })
        .tag(kind)
        .tag(r#"" autocomplete=""#)
        .tag(autocomplete)
        .tag(r#"" maxlength="200" aria-invalid=""#)
        .tag(if error.is_some() { "true" } else { "false" })
        .tag(r#"""#);
    if error.is_some() {
        m.tag(r#" aria-describedby=""#)
            .text(base)
            .tag("-")
            .tag(kind)
            .tag(r#"-error""#);
    }
    m.tag(r#" required="required">"#);
    if let Some(message) = error {
        m.tag(r#"<p id=""#)
            .text(base)
            .tag("-")
            .tag(kind)
            .tag(r#"-error" class="field-error">"#)
            .text(message)
            .tag("</p>");
    }
    m.tag("</div>");
}

/// The value of the form's input `field` (`name`, `email`, `company`) in `root`.
fn field_value(root: &web_sys::Element, base: &str, field: &str) -> String {
    crate::dom::find(root, &format!("#{base}-{field}"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(e).ok())
        .map(|e| e.value())
        .unwrap_or_default()
}

/// Reads the form in `root` and checks it: the request body to send, or `None` when a field
/// is wrong (`lead.errors` then says which).
pub fn validate(
    root: &web_sys::Element,
    ctx: &WidgetContext,
    settings: &ServerWidgetConfig,
    doc: &AnswersDocument,
    lead: &mut LeadState,
) -> Option<String> {
    let s = ctx.strings;
    let base = base(ctx);
    let consent = crate::dom::find(root, &format!("#{base}-consent"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(e).ok())
        .is_some_and(|e| e.checked());
    let contact = Contact {
        name: field_value(root, &base, "name"),
        email: field_value(root, &base, "email"),
        company: field_value(root, &base, "company"),
    }
    .trimmed();
    // The server's own rules (annexa_shared::wire), so a form the widget accepts is not refused
    // on arrival.
    let problems = contact.problems();
    let wrong = |pointer: &str| problems.iter().any(|p| p.pointer == pointer);
    lead.errors = FieldErrors {
        name: wrong("/contact/name").then_some(s.lead_missing_name),
        email: wrong("/contact/email").then_some(s.lead_bad_email),
        company: wrong("/contact/company").then_some(s.lead_missing_company),
        consent: (!consent).then_some(s.lead_missing_consent),
    };
    if lead.errors.any() {
        return None;
    }
    Some(
        LeadSubmission {
            widget_key: ctx.config.key.clone(),
            contact,
            consent: SubmittedConsent {
                text: settings.consent_text.clone(),
                agreed_at: Some(now_rfc3339()),
            },
            answers: doc.clone(),
            report: None,
            website: None,
            started_at: crate::api::started_at(),
        }
        .to_json(),
    )
}

/// Sends the form's `body`; tells the host page how it went and returns the form's new status.
pub async fn send(ctx: &WidgetContext, body: String) -> LeadStatus {
    let outcome =
        api::classify_lead(api::fetch("POST", &ctx.config.leads_url(), Some(body), None).await);
    match outcome {
        Ok(receipt) => {
            ctx.events.emit(WidgetEvent::LeadSubmitted(LeadSubmitted {
                key: ctx.config.key.clone(),
                id: receipt.id.clone(),
                tier: receipt.tier.clone(),
            }));
            LeadStatus::Sent(receipt)
        }
        Err(error) => {
            ctx.events.emit(WidgetEvent::Error(ErrorDetail {
                key: Some(ctx.config.key.clone()),
                code: "lead-failed",
                message: lead_error_text(ctx.strings, &error),
            }));
            LeadStatus::Failed(error)
        }
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

//! The contract between the widget and the API, defined once: the lead the widget sends and the
//! receipt it gets back, the RFC 9457 [`Problem`] with its [`FieldError`]s, and the rules a
//! lead's contact and consent must meet — the widget checks them before sending, the server
//! again on arrival, with the same answer — and the site owner's [`WidgetConfig`] the widget
//! loads when it starts. The leads inbox's types (a lead, a page, the filter, the sales
//! status and notes) are in [`leads`].
//!
//! The API documents these types in its OpenAPI description: with the `openapi` feature (which
//! only the API enables) each derives `utoipa::ToSchema`. The widget's wasm build never
//! compiles utoipa.

use serde::de::{self, IgnoredAny};
use serde::{Deserialize, Serialize};

use crate::AnswersDocument;

pub mod deliveries;
mod json;
pub mod leads;

pub use deliveries::{DeliveryState, RecentDelivery};
pub use leads::{
    Lead, LeadActivity, LeadFilter, LeadPage, LeadSort, LeadSummary, NewLeadNote, SalesStatus,
    SalesStatusChange, SortDirection,
};

/// Longest contact name or company, in characters.
pub const MAX_CONTACT_TEXT_CHARS: usize = 200;
/// Longest consent text, in characters.
pub const MAX_CONSENT_TEXT_CHARS: usize = 2000;
/// Longest e-mail address, in bytes (RFC 5321's path limit less the angle brackets).
pub const MAX_EMAIL_BYTES: usize = 254;
/// Longest part of an e-mail address before the `@`, in bytes (RFC 5321).
pub const MAX_EMAIL_LOCAL_BYTES: usize = 64;

/// One field-level detail of a problem: a JSON pointer (RFC 6901) into the request and what is
/// wrong there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// `/answers/q.A.5.1/justification`, `/contact/email`, or `#/query/mode` for a query value.
    pub pointer: String,
    /// What is wrong, for people.
    pub detail: String,
}

impl FieldError {
    /// A detail at `pointer`.
    pub fn new(pointer: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            pointer: pointer.into(),
            detail: detail.into(),
        }
    }
}

/// The problem+json body (RFC 9457).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// `https://annexa.dev/problems/<kind>`, stable per kind.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the kind.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request.
    pub detail: String,
    /// The resource concerned, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Per-field details.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// Contact details a visitor gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// Work e-mail address.
    pub email: String,
    /// Company.
    pub company: String,
}

/// The consent the visitor gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// The consent text exactly as shown.
    pub text: String,
    /// When the visitor agreed (RFC 3339).
    pub agreed_at: String,
}

/// The consent as the widget sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmittedConsent {
    /// The consent text exactly as shown.
    pub text: String,
    /// Ignored: the server records the time it received the consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_at: Option<String>,
}

/// The public configuration of a widget key: what an embedded widget needs to know when it
/// starts (`GET /api/v1/widget-config/{key}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetConfig {
    /// The widget key.
    pub key: String,
    /// Who owns the site (named in the consent text and the lead form).
    pub owner_name: String,
    /// Whether the widget offers to send the assessment as a lead.
    pub lead_capture: bool,
    /// The consent text the visitor must agree to before sending.
    pub consent_text: String,
    /// `inline`: the lead form is on the report's first screen; `button`: a button there opens
    /// it. (The server always sends it; a widget reading an older server's reply without it
    /// takes `inline`.)
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub cta_style: CtaStyle,
    /// The call to action's wording; `null` for the widget's own.
    #[serde(default)]
    pub cta_text: Option<String>,
    /// A page where visitors book a call, or `null`.
    #[serde(default)]
    pub booking_url: Option<String>,
}

impl WidgetConfig {
    /// The booking link, only when it is an `http(s)` address (never a script URL).
    pub fn booking_link(&self) -> Option<&str> {
        self.booking_url
            .as_deref()
            .map(str::trim)
            .filter(|url| url.starts_with("https://") || url.starts_with("http://"))
    }

    /// The owner's call-to-action wording, when set and not blank.
    pub fn cta_wording(&self) -> Option<&str> {
        self.cta_text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }
}

/// How the report's summary offers the next step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CtaStyle {
    /// The lead form is part of the summary screen.
    #[default]
    Inline,
    /// The summary shows a button; the form opens below it when pressed.
    Button,
}

impl CtaStyle {
    /// Its name in JSON and in the database (`inline`, `button`).
    pub const fn code(self) -> &'static str {
        match self {
            CtaStyle::Inline => "inline",
            CtaStyle::Button => "button",
        }
    }

    /// The style named `code`; anything unknown is the default, the inline form.
    pub fn from_code(code: &str) -> CtaStyle {
        match code {
            "button" => CtaStyle::Button,
            _ => CtaStyle::Inline,
        }
    }
}

/// What the widget sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LeadSubmission {
    /// The widget key of the embedding site.
    pub widget_key: String,
    /// The visitor's contact details.
    pub contact: Contact,
    /// The consent the visitor gave.
    pub consent: SubmittedConsent,
    /// The answers document.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answers: AnswersDocument,
    /// The report the browser computed: ignored, the server recomputes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub report: Option<Ignored>,
    /// Leave empty. The widget never shows this field; robots that fill every field do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// When the visitor started the questionnaire (RFC 3339), as the widget saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
}

/// A value accepted and dropped unread (a lead's `report`: the server computes its own). Sent
/// as `null`, so the widget never sends one. It is still read as a value, not skipped as text,
/// so a value nested more than [`MAX_IGNORED_DEPTH`] levels deep is refused like any other
/// (a skipped value would let a client send a body of a hundred thousand open brackets).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ignored;

/// How deeply an [`Ignored`] value may nest (serde_json's own limit).
pub const MAX_IGNORED_DEPTH: usize = 128;

impl Serialize for Ignored {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

impl<'de> Deserialize<'de> for Ignored {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Skip(0)).map(|()| Ignored)
    }
}

/// Reads any value and keeps nothing; the number is the depth of the value being read.
#[derive(Clone, Copy)]
struct Skip(usize);

impl Skip {
    fn deeper<E: de::Error>(self) -> Result<Skip, E> {
        if self.0 >= MAX_IGNORED_DEPTH {
            Err(E::custom(format!(
                "nested more than {MAX_IGNORED_DEPTH} levels deep"
            )))
        } else {
            Ok(Skip(self.0 + 1))
        }
    }
}

impl<'de> de::DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> de::Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("any value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.deeper()?;
        while seq.next_element_seed(inner)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.deeper()?;
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(inner)?;
        }
        Ok(())
    }
}

/// The stored lead's id and the server's tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadCreated {
    /// Lead id.
    pub id: String,
    /// Sales tier `A`, `B` or `C`, computed by the server.
    pub tier: String,
    /// `true` when the same address had already sent a lead through this key recently: this
    /// is that lead, and nothing new was stored.
    #[serde(default)]
    pub duplicate: bool,
}

/// Whether `email` is an e-mail address we accept: one `@`; 1 to 64 bytes before it; after it
/// a domain of at least two labels, none empty (`a@b..c` and `a@.b` are refused); at most 254
/// bytes in all; no space or control character. The whole rule: the widget and the server ask
/// this same function.
pub fn is_email_address(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= MAX_EMAIL_BYTES
        && (1..=MAX_EMAIL_LOCAL_BYTES).contains(&local.len())
        && !domain.contains('@')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A required text of at most `max` characters, checked at `pointer`.
fn check_text(errors: &mut Vec<FieldError>, pointer: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        errors.push(FieldError::new(pointer, "required"));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(
            pointer,
            format!("at most {max} characters"),
        ));
    }
}

impl Contact {
    /// The contact with the spaces around each field removed, as it is checked and stored.
    pub fn trimmed(&self) -> Contact {
        Contact {
            name: self.name.trim().to_owned(),
            email: self.email.trim().to_owned(),
            company: self.company.trim().to_owned(),
        }
    }

    /// What is wrong with this (trimmed) contact, each problem at its pointer in a
    /// [`LeadSubmission`] (`/contact/name`, `/contact/email`, `/contact/company`). Empty when
    /// it is acceptable.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "/contact/name",
            &self.name,
            MAX_CONTACT_TEXT_CHARS,
        );
        check_text(
            &mut errors,
            "/contact/company",
            &self.company,
            MAX_CONTACT_TEXT_CHARS,
        );
        if !is_email_address(&self.email) {
            errors.push(FieldError::new(
                "/contact/email",
                format!(
                    "'{}' is not an e-mail address",
                    self.email.chars().take(80).collect::<String>()
                ),
            ));
        }
        errors
    }
}

impl SubmittedConsent {
    /// What is wrong with the consent (`/consent/text`): a consent text is required, at most
    /// [`MAX_CONSENT_TEXT_CHARS`] characters.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        check_text(
            &mut errors,
            "/consent/text",
            &self.text,
            MAX_CONSENT_TEXT_CHARS,
        );
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_are_judged_by_one_rule() {
        for good in [
            "a@b.c",
            "jo.smith+iso@example.co.uk",
            &format!("{}@b.c", "x".repeat(64)),
        ] {
            assert!(is_email_address(good), "{good}");
        }
        let long = format!("{}@{}.com", "x".repeat(60), "d".repeat(300 - 65));
        assert_eq!(long.len(), 300);
        for bad in [
            "",
            "a",
            "@b.c",
            "a@b",
            "a@b..c",
            "a@.b",
            "a@b.",
            "a@@b.c",
            "a b@c.d",
            "a@b.c\n",
            long.as_str(),
            &format!("{}@b.c", "x".repeat(65)),
        ] {
            assert!(!is_email_address(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_contact_is_checked_field_by_field() {
        let contact = Contact {
            name: "  ".into(),
            email: "a@b..c".into(),
            company: "C".repeat(201),
        }
        .trimmed();
        let pointers: Vec<(String, String)> = contact
            .problems()
            .into_iter()
            .map(|e| (e.pointer, e.detail))
            .collect();
        assert_eq!(
            pointers,
            [
                ("/contact/name".to_string(), "required".to_string()),
                (
                    "/contact/company".to_string(),
                    "at most 200 characters".to_string()
                ),
                (
                    "/contact/email".to_string(),
                    "'a@b..c' is not an e-mail address".to_string()
                ),
            ]
        );
        let good = Contact {
            name: " Ada ".into(),
            email: " ada@example.com ".into(),
            company: "Analytical Engines".into(),
        }
        .trimmed();
        assert!(good.problems().is_empty());
        assert_eq!(good.email, "ada@example.com");
        let consent = SubmittedConsent {
            text: String::new(),
            agreed_at: None,
        };
        assert_eq!(consent.problems()[0].pointer, "/consent/text");
    }

    #[test]
    fn an_ignored_report_is_read_but_not_too_deep() {
        let shallow = r#"{"overall": 50, "sections": [{"id": "4", "score": null}], "ok": true}"#;
        assert_eq!(serde_json::from_str::<Ignored>(shallow).unwrap(), Ignored);
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(serde_json::from_str::<Ignored>(&deep).is_err());
        let limit = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(serde_json::from_str::<Ignored>(&limit).is_ok());
    }

    #[test]
    fn a_problem_reads_back_what_the_server_wrote() {
        let text = r#"{"type":"https://annexa.dev/problems/validation-failed","title":"Validation failed","status":422,"detail":"bad","errors":[{"pointer":"/contact/email","detail":"no"}]}"#;
        let problem: Problem = serde_json::from_str(text).unwrap();
        assert_eq!(problem.errors[0].pointer, "/contact/email");
        assert_eq!(serde_json::to_string(&problem).unwrap(), text);
    }
}

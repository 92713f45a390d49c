//! The server's answers to the widget read from a [`Json`] tree ([`crate::json`]) instead of
//! through serde's derived deserializers, so that the widget module carries no serde
//! deserializer at all. Each reader accepts exactly what `serde_json::from_str` accepts for its
//! type when written as a JSON object (unknown fields ignored, a repeated field refused,
//! defaults where serde has them) and reads it to the same value; the tests below check that
//! against serde on every one-character change of a sample.

use crate::json::Json;
use crate::json::write::{WriteJson, Writer};
use crate::wire::{
    Contact, CtaStyle, FieldError, LeadCreated, LeadSubmission, Problem, SubmittedConsent,
    WidgetConfig,
};

/// A required field's value read by `read`: `None` when missing or unreadable.
fn required<'j, 'a, T>(
    value: Option<&'j Json<'a>>,
    read: impl FnOnce(&'j Json<'a>) -> Option<T>,
) -> Option<T> {
    read(value?)
}

/// An optional field's value: its default when missing, `None` when present but unreadable.
fn defaulted<'j, 'a, T: Default>(
    value: Option<&'j Json<'a>>,
    read: impl FnOnce(&'j Json<'a>) -> Option<T>,
) -> Option<T> {
    match value {
        None => Some(T::default()),
        Some(value) => read(value),
    }
}

fn text(json: &Json<'_>) -> Option<String> {
    json.str().map(str::to_owned)
}

fn flag(json: &Json<'_>) -> Option<bool> {
    match json {
        Json::Bool(b) => Some(*b),
        _ => None,
    }
}

/// `null` as `None`, a string as `Some`.
fn optional_text(json: &Json<'_>) -> Option<Option<String>> {
    match json {
        Json::Null => Some(None),
        other => text(other).map(Some),
    }
}

/// The last value of each of `fields` in the object `json` (serde reads each once; a repeated
/// one makes [`Json::members`] refuse the object); other members are ignored.
fn fields<'j, 'a, const N: usize>(
    json: &'j Json<'a>,
    names: [&str; N],
) -> Option<[Option<&'j Json<'a>>; N]> {
    let mut found = [None; N];
    for (name, value) in json.members(&names)? {
        if let Some(i) = names.iter().position(|n| n == name) {
            found[i] = Some(value);
        }
    }
    Some(found)
}

impl WidgetConfig {
    /// The widget settings `json` holds, as serde reads them.
    pub fn from_json(json: &Json<'_>) -> Option<WidgetConfig> {
        let [key, owner, lead, consent, style, cta, booking] = fields(
            json,
            [
                "key",
                "owner_name",
                "lead_capture",
                "consent_text",
                "cta_style",
                "cta_text",
                "booking_url",
            ],
        )?;
        Some(WidgetConfig {
            key: required(key, text)?,
            owner_name: required(owner, text)?,
            lead_capture: required(lead, flag)?,
            consent_text: required(consent, text)?,
            cta_style: defaulted(style, |v| match v.variant()? {
                "inline" => Some(CtaStyle::Inline),
                "button" => Some(CtaStyle::Button),
                _ => None,
            })?,
            cta_text: defaulted(cta, optional_text)?,
            booking_url: defaulted(booking, optional_text)?,
        })
    }
}

impl LeadCreated {
    /// The lead receipt `json` holds, as serde reads it.
    pub fn from_json(json: &Json<'_>) -> Option<LeadCreated> {
        let [id, tier, duplicate] = fields(json, ["id", "tier", "duplicate"])?;
        Some(LeadCreated {
            id: required(id, text)?,
            tier: required(tier, text)?,
            duplicate: defaulted(duplicate, flag)?,
        })
    }
}

impl Problem {
    /// The problem `json` holds, as serde reads it.
    pub fn from_json(json: &Json<'_>) -> Option<Problem> {
        let [kind, title, status, detail, instance, errors] = fields(
            json,
            ["type", "title", "status", "detail", "instance", "errors"],
        )?;
        Some(Problem {
            kind: required(kind, text)?,
            title: required(title, text)?,
            status: required(status, Json::whole::<u16>)?,
            detail: required(detail, text)?,
            instance: defaulted(instance, optional_text)?,
            errors: defaulted(errors, |errors| {
                let Json::Array(items) = errors else {
                    return None;
                };
                items
                    .iter()
                    .map(|item| {
                        let [pointer, detail] = fields(item, ["pointer", "detail"])?;
                        Some(FieldError {
                            pointer: required(pointer, text)?,
                            detail: required(detail, text)?,
                        })
                    })
                    .collect()
            })?,
        })
    }
}

impl WriteJson for Contact {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("name", &self.name);
        w.member("email", &self.email);
        w.member("company", &self.company);
        w.end_object();
    }
}

impl WriteJson for SubmittedConsent {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("text", &self.text);
        if let Some(agreed_at) = &self.agreed_at {
            w.member("agreed_at", agreed_at);
        }
        w.end_object();
    }
}

impl WriteJson for LeadSubmission {
    /// As serde writes it: the body of the widget's lead request.
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("widget_key", &self.widget_key);
        w.member("contact", &self.contact);
        w.member("consent", &self.consent);
        w.member("answers", &self.answers);
        if self.report.is_some() {
            w.name("report");
            w.null();
        }
        if let Some(website) = &self.website {
            w.member("website", website);
        }
        if let Some(started_at) = &self.started_at {
            w.member("started_at", started_at);
        }
        w.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    /// `read` and serde agree on `sample` and on every one-character change of it.
    fn agrees<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
        sample: &str,
        read: fn(&Json<'_>) -> Option<T>,
    ) {
        let check = |text: &str| {
            assert_eq!(
                parse(text).as_ref().and_then(read),
                serde_json::from_str::<T>(text).ok(),
                "{text}"
            );
        };
        assert!(parse(sample).as_ref().and_then(read).is_some(), "{sample}");
        check(sample);
        let chars: Vec<char> = sample.chars().collect();
        for i in 0..chars.len() {
            let mut cut = chars.clone();
            cut.remove(i);
            check(&cut.iter().collect::<String>());
            for c in ['"', '}', ']', ',', 'x', '0', 'n', '1', '-'] {
                let mut changed = chars.clone();
                changed[i] = c;
                check(&changed.iter().collect::<String>());
            }
        }
    }

    #[test]
    fn widget_settings_are_read_as_serde_reads_them() {
        let full = r#"{"key":"demo","owner_name":"Northwind \"A\" é","lead_capture":true,
            "consent_text":"I agree.","cta_style":"button","cta_text":null,
            "booking_url":"https://book.example/a","extra":[1,{"b":2}]}"#;
        agrees(full, WidgetConfig::from_json);
        let short = r#"{"key":"k","owner_name":"O","lead_capture":false,"consent_text":"c"}"#;
        agrees(short, WidgetConfig::from_json);
        let object_style = r#"{"key":"k","owner_name":"O","lead_capture":false,
            "consent_text":"c","cta_style":{"inline":null},"cta_text":"Book"}"#;
        agrees(object_style, WidgetConfig::from_json);
    }

    #[test]
    fn lead_receipts_and_problems_are_read_as_serde_reads_them() {
        agrees(
            r#"{"id":"lead_01","tier":"A","duplicate":true,"more":null}"#,
            LeadCreated::from_json,
        );
        agrees(r#"{"id":"lead_01","tier":"B"}"#, LeadCreated::from_json);
        agrees(
            r#"{"type":"https://annexa.dev/problems/invalid","title":"Invalid","status":422,
                "detail":"Check the form.","instance":"/api/v1/leads",
                "errors":[{"pointer":"/contact/email","detail":"Not an address."},
                          {"pointer":"/consent","detail":"Needed.","x":1}]}"#,
            Problem::from_json,
        );
        agrees(
            r#"{"type":"t","title":"T","status":400,"detail":""}"#,
            Problem::from_json,
        );
    }
}

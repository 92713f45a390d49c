//! The answers document read from a [`Json`] tree ([`crate::json`]) instead of through serde's
//! derived deserializers: what the widget reads its saved progress with. It accepts exactly the
//! documents `serde_json::from_str::<AnswersDocument>` accepts, written as JSON objects, and
//! reads them to the same document (the fuzz campaign of `tests/fuzz_answers.rs` checks both
//! on every case). The one form it does not read is serde's other spelling of a struct, a JSON
//! array of the field values in order, which nothing writes.
//!
//! The document is written back the same way, as `serde_json::to_string` writes it
//! ([`WriteJson`]).

use std::collections::BTreeMap;

use crate::answers::{
    Answer, AnswerValue, AnswersDocument, CustomerCategory, DataCategory, ExistingCertification,
    OrganisationFact, Profile, Sector,
};
use crate::json::write::{WriteJson, Writer};
use crate::json::{Json, parse};
use crate::questionnaire::Mode;

/// `null` as `None`, anything else read by `read`; `None` overall when `read` fails.
fn optional<'j, 'a, T>(
    json: &'j Json<'a>,
    read: impl FnOnce(&'j Json<'a>) -> Option<T>,
) -> Option<Option<T>> {
    match json {
        Json::Null => Some(None),
        other => read(other).map(Some),
    }
}

/// An array of enum values named by their codes.
fn list<T>(json: &Json<'_>, from_code: fn(&str) -> Option<T>) -> Option<Vec<T>> {
    let Json::Array(items) = json else {
        return None;
    };
    items
        .iter()
        .map(|item| item.variant().and_then(from_code))
        .collect()
}

impl AnswerValue {
    /// The value whose [`AnswerValue::code`] is `code`.
    pub fn from_code(code: &str) -> Option<AnswerValue> {
        use AnswerValue::*;
        [Yes, Partial, No, Unsure, NotApplicable]
            .into_iter()
            .find(|value| value.code() == code)
    }
}

impl Profile {
    /// The profile `json` holds, as serde reads it (unknown fields refused).
    pub fn from_json(json: &Json<'_>) -> Option<Profile> {
        const FIELDS: &[&str] = &[
            "persons_in_scope",
            "sites",
            "sector",
            "develops_software",
            "uses_cloud",
            "outsourced_it",
            "data",
            "customers",
            "organisation_facts",
            "existing_certifications",
            "target_date",
            "recent_breach",
            "security_staff",
        ];
        let mut profile = Profile::default();
        let number = |value: &Json<'_>| optional(value, Json::whole::<u32>);
        let flag = |value: &Json<'_>| {
            optional(value, |v| match v {
                Json::Bool(b) => Some(*b),
                _ => None,
            })
        };
        for (name, value) in json.members(FIELDS)? {
            match name.as_str() {
                "persons_in_scope" => profile.persons_in_scope = number(value)?,
                "sites" => profile.sites = number(value)?,
                "security_staff" => profile.security_staff = number(value)?,
                "sector" => {
                    profile.sector = optional(value, |v| v.variant().and_then(Sector::from_code))?;
                }
                "develops_software" => profile.develops_software = flag(value)?,
                "uses_cloud" => profile.uses_cloud = flag(value)?,
                "outsourced_it" => profile.outsourced_it = flag(value)?,
                "recent_breach" => profile.recent_breach = flag(value)?,
                "data" => profile.data = list(value, DataCategory::from_code)?,
                "customers" => profile.customers = list(value, CustomerCategory::from_code)?,
                "organisation_facts" => {
                    profile.organisation_facts = list(value, OrganisationFact::from_code)?;
                }
                "existing_certifications" => {
                    profile.existing_certifications =
                        list(value, ExistingCertification::from_code)?;
                }
                "target_date" => {
                    profile.target_date = optional(value, |v| v.str()?.parse().ok())?;
                }
                _ => return None,
            }
        }
        Some(profile)
    }
}

impl Answer {
    /// The answer `json` holds, as serde reads it (unknown fields refused).
    pub fn from_json(json: &Json<'_>) -> Option<Answer> {
        let mut value = None;
        let mut justification = None;
        for (name, member) in json.members(&["value", "justification"])? {
            match name.as_str() {
                "value" => value = Some(member.variant().and_then(AnswerValue::from_code)?),
                "justification" => {
                    justification = optional(member, |j| j.str().map(str::to_owned))?
                }
                _ => return None,
            }
        }
        Some(Answer {
            value: value?,
            justification,
        })
    }
}

impl AnswersDocument {
    /// The document `json` holds, as `serde_json` reads it: unknown fields refused, a question
    /// answered twice refused, the profile and the answers optional.
    pub fn from_json(json: &Json<'_>) -> Option<AnswersDocument> {
        let mut version = None;
        let mut mode = None;
        let mut profile = Profile::default();
        let mut answers = BTreeMap::new();
        const FIELDS: &[&str] = &["questionnaire_version", "mode", "profile", "answers"];
        for (name, value) in json.members(FIELDS)? {
            match name.as_str() {
                "questionnaire_version" => version = Some(value.str()?.to_owned()),
                "mode" => mode = Some(value.variant().and_then(Mode::from_name)?),
                "profile" => profile = Profile::from_json(value)?,
                "answers" => {
                    let Json::Object(entries) = value else {
                        return None;
                    };
                    answers = BTreeMap::new();
                    for (id, answer) in entries {
                        if answers
                            .insert(id.clone(), Answer::from_json(answer)?)
                            .is_some()
                        {
                            return None;
                        }
                    }
                }
                _ => return None,
            }
        }
        Some(AnswersDocument {
            questionnaire_version: version?,
            mode: mode?,
            profile,
            answers,
        })
    }

    /// The document the JSON `text` holds ([`AnswersDocument::from_json`]).
    pub fn from_json_text(text: &str) -> Option<AnswersDocument> {
        AnswersDocument::from_json(&parse(text)?)
    }
}

/// A profile enum list as its codes.
fn write_codes<T: Copy>(w: &mut Writer, name: &str, values: &[T], code: fn(T) -> &'static str) {
    if !values.is_empty() {
        w.name(name);
        w.begin_array();
        for value in values {
            w.string(code(*value));
        }
        w.end_array();
    }
}

/// An optional field serde skips when it is `None`.
fn write_some<T: WriteJson>(w: &mut Writer, name: &str, value: &Option<T>) {
    if let Some(value) = value {
        w.member(name, value);
    }
}

impl WriteJson for Profile {
    /// As serde writes it: the fields in declaration order, unanswered ones and empty lists left
    /// out.
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        write_some(w, "persons_in_scope", &self.persons_in_scope);
        write_some(w, "sites", &self.sites);
        if let Some(sector) = self.sector {
            w.member("sector", sector.code());
        }
        write_some(w, "develops_software", &self.develops_software);
        write_some(w, "uses_cloud", &self.uses_cloud);
        write_some(w, "outsourced_it", &self.outsourced_it);
        write_codes(w, "data", &self.data, DataCategory::code);
        write_codes(w, "customers", &self.customers, CustomerCategory::code);
        write_codes(
            w,
            "organisation_facts",
            &self.organisation_facts,
            OrganisationFact::code,
        );
        write_codes(
            w,
            "existing_certifications",
            &self.existing_certifications,
            ExistingCertification::code,
        );
        if let Some(date) = self.target_date {
            w.member("target_date", &date.to_string());
        }
        write_some(w, "recent_breach", &self.recent_breach);
        write_some(w, "security_staff", &self.security_staff);
        w.end_object();
    }
}

impl WriteJson for Answer {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("value", self.value.code());
        write_some(w, "justification", &self.justification);
        w.end_object();
    }
}

impl WriteJson for AnswersDocument {
    /// As serde writes it, what the widget saves, sends with a lead and hands to the exports
    /// module.
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("questionnaire_version", &self.questionnaire_version);
        w.member("mode", self.mode.as_str());
        w.member("profile", &self.profile);
        w.member("answers", &self.answers);
        w.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document using every profile field and every form serde reads.
    const RICH: &str = r#"{"questionnaire_version":"2026.2","mode":"full",
        "profile":{"persons_in_scope":250,"sites":3,"sector":"it_services","develops_software":true,
          "uses_cloud":false,"outsourced_it":null,"data":["phi","eu_personal"],
          "customers":["us_federal",{"eu":null}],"organisation_facts":["offers_cloud_service"],
          "existing_certifications":["iso9001","iso27001_2013","pci_dss"],
          "target_date":"2027-06-30","recent_breach":true,"security_staff":0},
        "answers":{"q.4.1":{"value":"yes"},"q.A.7.4":{"value":"not_applicable",
          "justification":"No offices: \"remote\" \u00e9 \ud83d\ude00 tab\tend"},
          "q.5.1":{"value":{"partial":null},"justification":null},"q.6.1.2":{"value":"unsure"}}}"#;

    fn same_as_serde(text: &str) {
        assert_eq!(
            AnswersDocument::from_json_text(text),
            serde_json::from_str::<AnswersDocument>(text).ok(),
            "{text}"
        );
    }

    #[test]
    fn reads_the_golden_fixtures_and_a_rich_document_as_serde_does() {
        assert!(AnswersDocument::from_json_text(RICH).is_some());
        same_as_serde(RICH);
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with(".answers.json") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(AnswersDocument::from_json_text(&text).is_some());
                same_as_serde(&text);
            }
        }
    }

    #[test]
    fn every_one_character_change_of_a_rich_document_is_read_as_serde_does() {
        let chars: Vec<char> = RICH.chars().collect();
        for i in 0..chars.len() {
            let mut removed = chars.clone();
            removed.remove(i);
            same_as_serde(&removed.iter().collect::<String>());
            for c in [
                '"', ',', '{', '}', '[', ']', ':', 'x', '1', '-', '.', 'n', ' ', '\\',
            ] {
                let mut changed = chars.clone();
                changed[i] = c;
                same_as_serde(&changed.iter().collect::<String>());
            }
        }
    }

    #[test]
    fn repeated_names_and_unknown_fields_are_refused_as_serde_refuses_them() {
        for text in [
            r#"{"questionnaire_version":"2026.2","mode":"quick","mode":"full"}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","extra":1}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","profile":{"sites":1,"sites":2}}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","profile":{"staff":1}}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","profile":{"data":null}}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","profile":{"sector":{"software":1}}}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","profile":{"sites":-0}}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","profile":{"sites":1.0}}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","profile":{"target_date":"2027-02-30"}}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","profile":null}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","answers":null}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","answers":{"a":{"value":"yes","value":"no"}}}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","answers":{"a":{"value":"yes"},"a":{"value":"no"}}}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","answers":{"b":{"value":"yes"},"a":{"value":"no"}}}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","answers":{"a":{"justification":"x"}}}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","answers":{"a":{"value":"yes","note":1}}}"#,
            r#"{"questionnaire_version":"2026.2","mode":{"quick":null}}"#,
            r#"{"questionnaire_version":"2026.2","mode":{"quick":null,"full":null}}"#,
            r#"{"questionnaire_version":2026,"mode":"quick"}"#,
            r#"{"mode":"quick"}"#,
            r#"{"questionnaire_version":"2026.2"}"#,
        ] {
            same_as_serde(text);
        }
    }
}

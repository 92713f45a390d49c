//! [`AnswersDocumentRef`]: an answers document read in place from the JSON text that carries it.
//!
//! Scoring a request body used to copy every question id (and justification) of the body into
//! its own `String` and build a map of them — about as much work as the scoring itself. The
//! score route only reads the answers once, while the body is still in memory, so its document
//! borrows the ids and justifications from the body instead. The JSON it reads is exactly what
//! [`AnswersDocument`] reads, with the same refusals; an id or justification written with JSON
//! escapes (`\u00e9`) is copied, since its text is not in the body as such.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::answers::{Answer, AnswerValue, AnswerView, AnswersDocument, Profile};
use crate::questionnaire::Mode;

/// An answers document borrowed from the JSON text it was read from: the same shape and rules
/// as [`AnswersDocument`] (same fields, unknown fields refused, a question answered twice
/// refused), scored with [`crate::scoring::score_borrowed`] to the same report.
///
/// ```
/// use annexa_shared::{AnswersDocumentRef, score_borrowed};
///
/// let body = r#"{"questionnaire_version":"2026.2","mode":"quick",
///                "answers":{"quick.scope":{"value":"yes"}}}"#;
/// let doc: AnswersDocumentRef<'_> = serde_json::from_str(body).unwrap();
/// assert_eq!(doc.answers()[0].0, "quick.scope");
/// assert!(score_borrowed(&doc).unwrap().progress > 0.0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersDocumentRef<'a> {
    /// Must be readable by this build (see [`crate::QUESTIONNAIRE_VERSION`]).
    #[serde(borrow, deserialize_with = "borrowed_text")]
    pub questionnaire_version: Cow<'a, str>,
    /// Which questionnaire was answered.
    pub mode: Mode,
    /// The organisation profile (it holds no text to borrow).
    #[serde(default)]
    pub profile: Profile,
    /// (question id, answer), sorted by question id, each id once.
    #[serde(borrow, default, deserialize_with = "answers_in_id_order")]
    answers: Vec<(Cow<'a, str>, AnswerRef<'a>)>,
}

/// One answer of an [`AnswersDocumentRef`], its justification borrowed from the JSON text.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerRef<'a> {
    /// The answer.
    pub value: AnswerValue,
    /// Why a control does not apply; required with `not_applicable`.
    #[serde(borrow, default, deserialize_with = "optional_borrowed_text")]
    pub justification: Option<Cow<'a, str>>,
}

impl<'a> AnswersDocumentRef<'a> {
    /// The document the JSON `text` holds when it is written plainly, as programs write it
    /// (see `answers/plain.rs`), without serde; `None` otherwise — then read it with
    /// `serde_json::from_str`, which reads the same document from any text this reads.
    pub fn read_plain(text: &'a str) -> Option<AnswersDocumentRef<'a>> {
        super::plain::read(text)
    }

    /// A document of these parts; `answers` sorted by question id, each question once.
    pub(super) fn from_parts(
        questionnaire_version: Cow<'a, str>,
        mode: Mode,
        profile: Profile,
        answers: Vec<(Cow<'a, str>, AnswerRef<'a>)>,
    ) -> AnswersDocumentRef<'a> {
        AnswersDocumentRef {
            questionnaire_version,
            mode,
            profile,
            answers,
        }
    }

    /// The answers as (question id, answer), sorted by question id, each question once.
    pub fn answers(&self) -> &[(Cow<'a, str>, AnswerRef<'a>)] {
        &self.answers
    }

    /// (question id, answer) in id order.
    pub(crate) fn answer_views(&self) -> impl Iterator<Item = (&str, AnswerView<'_>)> {
        self.answers
            .iter()
            .map(|(id, answer)| (id.as_ref(), AnswerView::from(answer)))
    }

    /// The same document, owning its texts.
    pub fn to_owned_document(&self) -> AnswersDocument {
        AnswersDocument {
            questionnaire_version: self.questionnaire_version.clone().into_owned(),
            mode: self.mode,
            profile: self.profile.clone(),
            answers: self
                .answers
                .iter()
                .map(|(id, answer)| {
                    let answer = Answer {
                        value: answer.value,
                        justification: answer.justification.clone().map(Cow::into_owned),
                    };
                    (id.clone().into_owned(), answer)
                })
                .collect(),
        }
    }
}

/// A JSON string, borrowed from the text unless it has escapes.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Borrowed<'a>(Cow<'a, str>);

impl AsRef<str> for Borrowed<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Borrowed<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;

        impl<'de> Visitor<'de> for Text {
            type Value = Borrowed<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Borrowed(Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Borrowed(Cow::Owned(text.to_owned())))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(Borrowed(Cow::Owned(text)))
            }
        }

        deserializer.deserialize_str(Text)
    }
}

fn borrowed_text<'de: 'a, 'a, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Cow<'a, str>, D::Error> {
    Borrowed::deserialize(deserializer).map(|text| text.0)
}

fn optional_borrowed_text<'de: 'a, 'a, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Cow<'a, str>>, D::Error> {
    Option::<Borrowed<'a>>::deserialize(deserializer).map(|text| text.map(|t| t.0))
}

/// The answers object, sorted by id: the owned document's reading, so a question answered
/// twice is refused with the same message.
fn answers_in_id_order<'de: 'a, 'a, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<(Cow<'a, str>, AnswerRef<'a>)>, D::Error> {
    struct Answers<'a>(std::marker::PhantomData<&'a ()>);

    impl<'de: 'a, 'a> Visitor<'de> for Answers<'a> {
        type Value = Vec<(Cow<'a, str>, AnswerRef<'a>)>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of question id to answer")
        }

        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
            let answers: Vec<(Borrowed<'a>, AnswerRef<'a>)> =
                crate::answers::answers_in_id_order(map)?;
            Ok(answers
                .into_iter()
                .map(|(id, answer)| (id.0, answer))
                .collect())
        }
    }

    deserializer.deserialize_map(Answers(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL_MIXED: &str = include_str!("../../tests/fixtures/full_mixed.answers.json");

    #[test]
    fn reads_the_same_document_as_the_owned_one_and_borrows_its_ids() {
        let borrowed: AnswersDocumentRef<'_> = serde_json::from_str(FULL_MIXED).unwrap();
        let owned: AnswersDocument = serde_json::from_str(FULL_MIXED).unwrap();
        assert_eq!(borrowed.to_owned_document(), owned);
        assert!(
            borrowed
                .answers()
                .iter()
                .all(|(id, _)| matches!(id, Cow::Borrowed(_)))
        );
        // Written with an escape, an id is copied, and reads as the same id.
        let escaped = r#"{"questionnaire_version":"2026.2","mode":"quick","answers":{"quick.sc\u006fpe":{"value":"yes"}}}"#;
        let doc: AnswersDocumentRef<'_> = serde_json::from_str(escaped).unwrap();
        assert_eq!(doc.answers()[0].0, "quick.scope");
    }

    #[test]
    fn answers_out_of_order_are_sorted_and_a_repeat_is_refused_by_name() {
        let late = r#"{"questionnaire_version":"2026.1","mode":"quick","answers":{
            "quick.scope":{"value":"yes"},"quick.risk":{"value":"no"},"quick.scope":{"value":"no"}}}"#;
        let error = serde_json::from_str::<AnswersDocumentRef<'_>>(late).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("question 'quick.scope' is answered twice"),
            "{error}"
        );
        let once = late.replace(r#","quick.scope":{"value":"no"}"#, "");
        let doc: AnswersDocumentRef<'_> = serde_json::from_str(&once).unwrap();
        let ids: Vec<&str> = doc.answers().iter().map(|(id, _)| id.as_ref()).collect();
        assert_eq!(ids, ["quick.risk", "quick.scope"]);
    }

    #[test]
    fn an_unknown_field_is_refused_as_by_the_owned_document() {
        for text in [
            r#"{"questionnaire_version":"2026.2","mode":"quick","extra":1}"#,
            r#"{"questionnaire_version":"2026.2","mode":"quick","answers":{"quick.scope":{"value":"yes","note":"x"}}}"#,
        ] {
            let borrowed = serde_json::from_str::<AnswersDocumentRef<'_>>(text).unwrap_err();
            let owned = serde_json::from_str::<AnswersDocument>(text).unwrap_err();
            assert_eq!(borrowed.to_string(), owned.to_string());
        }
    }
}

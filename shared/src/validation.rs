//! Checking an [`AnswersDocument`] against the questionnaire it names, before anything is scored.
//!
//! Every rule that scoring relies on is enforced here, so the scoring, SoA and plan code can
//! assume a clean document:
//!
//! - the questionnaire version is one this build reads (the current one, or an earlier one whose
//!   documents are still valid);
//! - every answered question id exists in the questionnaire of the document's mode;
//! - `not_applicable` only where the question allows it — never on a question that covers a
//!   clause requirement (clauses 4–10 are mandatory) — and only with a non-blank justification;
//! - profile numbers and dates are within sensible ranges, without duplicates in the lists.
//!
//! Each [`AnswersError`] names the question id or profile field and the offending value, and has a
//! stable machine [`code`](AnswersError::code) and a JSON [`pointer`](AnswersError::pointer) into
//! the submitted document, so the API can build per-field problem details.

use crate::answers::{AnswerValue, AnswerView, AnswersDocument, AnswersDocumentRef, Profile};
use crate::catalog::RequirementKind;
use crate::date::Date;
use crate::questionnaire::{ProfileInput, Questionnaire, questionnaire};

/// Longest accepted `not_applicable` justification, in characters.
pub const MAX_JUSTIFICATION_CHARS: usize = 2000;

/// Largest head count accepted when the questionnaire does not say otherwise.
pub const MAX_PERSONS_IN_SCOPE: u32 = 100_000;

/// Earliest and latest accepted `target_date` (the crate has no clock: a plausibility window).
const TARGET_DATE_RANGE: (&str, &str) = ("2020-01-01", "2100-12-31");

/// Why an answers document cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswersError {
    /// `questionnaire_version` is not the version this build scores.
    #[error("questionnaire version '{found}' is not supported: expected '{expected}'")]
    UnknownQuestionnaireVersion {
        /// The version in the document (cut to 60 characters).
        found: String,
        /// The version this build knows.
        expected: String,
    },
    /// An answer names a question that is not in the questionnaire of this mode.
    #[error("question '{question_id}' is not part of the {mode} questionnaire")]
    UnknownQuestion {
        /// The unknown id (cut to 60 characters).
        question_id: String,
        /// `quick` or `full`.
        mode: &'static str,
    },
    /// `not_applicable` on a question that covers a mandatory clause requirement.
    #[error(
        "question '{question_id}' cannot be answered not_applicable: it covers clause {requirement_id}, and clause requirements are mandatory"
    )]
    NotApplicableOnClause {
        /// The question.
        question_id: String,
        /// The clause requirement it covers.
        requirement_id: String,
    },
    /// `not_applicable` on a question that does not allow it.
    #[error("question '{question_id}' does not allow the answer not_applicable")]
    NotApplicableNotAllowed {
        /// The question.
        question_id: String,
    },
    /// `not_applicable` without a justification, or with a blank one.
    #[error(
        "question '{question_id}' is answered not_applicable without a justification: say why the control does not apply"
    )]
    MissingJustification {
        /// The question.
        question_id: String,
    },
    /// A justification longer than [`MAX_JUSTIFICATION_CHARS`].
    #[error(
        "the justification of question '{question_id}' has {length} characters: at most {max} are accepted"
    )]
    JustificationTooLong {
        /// The question.
        question_id: String,
        /// Its length in characters.
        length: usize,
        /// [`MAX_JUSTIFICATION_CHARS`].
        max: usize,
    },
    /// A profile value outside its accepted range.
    #[error(
        "profile field '{field}' has the value {value}, which is out of range: expected {expected}"
    )]
    ProfileOutOfRange {
        /// The profile field (`persons_in_scope`).
        field: &'static str,
        /// The value given.
        value: String,
        /// What is accepted, for people (`1 to 100000`).
        expected: String,
    },
    /// The same value twice in a profile list.
    #[error("profile field '{field}' lists the value '{value}' more than once")]
    DuplicateProfileValue {
        /// The profile field (`data`).
        field: &'static str,
        /// The repeated value.
        value: String,
    },
}

impl AnswersError {
    /// A stable machine code for the kind of error, e.g. `missing_justification`.
    pub fn code(&self) -> &'static str {
        match self {
            AnswersError::UnknownQuestionnaireVersion { .. } => "unknown_questionnaire_version",
            AnswersError::UnknownQuestion { .. } => "unknown_question",
            AnswersError::NotApplicableOnClause { .. } => "not_applicable_on_clause",
            AnswersError::NotApplicableNotAllowed { .. } => "not_applicable_not_allowed",
            AnswersError::MissingJustification { .. } => "missing_justification",
            AnswersError::JustificationTooLong { .. } => "justification_too_long",
            AnswersError::ProfileOutOfRange { .. } => "profile_value_out_of_range",
            AnswersError::DuplicateProfileValue { .. } => "duplicate_profile_value",
        }
    }

    /// The RFC 6901 JSON pointer to the offending value in the answers document, e.g.
    /// `/answers/q.A.5.1/justification`.
    pub fn pointer(&self) -> String {
        match self {
            AnswersError::UnknownQuestionnaireVersion { .. } => "/questionnaire_version".into(),
            AnswersError::UnknownQuestion { question_id, .. } => {
                format!("/answers/{}", escape_pointer(question_id))
            }
            AnswersError::NotApplicableOnClause { question_id, .. }
            | AnswersError::NotApplicableNotAllowed { question_id } => {
                format!("/answers/{}/value", escape_pointer(question_id))
            }
            AnswersError::MissingJustification { question_id }
            | AnswersError::JustificationTooLong { question_id, .. } => {
                format!("/answers/{}/justification", escape_pointer(question_id))
            }
            AnswersError::ProfileOutOfRange { field, .. }
            | AnswersError::DuplicateProfileValue { field, .. } => format!("/profile/{field}"),
        }
    }
}

/// Checks `doc` against the built-in questionnaire of its mode and returns that questionnaire.
/// The first problem found is the error; [`validation_errors`] lists them all.
pub fn validate(doc: &AnswersDocument) -> Result<&'static Questionnaire, AnswersError> {
    let questionnaire = questionnaire(doc.mode);
    validate_against(doc, questionnaire)?;
    Ok(questionnaire)
}

/// Checks `doc` against a given questionnaire (its version and questions).
pub fn validate_against(
    doc: &AnswersDocument,
    questionnaire: &Questionnaire,
) -> Result<(), AnswersError> {
    match validation_errors(doc, questionnaire).into_iter().next() {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// Every problem in `doc` against `questionnaire`, in a stable order: version, profile, then
/// answers by question id. Empty when the document is valid. A wrong version is reported alone,
/// since the question ids of another version cannot be checked.
pub fn validation_errors(
    doc: &AnswersDocument,
    questionnaire: &Questionnaire,
) -> Vec<AnswersError> {
    check(parts(doc), questionnaire).0
}

/// What validation reads of an answers document, owned ([`AnswersDocument`]) or borrowed
/// ([`AnswersDocumentRef`]): both are checked by the same code, so they cannot disagree.
pub(crate) struct DocumentParts<'d, A> {
    version: &'d str,
    mode: crate::questionnaire::Mode,
    profile: &'d Profile,
    /// (question id, answer) in id order.
    answers: A,
}

/// The parts of an owned document.
pub(crate) fn parts(
    doc: &AnswersDocument,
) -> DocumentParts<'_, impl Iterator<Item = (&str, AnswerView<'_>)>> {
    DocumentParts {
        version: &doc.questionnaire_version,
        mode: doc.mode,
        profile: &doc.profile,
        answers: doc.answer_views(),
    }
}

/// The parts of a borrowed document.
pub(crate) fn borrowed_parts<'d>(
    doc: &'d AnswersDocumentRef<'_>,
) -> DocumentParts<'d, impl Iterator<Item = (&'d str, AnswerView<'d>)>> {
    DocumentParts {
        version: &doc.questionnaire_version,
        mode: doc.mode,
        profile: &doc.profile,
        answers: doc.answer_views(),
    }
}

/// The document checked against `questionnaire`, with the answer to each question by question
/// position when it is valid: scoring goes on from these answers instead of matching them to
/// questions again.
pub(crate) fn validated_answers<'d>(
    doc: DocumentParts<'d, impl Iterator<Item = (&'d str, AnswerView<'d>)>>,
    questionnaire: &Questionnaire,
) -> Result<Vec<Option<AnswerView<'d>>>, AnswersError> {
    let (errors, answers) = check(doc, questionnaire);
    match errors.into_iter().next() {
        Some(error) => Err(error),
        None => Ok(answers),
    }
}

/// Every problem in `doc` (see [`validation_errors`]), and the answer to each question by
/// question position (empty when the version is not readable).
fn check<'d>(
    doc: DocumentParts<'d, impl Iterator<Item = (&'d str, AnswerView<'d>)>>,
    questionnaire: &Questionnaire,
) -> (Vec<AnswersError>, Vec<Option<AnswerView<'d>>>) {
    // An earlier version this build still reads is scored as the current one; a questionnaire
    // given by the caller (tests) is matched exactly.
    let readable = doc.version == questionnaire.version
        || (questionnaire.version == crate::QUESTIONNAIRE_VERSION
            && crate::questionnaire::reads_version(doc.version));
    if !readable {
        let error = AnswersError::UnknownQuestionnaireVersion {
            found: cut(doc.version),
            expected: questionnaire.version.clone(),
        };
        return (vec![error], Vec::new());
    }
    let mut errors = profile_errors(doc.profile, questionnaire);
    // The built-in questionnaires are indexed once per process, not once per document.
    let questions = crate::scoring::questionnaire_index(questionnaire);
    let mut by_question = vec![None; questionnaire.questions.len()];
    for (id, answer, position) in questions.match_answers(doc.answers) {
        let Some(position) = position else {
            errors.push(AnswersError::UnknownQuestion {
                question_id: cut(id),
                mode: doc.mode.as_str(),
            });
            continue;
        };
        by_question[position] = Some(answer);
        let question = &questionnaire.questions[position];
        if answer.value != AnswerValue::NotApplicable {
            // A justification is optional on other answers, but just as stored and shown: the
            // same length limit holds, whatever the answer.
            let length = answer.justification.map_or(0, |j| j.trim().chars().count());
            if length > MAX_JUSTIFICATION_CHARS {
                errors.push(AnswersError::JustificationTooLong {
                    question_id: id.to_owned(),
                    length,
                    max: MAX_JUSTIFICATION_CHARS,
                });
            }
            continue;
        }
        // The first clause requirement the question covers, by position in the catalog index
        // (the question's requirements in its own order), not by a search of the catalog.
        let requirements = &crate::scoring::catalog_index().requirements;
        let clause = questions.covers[position]
            .iter()
            .map(|&r| &requirements[r].requirement)
            .find(|r| r.kind == RequirementKind::Clause);
        if let Some(requirement) = clause {
            errors.push(AnswersError::NotApplicableOnClause {
                question_id: id.to_owned(),
                requirement_id: requirement.id.to_owned(),
            });
            continue;
        }
        if !question.allows_not_applicable {
            errors.push(AnswersError::NotApplicableNotAllowed {
                question_id: id.to_owned(),
            });
            continue;
        }
        let justification = answer.justification.unwrap_or("").trim();
        let length = justification.chars().count();
        if length == 0 {
            errors.push(AnswersError::MissingJustification {
                question_id: id.to_owned(),
            });
        } else if length > MAX_JUSTIFICATION_CHARS {
            errors.push(AnswersError::JustificationTooLong {
                question_id: id.to_owned(),
                length,
                max: MAX_JUSTIFICATION_CHARS,
            });
        }
    }
    (errors, by_question)
}

fn profile_errors(profile: &Profile, questionnaire: &Questionnaire) -> Vec<AnswersError> {
    let mut errors = Vec::new();
    let numbers = [
        (
            "persons_in_scope",
            profile.persons_in_scope,
            (1, MAX_PERSONS_IN_SCOPE),
        ),
        ("sites", profile.sites, (1, 10_000)),
        (
            "security_staff",
            profile.security_staff,
            (0, MAX_PERSONS_IN_SCOPE),
        ),
    ];
    for (field, value, default) in numbers {
        let Some(value) = value else { continue };
        let (min, max) = number_bounds(questionnaire, field).unwrap_or(default);
        if !(min..=max).contains(&value) {
            errors.push(AnswersError::ProfileOutOfRange {
                field,
                value: value.to_string(),
                expected: format!("{min} to {max}"),
            });
        }
    }
    if let Some(target) = profile.target_date {
        let (first, last) = TARGET_DATE_RANGE;
        let in_range = first.parse::<Date>().is_ok_and(|f| target >= f)
            && last.parse::<Date>().is_ok_and(|l| target <= l);
        if !in_range {
            errors.push(AnswersError::ProfileOutOfRange {
                field: "target_date",
                value: target.to_string(),
                expected: format!("a date from {first} to {last}"),
            });
        }
    }
    if let Some(value) = first_duplicate(&profile.data) {
        errors.push(duplicate("data", value));
    }
    if let Some(value) = first_duplicate(&profile.customers) {
        errors.push(duplicate("customers", value));
    }
    if let Some(value) = first_duplicate(&profile.organisation_facts) {
        errors.push(duplicate("organisation_facts", value));
    }
    if let Some(value) = first_duplicate(&profile.existing_certifications) {
        errors.push(duplicate("existing_certifications", value));
    }
    errors
}

/// The `min..=max` of a numeric profile question, when the questionnaire declares one.
fn number_bounds(questionnaire: &Questionnaire, field: &str) -> Option<(u32, u32)> {
    questionnaire
        .profile_questions
        .iter()
        .find(|q| q.id == field)
        .and_then(|q| match q.input {
            ProfileInput::Number { min, max } => Some((min, max)),
            _ => None,
        })
}

/// The first value (by position) that repeats an earlier one. Compared with the values before
/// it rather than through a set: a `BTreeSet` compiled its insert and node code again for each of
/// the four option types (about 1 KB of the widget module each). The types are enums of a few
/// options, so a repeat is found by the position one past the number of options at the latest,
/// and the comparisons stay few however long the list sent is.
fn first_duplicate<T: PartialEq + Copy>(values: &[T]) -> Option<T> {
    (1..values.len())
        .find(|&i| values[..i].contains(&values[i]))
        .map(|i| values[i])
}

fn duplicate<T: std::fmt::Debug>(field: &'static str, value: T) -> AnswersError {
    AnswersError::DuplicateProfileValue {
        field,
        value: snake_name(&value),
    }
}

/// The serde `snake_case` name of a unit enum variant (`EuPersonal` → `eu_personal`), with the
/// same algorithm serde uses for `rename_all = "snake_case"`.
pub(crate) fn snake_name<T: std::fmt::Debug>(value: &T) -> String {
    let mut name = String::new();
    for (i, c) in format!("{value:?}").chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
        } else {
            name.push(c);
        }
    }
    name
}

/// At most 60 characters of an untrusted text, for error messages.
fn cut(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Escapes `~` and `/` in one JSON pointer segment (RFC 6901).
fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::first_duplicate;
    use std::collections::BTreeSet;

    /// The set-based version this replaced: the first value whose insert finds it already seen.
    fn first_duplicate_by_set(values: &[u8]) -> Option<u8> {
        let mut seen = BTreeSet::new();
        values.iter().copied().find(|v| !seen.insert(*v))
    }

    #[test]
    fn the_first_repeat_is_the_one_a_set_finds() {
        // Every list of up to six values over four options.
        for len in 0..=6u32 {
            for code in 0..4u32.pow(len) {
                let values: Vec<u8> = (0..len).map(|i| (code / 4u32.pow(i) % 4) as u8).collect();
                assert_eq!(
                    first_duplicate(&values),
                    first_duplicate_by_set(&values),
                    "{values:?}"
                );
            }
        }
    }
}

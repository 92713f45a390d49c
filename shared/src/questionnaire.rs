//! The questionnaire: versioned, in our own plain words.
//!
//! Two modes share one version number:
//! - [`Mode::Quick`] — the organisation profile plus a few grouped readiness questions (at most
//!   26 questions in all, about five minutes), for pre-qualification. Each readiness question
//!   stands for the requirement ids its text actually asks about; the requirements no quick
//!   question asks about are reported as not assessed.
//! - [`Mode::Full`] — the profile plus exactly one question per clause requirement and one per
//!   Annex A control; each question's `requirement_ids` is that one id.
//!
//! Question ids are stable within a version; answers name them.
//!
//! The question texts are compiled in from `shared/data/questions_full.csv` and
//! `shared/data/questions_quick.csv` and parsed once, on first use, by [`questionnaire()`].
//! Without the `full-question-texts` feature (the widget module) the full questionnaire's
//! questions have empty texts: the widget reads them from the same file, fetched when the
//! visitor chooses the full assessment, with [`FullQuestionTexts::from_csv`]. Without the
//! `quick-question-texts` feature (the report module, which scores answers and never shows a
//! question) the quick questions have empty texts and help too: build.rs writes a copy of
//! `questions_quick.csv` without those columns.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::catalog::{RequirementKind, catalog};
use crate::csv;

mod profile;
// The tests read the texts: they need them compiled in.
#[cfg(all(
    test,
    feature = "full-question-texts",
    feature = "quick-question-texts"
))]
mod tests;

#[cfg(feature = "full-question-texts")]
const FULL_CSV: &str = include_str!("../data/questions_full.csv");
#[cfg(feature = "quick-question-texts")]
const QUICK_CSV: &str = include_str!("../data/questions_quick.csv");
/// build.rs's copy of `questions_quick.csv` without the `text` and `help` columns.
#[cfg(not(feature = "quick-question-texts"))]
const QUICK_CSV: &str = include_str!(concat!(env!("OUT_DIR"), "/questions_quick.csv"));

/// The version every answers document must name. Bump it whenever a question id, its
/// requirement ids or its meaning changes.
pub const QUESTIONNAIRE_VERSION: &str = "2026.2";

/// Earlier versions whose answers documents this build still reads, as if they named
/// [`QUESTIONNAIRE_VERSION`]: their question ids, answer values and profile fields are all
/// still valid. 2026.1 → 2026.2 narrowed what each quick question stands for (to what its text
/// asks) and added the optional `organisation_facts` profile question.
pub const READABLE_EARLIER_VERSIONS: &[&str] = &["2026.1"];

/// Whether this build reads an answers document that names `version`: the current version or
/// one of [`READABLE_EARLIER_VERSIONS`].
pub fn reads_version(version: &str) -> bool {
    version == QUESTIONNAIRE_VERSION || READABLE_EARLIER_VERSIONS.contains(&version)
}

/// Quick (pre-qualification) or full (every requirement) assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// About twenty questions, five minutes.
    Quick,
    /// One question per clause requirement and per Annex A control.
    Full,
}

impl Mode {
    /// `quick` or `full`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Quick => "quick",
            Mode::Full => "full",
        }
    }

    /// The mode named `quick` or `full` (as [`Mode::as_str`] writes it); `None` for any other
    /// name. The one reader of mode names: the widget's `data-mode`, the start screen's choice
    /// and an OSCAL SSP's assessment-mode property all go through it.
    pub fn from_name(name: &str) -> Option<Mode> {
        match name {
            "quick" => Some(Mode::Quick),
            "full" => Some(Mode::Full),
            _ => None,
        }
    }
}

/// A readiness question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable id (`q.6.1.2`, `q.A.8.5`, `quick.risk`).
    pub id: String,
    /// The report section the question is asked under: `4` … `10` or `A.5` … `A.8`.
    pub section: String,
    /// The question, in our words.
    pub text: String,
    /// One line on why it matters, in our words.
    pub help: String,
    /// The clause or control ids the answer stands for.
    pub requirement_ids: Vec<String>,
    /// Whether `not_applicable` is allowed (Annex A only, never a clause requirement).
    pub allows_not_applicable: bool,
}

/// What kind of answer a profile question takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ProfileInput {
    /// A whole number in `min..=max`.
    Number {
        /// Smallest accepted value.
        min: u32,
        /// Largest accepted value.
        max: u32,
    },
    /// Yes or no.
    Boolean,
    /// One of the options.
    Choice {
        /// The options.
        options: Vec<ProfileOption>,
    },
    /// Any number of the options.
    MultiChoice {
        /// The options.
        options: Vec<ProfileOption>,
    },
    /// A `YYYY-MM-DD` date.
    Date,
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileOption {
    /// The value stored in the profile (`us_saas_buyers`).
    pub value: String,
    /// The label shown to people.
    pub label: String,
}

/// A question about the organisation; its id is the [`crate::Profile`] field it fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileQuestion {
    /// The profile field: `persons_in_scope`, `data`, ….
    pub id: String,
    /// The question, in our words.
    pub text: String,
    /// One line on why we ask.
    pub help: String,
    /// The expected input.
    pub input: ProfileInput,
    /// Whether the visitor may skip it.
    pub optional: bool,
}

/// A questionnaire of one mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// [`QUESTIONNAIRE_VERSION`].
    pub version: String,
    /// Quick or full.
    pub mode: Mode,
    /// The organisation profile, asked first in both modes.
    pub profile_questions: Vec<ProfileQuestion>,
    /// The readiness questions in the order they are asked.
    pub questions: Vec<Question>,
}

impl Questionnaire {
    /// The readiness question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

/// The questionnaire of `mode`, built once from the compiled-in data.
///
/// The profile questions come first in both modes. Full mode asks one question per
/// requirement of [`crate::catalog()`], in catalog order (clauses 4–10, then Annex A); quick
/// mode asks a few grouped questions, each standing for the requirements its text asks about,
/// none of them twice.
pub fn questionnaire(mode: Mode) -> &'static Questionnaire {
    static QUICK: OnceLock<Questionnaire> = OnceLock::new();
    static FULL: OnceLock<Questionnaire> = OnceLock::new();
    match mode {
        Mode::Quick => QUICK.get_or_init(|| build(mode, quick_questions())),
        Mode::Full => FULL.get_or_init(|| build(mode, full_questions())),
    }
}

fn build(mode: Mode, questions: Vec<Question>) -> Questionnaire {
    Questionnaire {
        version: QUESTIONNAIRE_VERSION.to_owned(),
        mode,
        profile_questions: profile::profile_questions(),
        questions,
    }
}

/// The full questionnaire's question and help texts, read from the text of
/// `shared/data/questions_full.csv`: one row per requirement of [`crate::catalog()`], in catalog
/// order. The widget module fetches that file (content-hashed) instead of carrying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullQuestionTexts {
    /// (question id, text, help) in the order of the full questionnaire's questions.
    texts: Vec<(String, String, String)>,
}

impl FullQuestionTexts {
    /// The texts in `csv`, or `None` unless it holds exactly one row per requirement of the
    /// catalog, in catalog order, each with a text (a file of another build is refused rather
    /// than shown against the wrong questions).
    pub fn from_csv(csv: &str) -> Option<FullQuestionTexts> {
        let records = csv::records(csv);
        if records.len() != catalog().requirements().count() {
            return None;
        }
        let texts = records
            .iter()
            .zip(catalog().requirements())
            .map(|(record, requirement)| {
                (record.get("requirement_id") == requirement.id && !record.get("text").is_empty())
                    .then(|| {
                        (
                            format!("q.{}", requirement.id),
                            record.get("text").to_owned(),
                            record.get("help").to_owned(),
                        )
                    })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(FullQuestionTexts { texts })
    }

    /// The text and help of the full question `question_id` (`q.A.8.5`).
    pub fn of(&self, question_id: &str) -> Option<(&str, &str)> {
        self.texts
            .iter()
            .find(|(id, _, _)| id == question_id)
            .map(|(_, text, help)| (text.as_str(), help.as_str()))
    }
}

/// One question per requirement, in catalog order; texts from `questions_full.csv` (empty
/// without the `full-question-texts` feature).
fn full_questions() -> Vec<Question> {
    #[cfg(feature = "full-question-texts")]
    let texts = FullQuestionTexts::from_csv(FULL_CSV);
    #[cfg(not(feature = "full-question-texts"))]
    let texts: Option<FullQuestionTexts> = None;
    catalog()
        .requirements()
        .enumerate()
        .map(|(index, requirement)| {
            // Data that does not follow the catalog gives empty texts, which the tests reject.
            let (text, help) = texts
                .as_ref()
                .and_then(|texts| texts.texts.get(index))
                .map_or(("", ""), |(_, text, help)| (text.as_str(), help.as_str()));
            Question {
                id: format!("q.{}", requirement.id),
                section: requirement.section_id.to_owned(),
                text: text.to_owned(),
                help: help.to_owned(),
                requirement_ids: vec![requirement.id.to_owned()],
                allows_not_applicable: requirement.kind == RequirementKind::Control,
            }
        })
        .collect()
}

/// The grouped readiness questions of `questions_quick.csv`, in file order (texts and help
/// empty without the `quick-question-texts` feature).
fn quick_questions() -> Vec<Question> {
    quick_questions_in(QUICK_CSV)
}

/// The grouped readiness questions in `csv` (`questions_quick.csv` or a copy without some
/// columns, which read as empty), in file order.
fn quick_questions_in(csv: &str) -> Vec<Question> {
    csv::records(csv)
        .iter()
        .map(|r| Question {
            id: r.get("id").to_owned(),
            section: r.get("section").to_owned(),
            text: r.get("text").to_owned(),
            help: r.get("help").to_owned(),
            requirement_ids: r
                .list("requirement_ids")
                .into_iter()
                .map(str::to_owned)
                .collect(),
            allows_not_applicable: r.get("allows_not_applicable") == "yes",
        })
        .collect()
}

/// The quick questionnaire without its texts (the report module's build, without
/// `quick-question-texts`), whatever features this test build has.
#[cfg(test)]
mod copy_tests {
    use super::*;
    use crate::data_copies::{QUICK_TEXT_COLUMNS, without_columns};

    /// build.rs's copy of `questions_quick.csv` without the texts gives the same questions —
    /// ids, sections, requirement ids, whether not applicable is allowed, in order — as the
    /// file, with empty texts and help; so scoring a quick answers document reads the same.
    #[test]
    fn quick_questions_without_their_texts_stand_for_the_same_requirements() {
        let file = include_str!("../data/questions_quick.csv");
        let copy = without_columns(file, &QUICK_TEXT_COLUMNS).expect("text and help columns");
        assert!(copy.len() * 3 < file.len(), "{}", copy.len());
        let full = quick_questions_in(file);
        let trimmed = quick_questions_in(&copy);
        assert!(full.len() >= 10, "{}", full.len());
        assert_eq!(trimmed.len(), full.len());
        for (question, in_full) in trimmed.iter().zip(&full) {
            assert!(
                !in_full.text.is_empty() && !in_full.help.is_empty(),
                "{}",
                in_full.id
            );
            let blank = Question {
                text: String::new(),
                help: String::new(),
                ..in_full.clone()
            };
            assert_eq!(question, &blank);
        }
        // This build's own quick questions have the same structure, with or without texts.
        let own = &questionnaire(Mode::Quick).questions;
        let structure = |q: &Question| {
            let (id, section) = (q.id.clone(), q.section.clone());
            (
                id,
                section,
                q.requirement_ids.clone(),
                q.allows_not_applicable,
            )
        };
        assert_eq!(
            own.iter().map(structure).collect::<Vec<_>>(),
            full.iter().map(structure).collect::<Vec<_>>()
        );
    }
}

//! The questionnaire: versioned, in our own plain words.
//!
//! Two modes share one version number:
//! - [`Mode::Quick`] — the organisation profile plus a few grouped readiness questions (at most
//!   25 questions in all, about five minutes), for pre-qualification. Each readiness question
//!   covers several requirement ids.
//! - [`Mode::Full`] — the profile plus exactly one question per clause requirement and one per
//!   Annex A control; each question's `requirement_ids` is that one id.
//!
//! Question ids are stable within a version; answers name them.

use serde::{Deserialize, Serialize};

/// The version every answers document must name. Bump it whenever a question id, its
/// requirement ids or its meaning changes.
pub const QUESTIONNAIRE_VERSION: &str = "2026.1";

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

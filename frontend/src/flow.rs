//! The order in which one questionnaire is asked: the organisation profile first, then the
//! readiness questions one at a time, grouped into the report's sections.

use annexa_shared::catalog;
use annexa_shared::questionnaire::{ProfileQuestion, Question, Questionnaire};
use annexa_shared::{AnswersDocument, Theme};

/// Section id of the organisation-profile steps.
pub const PROFILE_SECTION: &str = "profile";

/// One screen of the question flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'q> {
    /// A question about the organisation.
    Profile(&'q ProfileQuestion),
    /// A readiness question.
    Question(&'q Question),
}

impl<'q> Step<'q> {
    /// The section the step is asked under: [`PROFILE_SECTION`], `4` … `10`, `A.5` … `A.8`.
    pub fn section(self) -> &'q str {
        match self {
            Step::Profile(_) => PROFILE_SECTION,
            Step::Question(q) => &q.section,
        }
    }

    /// The question or profile field id.
    pub fn id(self) -> &'q str {
        match self {
            Step::Profile(p) => &p.id,
            Step::Question(q) => &q.id,
        }
    }
}

/// A section of the flow and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Section id.
    pub id: String,
    /// Number and title for people, e.g. `6 Planning`; `None` for the profile (the caller
    /// supplies the translated "Your organisation").
    pub title: Option<String>,
    /// Index of its first step.
    pub first_step: usize,
    /// Number of steps in it.
    pub len: usize,
}

/// Every step of `questionnaire` in asking order.
pub fn steps(questionnaire: &Questionnaire) -> Vec<Step<'_>> {
    questionnaire
        .profile_questions
        .iter()
        .map(Step::Profile)
        .chain(questionnaire.questions.iter().map(Step::Question))
        .collect()
}

/// The sections in asking order (consecutive steps with the same section id).
pub fn sections(questionnaire: &Questionnaire) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for (index, step) in steps(questionnaire).into_iter().enumerate() {
        match out.last_mut() {
            Some(last) if last.id == step.section() => last.len += 1,
            _ => out.push(Section {
                id: step.section().to_owned(),
                title: section_title(step.section()),
                first_step: index,
                len: 1,
            }),
        }
    }
    out
}

/// `6 Planning` for a clause section, `A.8 Technological controls` for a theme.
pub fn section_title(id: &str) -> Option<String> {
    if id == PROFILE_SECTION {
        return None;
    }
    if let Some(theme) = Theme::ALL.into_iter().find(|t| t.section_id() == id) {
        return Some(format!("{id} {}", theme.title()));
    }
    Some(match catalog().clause(id) {
        Some(clause) => format!("{id} {}", clause.title),
        None => id.to_owned(),
    })
}

/// How much of the questionnaire has an answer: (answered, total) over profile and readiness
/// questions, counting only answers the scorer will accept.
pub fn answered(questionnaire: &Questionnaire, doc: &AnswersDocument) -> (usize, usize) {
    let profile_answered = questionnaire
        .profile_questions
        .iter()
        .filter(|p| doc.profile.field(&p.id).is_some())
        .count();
    let questions_answered = questionnaire
        .questions
        .iter()
        .filter(|q| {
            doc.answers
                .get(&q.id)
                .is_some_and(crate::state::is_complete)
        })
        .count();
    (
        profile_answered + questions_answered,
        questionnaire.profile_questions.len() + questionnaire.questions.len(),
    )
}

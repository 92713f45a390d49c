//! From answers to one state per requirement: the step every metric, the SoA and the gap list
//! share, so they can never disagree about what a requirement's answer is.

use crate::answers::{AnswerValue, AnswerView, AnswersDocument};
use crate::catalog::Requirement;
use crate::questionnaire::Questionnaire;
use crate::scoring::index::{catalog_index, questionnaire_index};

/// What the answers say about one requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum State<'d> {
    /// No question of this mode covers the requirement (quick mode): not assessed, ignored by
    /// every metric.
    NotCovered,
    /// Covered, but no covering question is answered.
    Unanswered,
    /// Every answered covering question says `not_applicable`; the first justification, trimmed
    /// (borrowed from the answers: only the SoA copies it).
    NotApplicable(&'d str),
    /// The weakest answer among the answered covering questions (not_applicable ones aside).
    Answered(AnswerValue),
}

/// One requirement with its state.
#[derive(Debug, Clone)]
pub(crate) struct Assessed<'d> {
    /// The clause or control (the catalog index's, not a copy).
    pub requirement: &'static Requirement<'static>,
    /// What the answers say.
    pub state: State<'d>,
}

impl Assessed<'_> {
    /// The answer when the requirement is answered and applicable.
    pub fn answer(&self) -> Option<AnswerValue> {
        match self.state {
            State::Answered(value) => Some(value),
            _ => None,
        }
    }
}

/// Credit an answer earns: yes 1, partial ½, no and unsure 0.
pub(crate) fn credit(value: AnswerValue) -> f64 {
    match value {
        AnswerValue::Yes => 1.0,
        AnswerValue::Partial => 0.5,
        AnswerValue::No | AnswerValue::Unsure | AnswerValue::NotApplicable => 0.0,
    }
}

/// Order from weakest to strongest; `unsure` ranks below `no` because nobody can show evidence.
fn strength(value: AnswerValue) -> u8 {
    match value {
        AnswerValue::Unsure | AnswerValue::NotApplicable => 0,
        AnswerValue::No => 1,
        AnswerValue::Partial => 2,
        AnswerValue::Yes => 3,
    }
}

/// The state of every requirement of the catalog, in catalog order (clauses, then controls).
/// `doc` must have been validated against `questionnaire`.
pub(crate) fn assess<'d>(
    questionnaire: &Questionnaire,
    doc: &'d AnswersDocument,
) -> Vec<Assessed<'d>> {
    let answers = questionnaire_index(questionnaire).answers(doc.answer_views());
    assess_answers(questionnaire, &answers)
}

/// [`assess`] from the answer to each question of `questionnaire`, by question position.
pub(crate) fn assess_answers<'d>(
    questionnaire: &Questionnaire,
    answers: &[Option<AnswerView<'d>>],
) -> Vec<Assessed<'d>> {
    let index = questionnaire_index(questionnaire);
    let requirements = &catalog_index().requirements;
    let mut combined = vec![Combined::default(); requirements.len()];
    // Question order decides which justification is "the first" for a requirement several
    // questions cover.
    for (covers, answer) in index.covers.iter().zip(answers) {
        for &position in covers {
            combined[position].add(*answer);
        }
    }
    requirements
        .iter()
        .zip(combined)
        .map(|(facts, combined)| Assessed {
            requirement: &facts.requirement,
            state: combined.state(),
        })
        .collect()
}

/// The answers of the questions covering one requirement, folded as they come.
#[derive(Debug, Clone, Copy, Default)]
struct Combined<'d> {
    covered: bool,
    weakest: Option<AnswerValue>,
    justification: Option<&'d str>,
}

impl<'d> Combined<'d> {
    fn add(&mut self, answer: Option<AnswerView<'d>>) {
        self.covered = true;
        let Some(answer) = answer else { return };
        if answer.value == AnswerValue::NotApplicable {
            self.justification
                .get_or_insert(answer.justification.unwrap_or("").trim());
            return;
        }
        self.weakest = Some(match self.weakest {
            Some(w) if strength(w) <= strength(answer.value) => w,
            _ => answer.value,
        });
    }

    fn state(self) -> State<'d> {
        match (self.covered, self.weakest, self.justification) {
            (false, _, _) => State::NotCovered,
            (true, Some(value), _) => State::Answered(value),
            (true, None, Some(text)) => State::NotApplicable(text),
            (true, None, None) => State::Unanswered,
        }
    }
}

//! From answers to one state per requirement: the step every metric, the SoA and the gap list
//! share, so they can never disagree about what a requirement's answer is.

use std::collections::BTreeMap;

use crate::answers::{AnswerValue, AnswersDocument};
use crate::catalog::{Requirement, catalog};
use crate::questionnaire::Questionnaire;

/// What the answers say about one requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum State {
    /// No question of this mode covers the requirement (quick mode): not assessed, ignored by
    /// every metric.
    NotCovered,
    /// Covered, but no covering question is answered.
    Unanswered,
    /// Every answered covering question says `not_applicable`; the first justification.
    NotApplicable(String),
    /// The weakest answer among the answered covering questions (not_applicable ones aside).
    Answered(AnswerValue),
}

/// One requirement with its state.
#[derive(Debug, Clone)]
pub(crate) struct Assessed {
    /// The clause or control.
    pub requirement: Requirement<'static>,
    /// What the answers say.
    pub state: State,
}

impl Assessed {
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
pub(crate) fn assess(questionnaire: &Questionnaire, doc: &AnswersDocument) -> Vec<Assessed> {
    let mut covered: BTreeMap<&str, Vec<Option<&crate::answers::Answer>>> = BTreeMap::new();
    for question in &questionnaire.questions {
        let answer = doc.answers.get(&question.id);
        for id in &question.requirement_ids {
            covered.entry(id.as_str()).or_default().push(answer);
        }
    }
    catalog()
        .requirements()
        .map(|requirement| {
            let state = match covered.get(requirement.id) {
                None => State::NotCovered,
                Some(answers) => combine(answers.iter().flatten().copied()),
            };
            Assessed { requirement, state }
        })
        .collect()
}

fn combine<'a>(answers: impl Iterator<Item = &'a crate::answers::Answer>) -> State {
    let mut weakest: Option<AnswerValue> = None;
    let mut justification: Option<&str> = None;
    for answer in answers {
        if answer.value == AnswerValue::NotApplicable {
            justification.get_or_insert(answer.justification.as_deref().unwrap_or("").trim());
            continue;
        }
        weakest = Some(match weakest {
            Some(w) if strength(w) <= strength(answer.value) => w,
            _ => answer.value,
        });
    }
    match (weakest, justification) {
        (Some(value), _) => State::Answered(value),
        (None, Some(text)) => State::NotApplicable(text.to_owned()),
        (None, None) => State::Unanswered,
    }
}

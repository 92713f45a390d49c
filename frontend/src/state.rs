//! The assessment state of one widget instance: every change is an
//! [`Action`], applied by a pure function that the tests below run without a browser.

use std::collections::{BTreeMap, BTreeSet};

use annexa_shared::json::Json;
use annexa_shared::json::write::{WriteJson, Writer};
use annexa_shared::questionnaire::{Questionnaire, reads_version};
use annexa_shared::{
    Answer, AnswerValue, AnswersDocument, Mode, Profile, ProfileValue, QUESTIONNAIRE_VERSION,
};
use serde::{Deserialize, Serialize};

use crate::flow::{self, Step};

/// Which screen the visitor sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Screen {
    /// Introduction and choice of mode.
    Start,
    /// The question at this step index.
    Step(usize),
    /// The report.
    Report,
}

/// Why the visitor cannot leave the current step yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepProblem {
    /// `not_applicable` without a justification.
    NeedJustification,
}

/// Everything one widget instance knows about the visitor's assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The current screen.
    pub screen: Screen,
    /// The questionnaire being answered (`None` on the start screen of a fresh visit).
    pub questionnaire: Option<&'static Questionnaire>,
    /// The answers so far.
    pub doc: AnswersDocument,
    /// Whether the "why it matters" help is open.
    pub help_open: bool,
    /// What blocks leaving the current step, shown inline.
    pub problem: Option<StepProblem>,
    /// The report sections the visitor has open (ids of [`crate::report_model::ReportSection`]).
    pub open_sections: OpenSections,
    /// Bumped on every change worth saving.
    pub revision: u64,
}

/// The report sections open before the visitor touches any: only the first.
pub fn default_open_sections() -> OpenSections {
    let mut open = OpenSections::default();
    open.open(crate::report_model::ReportSection::ALL[0].id());
    open
}

/// The ids of the report sections the visitor has open: each once, in order — the set a
/// `BTreeSet<String>` held before, kept in a sorted `Vec`. A `BTreeSet` compiled its node
/// code for this item type alone (insert, search, clone, drop and, since a section closes
/// again, removal with its merging and rebalancing): several KB of the widget module for at
/// most ten short ids. Serde (the tests' reference) reads and writes it as that set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "BTreeSet<String>", into = "BTreeSet<String>")]
pub struct OpenSections(Vec<String>);

impl OpenSections {
    /// Whether the section with this id is open.
    pub fn contains(&self, id: &str) -> bool {
        self.place(id).is_ok()
    }

    /// Opens the section with this id if it is closed, closes it if it is open.
    pub fn toggle(&mut self, id: &str) {
        match self.place(id) {
            Ok(i) => {
                self.0.remove(i);
            }
            Err(i) => self.0.insert(i, id.to_owned()),
        }
    }

    /// Opens the section with this id (no change when it is open).
    fn open(&mut self, id: &str) {
        if let Err(i) = self.place(id) {
            self.0.insert(i, id.to_owned());
        }
    }

    /// Where `id` is (`Ok`) or would go (`Err`).
    fn place(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|open| open.as_str().cmp(id))
    }
}

impl From<BTreeSet<String>> for OpenSections {
    fn from(ids: BTreeSet<String>) -> OpenSections {
        OpenSections(ids.into_iter().collect())
    }
}

impl From<OpenSections> for BTreeSet<String> {
    fn from(open: OpenSections) -> BTreeSet<String> {
        open.0.into_iter().collect()
    }
}

impl WriteJson for OpenSections {
    /// As serde writes the set: an array of the ids in order.
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        for id in &self.0 {
            w.string(id);
        }
        w.end_array();
    }
}

/// A change to the assessment.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Begin (or switch to) this questionnaire at its first step, keeping compatible answers.
    Start(&'static Questionnaire),
    /// Replace the state with one restored from storage.
    Restore(SavedAssessment, &'static Questionnaire),
    /// Answer a readiness question.
    Answer {
        /// Question id.
        id: String,
        /// The answer.
        value: AnswerValue,
    },
    /// Type the justification of a `not_applicable` answer.
    Justify {
        /// Question id.
        id: String,
        /// The text as typed.
        text: String,
    },
    /// Set a profile field (`None` clears it).
    SetProfile {
        /// Profile field name.
        field: String,
        /// The new value.
        value: Option<ProfileValue>,
    },
    /// Go to the next step (or the report after the last).
    Next,
    /// Go to the previous step.
    Back,
    /// Go to the first step of a section.
    JumpToSection(String),
    /// Show the report.
    ShowReport,
    /// Open or close the help text.
    ToggleHelp,
    /// Forget every answer and return to the start screen.
    StartOver,
    /// Open or close a report section (by its id).
    ToggleSection(String),
    /// From a quick assessment, go on with the full one: every quick answer is carried over to
    /// the full questions about the same requirements, and the visitor continues at the first
    /// full question without an answer.
    ContinueFull(&'static Questionnaire),
}

/// What is kept in `localStorage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAssessment {
    /// The screen to come back to.
    pub screen: Screen,
    /// The answers.
    pub answers: AnswersDocument,
    /// The report sections left open.
    #[serde(default = "default_open_sections")]
    pub open_sections: OpenSections,
}

impl Screen {
    /// The screen `json` holds, as serde reads it: `"start"`, `"report"` or `{"step": n}`.
    fn from_json(json: &Json<'_>) -> Option<Screen> {
        if let Json::Object(members) = json
            && let [(name, index)] = members.as_slice()
            && name == "step"
        {
            return index.whole().map(Screen::Step);
        }
        match json.variant()? {
            "start" => Some(Screen::Start),
            "report" => Some(Screen::Report),
            _ => None,
        }
    }
}

impl OpenSections {
    /// The open sections in `json`, an array of section ids.
    pub fn from_json(json: &Json<'_>) -> Option<OpenSections> {
        let Json::Array(ids) = json else {
            return None;
        };
        let mut open = OpenSections::default();
        for id in ids {
            open.open(id.str()?);
        }
        Some(open)
    }
}

impl SavedAssessment {
    /// The saved assessment in the JSON `text`, read as `serde_json::from_str` reads it (other
    /// fields ignored, `open_sections` optional) but without serde's derived deserializers,
    /// which came to about 37 KB of the widget module ([`annexa_shared::json`]).
    pub fn from_json_text(text: &str) -> Option<SavedAssessment> {
        let json = annexa_shared::json::parse(text)?;
        let (mut screen, mut answers, mut open_sections) = (None, None, None);
        for (name, value) in json.members(&["screen", "answers", "open_sections"])? {
            match name.as_str() {
                "screen" => screen = Some(Screen::from_json(value)?),
                "answers" => answers = Some(AnswersDocument::from_json(value)?),
                "open_sections" => open_sections = Some(OpenSections::from_json(value)?),
                _ => {}
            }
        }
        Some(SavedAssessment {
            screen: screen?,
            answers: answers?,
            open_sections: open_sections.unwrap_or_else(default_open_sections),
        })
    }
}

impl WriteJson for Screen {
    /// As serde writes it: `"start"`, `"report"` or `{"step":n}`.
    fn write_json(&self, w: &mut Writer) {
        match self {
            Screen::Start => w.string("start"),
            Screen::Report => w.string("report"),
            Screen::Step(index) => {
                w.begin_object();
                w.member("step", index);
                w.end_object();
            }
        }
    }
}

impl WriteJson for SavedAssessment {
    /// As `serde_json::to_string` writes it, without serde's serializer in the widget module
    /// ([`annexa_shared::json::write`]).
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("screen", &self.screen);
        w.member("answers", &self.answers);
        w.member("open_sections", &self.open_sections);
        w.end_object();
    }
}

/// Whether an answer is complete enough to be scored: a `not_applicable` needs a justification.
pub fn is_complete(answer: &Answer) -> bool {
    answer.value != AnswerValue::NotApplicable
        || answer
            .justification
            .as_deref()
            .is_some_and(|j| !j.trim().is_empty())
}

fn empty_document(mode: Mode) -> AnswersDocument {
    AnswersDocument {
        questionnaire_version: QUESTIONNAIRE_VERSION.to_owned(),
        mode,
        profile: Profile::default(),
        answers: BTreeMap::new(),
    }
}

impl Default for Assessment {
    fn default() -> Self {
        Assessment {
            screen: Screen::Start,
            questionnaire: None,
            doc: empty_document(Mode::Quick),
            help_open: false,
            problem: None,
            open_sections: default_open_sections(),
            revision: 0,
        }
    }
}

impl Assessment {
    /// The steps of the current questionnaire.
    pub fn steps(&self) -> Vec<Step<'static>> {
        self.questionnaire.map(flow::steps).unwrap_or_default()
    }

    /// The step on screen, if any.
    pub fn current_step(&self) -> Option<Step<'static>> {
        match self.screen {
            Screen::Step(index) => self.steps().get(index).copied(),
            _ => None,
        }
    }

    /// What to save.
    pub fn saved(&self) -> SavedAssessment {
        SavedAssessment {
            screen: self.screen,
            answers: self.doc.clone(),
            open_sections: self.open_sections.clone(),
        }
    }

    /// The answers as the scorer accepts them: incomplete `not_applicable` answers (no
    /// justification yet) and answers to questions not in this questionnaire are left out.
    pub fn scorable_document(&self) -> AnswersDocument {
        let mut doc = self.doc.clone();
        doc.answers.retain(|id, answer| {
            is_complete(answer) && self.questionnaire.is_some_and(|q| q.question(id).is_some())
        });
        doc
    }

    /// The current value of a profile field, `None` when unanswered.
    pub fn profile_value(&self, field: &str) -> Option<ProfileValue> {
        self.doc.profile.field(field)
    }

    fn go_to(&mut self, screen: Screen) {
        self.screen = screen;
        self.help_open = false;
        self.problem = None;
    }

    fn current_blocker(&self) -> Option<StepProblem> {
        let Some(Step::Question(question)) = self.current_step() else {
            return None;
        };
        let answer = self.doc.answers.get(&question.id)?;
        (!is_complete(answer)).then_some(StepProblem::NeedJustification)
    }

    /// The state after `action`: the pure transition behind every change of a
    /// mounted widget ([`crate::components::widget`]).
    pub fn apply(mut self, action: Action) -> Assessment {
        match action {
            Action::Start(questionnaire) => {
                if self.doc.mode != questionnaire.mode {
                    // Question ids differ between modes; the profile carries over.
                    let profile = std::mem::take(&mut self.doc.profile);
                    self.doc = empty_document(questionnaire.mode);
                    self.doc.profile = profile;
                }
                self.questionnaire = Some(questionnaire);
                self.go_to(Screen::Step(0));
            }
            Action::Restore(saved, questionnaire) => {
                // Progress saved under an earlier version the rules still read carries over.
                if !reads_version(&saved.answers.questionnaire_version)
                    || saved.answers.mode != questionnaire.mode
                {
                    return self;
                }
                let last = flow::steps(questionnaire).len().saturating_sub(1);
                self.questionnaire = Some(questionnaire);
                self.doc = saved.answers;
                self.open_sections = saved.open_sections;
                self.doc.questionnaire_version = QUESTIONNAIRE_VERSION.to_owned();
                let screen = match saved.screen {
                    Screen::Step(index) => Screen::Step(index.min(last)),
                    other => other,
                };
                self.go_to(screen);
            }
            Action::Answer { id, value } => {
                let allowed = self
                    .questionnaire
                    .and_then(|q| q.question(&id))
                    .is_some_and(|q| {
                        value != AnswerValue::NotApplicable || q.allows_not_applicable
                    });
                if !allowed {
                    return self;
                }
                let justification = self
                    .doc
                    .answers
                    .get(&id)
                    .and_then(|a| a.justification.clone())
                    .filter(|_| value == AnswerValue::NotApplicable);
                self.doc.answers.insert(
                    id,
                    Answer {
                        value,
                        justification,
                    },
                );
                if self.problem.is_some() {
                    self.problem = self.current_blocker();
                }
            }
            Action::Justify { id, text } => {
                if let Some(answer) = self.doc.answers.get_mut(&id)
                    && answer.value == AnswerValue::NotApplicable
                {
                    answer.justification = Some(text).filter(|t| !t.is_empty());
                }
                if self.problem.is_some() {
                    self.problem = self.current_blocker();
                }
            }
            Action::SetProfile { field, value } => {
                // A value the profile type does not accept is ignored, never stored.
                if !self.doc.profile.set_field(&field, value) {
                    return self;
                }
            }
            Action::Next => {
                if let Some(problem) = self.current_blocker() {
                    self.problem = Some(problem);
                    return self;
                }
                let count = self.steps().len();
                match self.screen {
                    Screen::Step(index) if index + 1 < count => self.go_to(Screen::Step(index + 1)),
                    Screen::Step(_) => self.go_to(Screen::Report),
                    _ => return self,
                }
            }
            Action::Back => match self.screen {
                Screen::Step(index) if index > 0 => self.go_to(Screen::Step(index - 1)),
                Screen::Report => {
                    let last = self.steps().len().saturating_sub(1);
                    self.go_to(Screen::Step(last));
                }
                _ => return self,
            },
            Action::JumpToSection(id) => {
                let Some(section) = self
                    .questionnaire
                    .and_then(|q| flow::sections(q).into_iter().find(|s| s.id == id))
                else {
                    return self;
                };
                self.go_to(Screen::Step(section.first_step));
            }
            Action::ShowReport => {
                if self.questionnaire.is_none() {
                    return self;
                }
                self.go_to(Screen::Report);
            }
            Action::ToggleHelp => {
                self.help_open = !self.help_open;
                return self;
            }
            Action::ToggleSection(id) => {
                self.open_sections.toggle(&id);
            }
            Action::ContinueFull(full) => {
                let Some(quick) = self.questionnaire.filter(|q| q.mode == Mode::Quick) else {
                    return self;
                };
                if full.mode != Mode::Full {
                    return self;
                }
                let answers = carry_over(quick, &self.doc.answers, full);
                self.doc.mode = Mode::Full;
                self.doc.answers = answers;
                self.questionnaire = Some(full);
                let steps = flow::steps(full);
                let first_open = steps
                    .iter()
                    .position(|step| match step {
                        Step::Question(q) => !self.doc.answers.contains_key(&q.id),
                        Step::Profile(_) => false,
                    })
                    .unwrap_or(0);
                self.go_to(Screen::Step(first_open));
            }
            Action::StartOver => {
                let revision = self.revision;
                self = Assessment::default();
                self.revision = revision;
            }
        }
        self.revision += 1;
        self
    }
}

/// How much an answer claims, for merging several quick answers about one requirement: the
/// most cautious one wins, so carrying answers over never makes a requirement look better met.
fn claim(value: AnswerValue) -> u8 {
    match value {
        AnswerValue::No => 0,
        AnswerValue::Unsure => 1,
        AnswerValue::Partial => 2,
        AnswerValue::Yes => 3,
        AnswerValue::NotApplicable => 4,
    }
}

/// The full questionnaire's answers implied by the quick ones: each quick question stands for
/// the requirements it asks about, so its answer becomes the answer of each full question on
/// one of them. "Not applicable" carries over, with its justification, only where the full
/// question allows it.
pub fn carry_over(
    quick: &Questionnaire,
    answers: &BTreeMap<String, Answer>,
    full: &Questionnaire,
) -> BTreeMap<String, Answer> {
    let mut carried: BTreeMap<String, Answer> = BTreeMap::new();
    for (id, answer) in answers {
        let Some(question) = quick.question(id) else {
            continue;
        };
        for requirement in &question.requirement_ids {
            let Some(target) = full
                .questions
                .iter()
                .find(|q| q.requirement_ids.contains(requirement))
            else {
                continue;
            };
            if answer.value == AnswerValue::NotApplicable && !target.allows_not_applicable {
                continue;
            }
            let keep = carried
                .get(&target.id)
                .is_some_and(|existing| claim(existing.value) <= claim(answer.value));
            if !keep {
                carried.insert(target.id.clone(), answer.clone());
            }
        }
    }
    carried
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;

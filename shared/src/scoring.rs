//! Answers → readiness [`Report`]: one versioned rule set ([`SCORING_VERSION`]), documented for
//! compliance managers in `docs/SCORING.md`.
//!
//! In short: each answer earns credit (yes 1, partial ½, no and unsure 0) for every requirement
//! its question covers; `not_applicable` is left out of the numerator and the denominator of
//! every metric; unanswered questions lower progress, never the score; the overall score weighs
//! the mandatory clauses 60 % and the Annex A controls 40 %. Every score is a non-decreasing
//! function of every answer, so improving an answer never lowers any score.
//!
//! Floats are rounded before they leave this module (scores to one decimal, progress to three)
//! so the JSON is byte-identical on wasm32 and native.

mod assessment;
mod findings;
mod index;

use crate::text::Text;
use serde::{Deserialize, Serialize};

pub(crate) use assessment::{Assessed, State, assess};
pub use findings::{Blocker, Gap, Severity};
use index::RequirementSet;
pub(crate) use index::{catalog_index, questionnaire_index};

use crate::answers::{AnswerValue, AnswerView, AnswersDocument, AnswersDocumentRef, Skeleton};
use crate::catalog::{AttributeKind, Requirement, RequirementKind, catalog};
use crate::questionnaire::{Mode, Questionnaire, questionnaire};
use crate::validation::{AnswersError, borrowed_parts, parts, validated_answers};

/// The version of the scoring rules. Bump it whenever a number in a report could change for the
/// same answers.
pub const SCORING_VERSION: &str = "2026.2";

/// Weight of the clause requirements (4–10) in the overall score, in percent.
pub const CLAUSE_WEIGHT_PERCENT: u32 = 60;
/// Weight of the Annex A controls in the overall score, in percent.
pub const ANNEX_A_WEIGHT_PERCENT: u32 = 40;

/// Whether a report section is a clause or an Annex A theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Clauses 4–10.
    Clause,
    /// Annex A themes A.5–A.8.
    Theme,
}

impl SectionKind {
    /// Its JSON name (`clause`, `theme`): an identifier, never shown to a visitor.
    pub const fn code(self) -> &'static str {
        match self {
            SectionKind::Clause => "clause",
            SectionKind::Theme => "theme",
        }
    }
}

/// Readiness of one clause (4–10) or Annex A theme (A.5–A.8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionScore {
    /// `4` … `10`, `A.5` … `A.8`.
    pub id: Text,
    /// "Context of the organization", "People controls", ….
    pub title: Text,
    /// Clause or theme.
    pub kind: SectionKind,
    /// 0–100, one decimal; `None` (JSON `null`) when nothing applicable is answered.
    pub score: Option<f64>,
    /// Applicable requirements answered.
    pub answered: u32,
    /// Applicable requirements assessed in this mode (not_applicable ones left out).
    pub total: u32,
}

/// Readiness of the Annex A controls carrying one ISO/IEC 27002 attribute value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeScore {
    /// The attribute (`cybersecurity_concepts`).
    pub attribute: AttributeKind,
    /// The value as in the data (`Identity_and_access_management`).
    pub value: Text,
    /// The value for people (`Identity and access management`).
    pub label: Text,
    /// 0–100, one decimal; `None` when nothing applicable is answered.
    pub score: Option<f64>,
    /// Applicable controls with this value answered.
    pub answered: u32,
    /// Applicable controls with this value assessed in this mode.
    pub total: u32,
}

/// How close the organisation is to certification, in five steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Overall below 20.
    NotReady,
    /// Overall 20 or more (or less than half the questions answered).
    Early,
    /// Overall 50 or more, at least half the questions answered.
    Progressing,
    /// Overall 75 or more, no Stage 1 blocker.
    NearlyReady,
    /// Overall 90 or more, every question answered, no blocker at all.
    Ready,
}

impl Band {
    /// Its JSON name (`nearly_ready`): an identifier, never shown to a visitor.
    pub const fn code(self) -> &'static str {
        match self {
            Band::NotReady => "not_ready",
            Band::Early => "early",
            Band::Progressing => "progressing",
            Band::NearlyReady => "nearly_ready",
            Band::Ready => "ready",
        }
    }
}

/// The readiness report. Field order is the JSON order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// [`SCORING_VERSION`].
    pub scoring_version: Text,
    /// The questionnaire version answered.
    pub questionnaire_version: String,
    /// Quick or full.
    pub mode: Mode,
    /// Share of the questions answered, 0–1, three decimals (not_applicable left out).
    pub progress: f64,
    /// 0–100, one decimal: clauses and Annex A weighed 60/40.
    pub overall: f64,
    /// Clauses 4–10, then themes A.5–A.8.
    pub sections: Vec<SectionScore>,
    /// Every ISO/IEC 27002 attribute value, in canonical order.
    pub attributes: Vec<AttributeScore>,
    /// Missing mandatory documented information.
    pub stage1_blockers: Vec<Blocker>,
    /// Internal audit, management review, risk assessment or treatment not done.
    pub stage2_blockers: Vec<Blocker>,
    /// Requirements not fully met, most urgent first.
    pub gaps: Vec<Gap>,
    /// The readiness band.
    pub band: Band,
    /// Requirements no question of this mode asks about (quick mode), in catalog order: they
    /// are neither credited in any score nor counted as gaps. Empty when every requirement was
    /// asked about.
    pub not_assessed: Vec<Text>,
    /// What the report leaves out, as a sentence for people; `None` (JSON `null`) when every
    /// requirement was asked about.
    pub not_assessed_note: Option<String>,
}

/// Scores `doc` against the built-in questionnaire of its mode. Invalid documents are refused
/// with the first [`AnswersError`].
///
/// ```
/// use annexa_shared::{AnswersDocument, Mode, QUESTIONNAIRE_VERSION, scoring::score};
///
/// let doc = AnswersDocument {
///     questionnaire_version: QUESTIONNAIRE_VERSION.into(),
///     mode: Mode::Full,
///     profile: Default::default(),
///     answers: Default::default(),
/// };
/// let report = score(&doc).unwrap();
/// assert_eq!(report.progress, 0.0);
/// assert!(report.sections.iter().all(|s| s.score.is_none()));
/// ```
pub fn score(doc: &AnswersDocument) -> Result<Report, AnswersError> {
    score_with(questionnaire(doc.mode), doc)
}

/// Scores `doc` against a given questionnaire (tests, or a questionnaire loaded elsewhere).
pub fn score_with(
    questionnaire: &Questionnaire,
    doc: &AnswersDocument,
) -> Result<Report, AnswersError> {
    let answers = validated_answers(parts(doc), questionnaire)?;
    Ok(compute(questionnaire, &answers))
}

/// Scores a document borrowed from its JSON text ([`AnswersDocumentRef`], what the API's score
/// route reads) against the built-in questionnaire of its mode: the same report, and the same
/// first [`AnswersError`], as [`score`] gives for the owned document.
pub fn score_borrowed(doc: &AnswersDocumentRef<'_>) -> Result<Report, AnswersError> {
    let questionnaire = questionnaire(doc.mode);
    let answers = validated_answers(borrowed_parts(doc), questionnaire)?;
    Ok(compute(questionnaire, &answers))
}

/// Scores the answers document `text` when it is written plainly (see
/// [`AnswersDocumentRef::read_plain`]), as [`score_borrowed`] scores it; `None` when it is not
/// plain (read it with serde). With `learn`, a document that scores comes with its
/// [`Skeleton`] when its answers are laid out so that the next document of the same shape can
/// be matched against it: then [`Skeleton::score`] scores that next document.
pub fn score_plain(
    text: &str,
    learn: bool,
) -> Option<(Result<Report, AnswersError>, Option<Skeleton>)> {
    let (doc, codes) = if learn {
        crate::answers::read_with_codes(text)?
    } else {
        (AnswersDocumentRef::read_plain(text)?, None)
    };
    let report = score_borrowed(&doc);
    let skeleton = (report.is_ok())
        .then(|| Skeleton::learn(text, &doc, codes?))
        .flatten();
    Some((report, skeleton))
}

/// Sum of credits and count of answered, applicable requirements, plus how many are assessed.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    /// The credits in halves: yes earns 2, partial 1 (see [`assessment::credit`]).
    half_credits: u32,
    answered: u32,
    total: u32,
}

impl Tally {
    /// The tally of the requirements in `members`, from the states of a report's requirements.
    fn of(members: &RequirementSet, states: &States) -> Tally {
        Tally {
            half_credits: 2 * members.count_common(&states.yes)
                + members.count_common(&states.partial),
            answered: members.count_common(&states.answered),
            total: members.count_common(&states.total),
        }
    }

    /// Mean credit of the answered requirements, 0–1, unrounded. The credits are wholes and
    /// halves, so their sum is exact however it is added up (as a float, in catalog order, it
    /// gave these very bits).
    fn ratio(self) -> Option<f64> {
        (self.answered > 0).then(|| f64::from(self.half_credits) / 2.0 / f64::from(self.answered))
    }

    fn score(self) -> Option<f64> {
        self.ratio().map(|r| round_to(r * 100.0, 10.0))
    }
}

/// Which requirements of a report are counted ([`State::Unanswered`] or answered and
/// applicable), answered, answered yes and answered partly.
#[derive(Default)]
struct States {
    total: RequirementSet,
    answered: RequirementSet,
    yes: RequirementSet,
    partial: RequirementSet,
}

impl States {
    fn of(assessed: &[Assessed<'_>]) -> States {
        let mut states = States::default();
        for (position, a) in assessed.iter().enumerate() {
            match a.state {
                State::NotCovered | State::NotApplicable(_) => {}
                State::Unanswered => states.total.insert(position),
                State::Answered(value) => {
                    states.total.insert(position);
                    states.answered.insert(position);
                    match value {
                        AnswerValue::Yes => states.yes.insert(position),
                        AnswerValue::Partial => states.partial.insert(position),
                        _ => {}
                    }
                }
            }
        }
        states
    }
}

/// The report of a document validated against `questionnaire`; `answers` holds the answer to
/// each question by position, as validation found them.
pub(crate) fn compute(questionnaire: &Questionnaire, answers: &[Option<AnswerView<'_>>]) -> Report {
    let assessed = assessment::assess_answers(questionnaire, answers);
    let catalog = catalog();
    let index = catalog_index();

    // Each requirement's state as a bit in four sets; a section's, a kind's and an attribute
    // value's tally is then counted over its members' bits.
    let states = States::of(&assessed);
    let mut skipped = Skipped::default();
    for a in assessed.iter().filter(|a| a.state == State::NotCovered) {
        skipped.add(a.requirement);
    }
    let sections = (index.sections.iter())
        .zip(&index.section_members)
        .map(|(s, members)| section(s.id, s.title, s.kind, Tally::of(members, &states)))
        .collect();
    let attributes = (catalog.attribute_vocabulary.iter())
        .zip(&index.attribute_members)
        .map(|(value, members)| {
            let tally = Tally::of(members, &states);
            AttributeScore {
                attribute: value.kind,
                value: Text::from_static(value.value.as_str()),
                label: Text::from_static(value.label.as_str()),
                score: tally.score(),
                answered: tally.answered,
                total: tally.total,
            }
        })
        .collect();

    let clauses = Tally::of(&index.clause_members, &states);
    let controls = Tally::of(&index.control_members, &states);
    let overall = overall(clauses, controls);
    let progress = progress(questionnaire, answers);

    let findings::Findings {
        stage1: stage1_blockers,
        stage2: stage2_blockers,
        gaps,
    } = findings::findings(&assessed);
    let band = band(overall, progress, &stage1_blockers, &stage2_blockers);
    let not_assessed_note = not_assessed_note(questionnaire.mode, &skipped, assessed.len());
    let not_assessed = skipped.ids;

    Report {
        scoring_version: Text::from_static(SCORING_VERSION),
        questionnaire_version: questionnaire.version.clone(),
        mode: questionnaire.mode,
        progress,
        overall,
        sections,
        attributes,
        stage1_blockers,
        stage2_blockers,
        gaps,
        band,
        not_assessed,
        not_assessed_note,
    }
}

/// The requirements no question of the mode covers, gathered in catalog order.
#[derive(Debug, Default)]
struct Skipped {
    /// Their ids.
    ids: Vec<Text>,
    /// How many are clause requirements, and the first of them.
    clauses: (usize, Option<&'static Requirement<'static>>),
    /// How many are Annex A controls, and the first of them.
    controls: (usize, Option<&'static Requirement<'static>>),
}

impl Skipped {
    fn add(&mut self, requirement: &'static Requirement<'static>) {
        self.ids.push(Text::from_static(requirement.id));
        let (count, first) = match requirement.kind {
            RequirementKind::Clause => &mut self.clauses,
            RequirementKind::Control => &mut self.controls,
        };
        *count += 1;
        first.get_or_insert(requirement);
    }
}

/// "This quick assessment did not ask about 45 of the 123 requirements (…)": says in plain
/// words what the scores leave out, with an example of each kind, so nobody reads a quick
/// score as covering everything. `requirements` is how many the catalog has.
fn not_assessed_note(mode: Mode, skipped: &Skipped, requirements: usize) -> Option<String> {
    if skipped.ids.is_empty() {
        return None;
    }
    let example = |first: Option<&Requirement<'_>>| first.map(|r| format!("{} {}", r.id, r.title));
    let (clauses, clause_example) = (skipped.clauses.0, example(skipped.clauses.1));
    let (controls, control_example) = (skipped.controls.0, example(skipped.controls.1));
    let mut counts = Vec::new();
    if clauses > 0 {
        counts.push(counted(
            clauses,
            "clause requirement",
            "clause requirements",
        ));
    }
    if controls > 0 {
        counts.push(counted(controls, "Annex A control", "Annex A controls"));
    }
    let examples: Vec<String> = [clause_example, control_example]
        .into_iter()
        .flatten()
        .collect();
    let full = if mode == Mode::Quick {
        " The full assessment asks about every one of them."
    } else {
        ""
    };
    Some(format!(
        "This {} assessment did not ask about {} of the {} requirements ({}, such as {}): they are not assessed, so they are neither credited in any score nor counted as gaps.{full}",
        mode.as_str(),
        skipped.ids.len(),
        requirements,
        counts.join(" and "),
        examples.join(" and "),
    ))
}

/// "1 Annex A control", "40 Annex A controls".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn section(id: &'static str, title: &'static str, kind: SectionKind, tally: Tally) -> SectionScore {
    SectionScore {
        id: Text::from_static(id),
        title: Text::from_static(title),
        kind,
        score: tally.score(),
        answered: tally.answered,
        total: tally.total,
    }
}

/// Clauses 60 %, Annex A 40 %; a part with nothing answered drops out and the other takes the
/// whole weight; nothing answered at all gives 0.
fn overall(clauses: Tally, controls: Tally) -> f64 {
    let parts = [
        (clauses.ratio(), f64::from(CLAUSE_WEIGHT_PERCENT)),
        (controls.ratio(), f64::from(ANNEX_A_WEIGHT_PERCENT)),
    ];
    let (mut sum, mut weights) = (0.0, 0.0);
    for (ratio, weight) in parts {
        if let Some(ratio) = ratio {
            sum += ratio * weight;
            weights += weight;
        }
    }
    if weights == 0.0 {
        return 0.0;
    }
    round_to(sum / weights * 100.0, 10.0)
}

/// Answered questions over questions, both without the ones answered not_applicable; `answers`
/// holds the answer to each question by position.
fn progress(questionnaire: &Questionnaire, answers: &[Option<AnswerView<'_>>]) -> f64 {
    let mut asked = 0u32;
    let mut answered = 0u32;
    for answer in answers {
        match answer.map(|a| a.value) {
            Some(AnswerValue::NotApplicable) => {}
            Some(_) => {
                asked += 1;
                answered += 1;
            }
            None => asked += 1,
        }
    }
    if asked == 0 {
        return if questionnaire.questions.is_empty() {
            0.0
        } else {
            1.0
        };
    }
    round_to(f64::from(answered) / f64::from(asked), 1000.0)
}

fn band(overall: f64, progress: f64, stage1: &[Blocker], stage2: &[Blocker]) -> Band {
    let half_answered = progress >= 0.5;
    if overall >= 90.0 && progress >= 1.0 && stage1.is_empty() && stage2.is_empty() {
        Band::Ready
    } else if overall >= 75.0 && half_answered && stage1.is_empty() {
        Band::NearlyReady
    } else if overall >= 50.0 && half_answered {
        Band::Progressing
    } else if overall >= 20.0 {
        Band::Early
    } else {
        Band::NotReady
    }
}

/// `value` rounded half away from zero to `1/scale` (scale 10 → one decimal). Rounding is
/// non-decreasing, so it keeps every score monotonic in the answers.
pub(crate) fn round_to(value: f64, scale: f64) -> f64 {
    (value * scale).round() / scale
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::answers::Answer;
    use proptest::prelude::*;

    /// A section's or attribute value's (score, answered, total) by the definition: the
    /// requirements it holds, each credit added as a float in catalog order.
    fn by_definition(
        assessed: &[Assessed<'_>],
        holds: impl Fn(&Requirement<'static>) -> bool,
    ) -> (Option<f64>, u32, u32) {
        let (mut credit, mut answered, mut total) = (0.0, 0, 0);
        for a in assessed.iter().filter(|a| holds(a.requirement)) {
            match a.state {
                State::NotCovered | State::NotApplicable(_) => {}
                State::Unanswered => total += 1,
                State::Answered(value) => {
                    credit += assessment::credit(value);
                    answered += 1;
                    total += 1;
                }
            }
        }
        let score = (answered > 0).then(|| round_to(credit / f64::from(answered) * 100.0, 10.0));
        (score, answered, total)
    }

    fn value() -> impl Strategy<Value = Option<AnswerValue>> {
        prop_oneof![
            Just(None),
            Just(Some(AnswerValue::Yes)),
            Just(Some(AnswerValue::Partial)),
            Just(Some(AnswerValue::No)),
            Just(Some(AnswerValue::Unsure)),
            Just(Some(AnswerValue::NotApplicable)),
        ]
    }

    proptest! {
        /// Counting a tally over its members' bits gives what adding up each member gives, for
        /// every section, attribute value and the overall score, in both modes.
        #[test]
        fn every_tally_is_the_one_its_definition_gives(
            quick in any::<bool>(),
            values in proptest::collection::vec(value(), 130),
        ) {
            let mode = if quick { Mode::Quick } else { Mode::Full };
            let questions = &questionnaire(mode).questions;
            let mut doc = AnswersDocument {
                questionnaire_version: crate::QUESTIONNAIRE_VERSION.to_owned(),
                mode,
                profile: Default::default(),
                answers: Default::default(),
            };
            for (question, value) in questions.iter().zip(&values) {
                let Some(mut value) = *value else { continue };
                if value == AnswerValue::NotApplicable && !question.allows_not_applicable {
                    value = AnswerValue::Unsure;
                }
                let justification =
                    (value == AnswerValue::NotApplicable).then(|| "Not used".to_owned());
                doc.answers.insert(question.id.clone(), Answer { value, justification });
            }
            let report = score(&doc).expect("a valid document");
            let assessed = assess(questionnaire(mode), &doc);
            for s in &report.sections {
                let expected = by_definition(&assessed, |r| r.section_id == s.id.as_ref());
                prop_assert_eq!((s.score, s.answered, s.total), expected, "{}", s.id);
            }
            let catalog = catalog();
            for a in &report.attributes {
                let expected = by_definition(&assessed, |r| {
                    catalog.control(r.id).is_some_and(|c| {
                        c.attributes.values(a.attribute).iter().any(|v| *v == *a.value)
                    })
                });
                prop_assert_eq!((a.score, a.answered, a.total), expected, "{}", a.value);
            }
            let kind = |kind: RequirementKind| {
                let (mut credit, mut answered) = (0.0, 0);
                for a in assessed.iter().filter(|a| a.requirement.kind == kind) {
                    if let State::Answered(value) = a.state {
                        credit += assessment::credit(value);
                        answered += 1;
                    }
                }
                (answered > 0).then(|| credit / f64::from(answered))
            };
            let parts = [
                (kind(RequirementKind::Clause), f64::from(CLAUSE_WEIGHT_PERCENT)),
                (kind(RequirementKind::Control), f64::from(ANNEX_A_WEIGHT_PERCENT)),
            ];
            let weights: f64 = parts.iter().filter(|(r, _)| r.is_some()).map(|(_, w)| w).sum();
            let sum: f64 = parts.iter().filter_map(|(r, w)| r.map(|r| r * w)).sum();
            let overall = if weights == 0.0 { 0.0 } else { round_to(sum / weights * 100.0, 10.0) };
            prop_assert_eq!(report.overall.to_bits(), overall.to_bits());
        }
    }
}

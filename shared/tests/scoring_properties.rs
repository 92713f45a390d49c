//! Property tests of the scoring rules: every score stays within its bounds, and improving any
//! single answer (no/unsure → partial → yes) never lowers the overall, a section or an attribute
//! score — in full and in quick mode, with exclusions and unanswered questions mixed in.

// Native only: uses the file system (fixtures) or proptest, which does not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use annexa_shared::{
    Answer, AnswerValue, AnswersDocument, Mode, Profile, Report, questionnaire, score,
};
use proptest::prelude::*;

/// One question's state: unanswered, one of the four answers, or excluded when allowed.
fn answer_strategy() -> impl Strategy<Value = Option<AnswerValue>> {
    prop_oneof![
        2 => Just(None),
        3 => Just(Some(AnswerValue::Yes)),
        2 => Just(Some(AnswerValue::Partial)),
        2 => Just(Some(AnswerValue::No)),
        1 => Just(Some(AnswerValue::Unsure)),
        1 => Just(Some(AnswerValue::NotApplicable)),
    ]
}

fn document(mode: Mode, states: &[Option<AnswerValue>]) -> AnswersDocument {
    let mut doc = common::empty(mode, Profile::default());
    for (question, state) in questionnaire(mode).questions.iter().zip(states) {
        let Some(mut value) = *state else { continue };
        if value == AnswerValue::NotApplicable && !question.allows_not_applicable {
            value = AnswerValue::No;
        }
        let justification =
            (value == AnswerValue::NotApplicable).then(|| "Not used here".to_owned());
        doc.answers.insert(
            question.id.clone(),
            Answer {
                value,
                justification,
            },
        );
    }
    doc
}

/// The next better answer, or `None` when it cannot improve.
fn improve(value: AnswerValue) -> Option<AnswerValue> {
    match value {
        AnswerValue::No | AnswerValue::Unsure => Some(AnswerValue::Partial),
        AnswerValue::Partial => Some(AnswerValue::Yes),
        AnswerValue::Yes | AnswerValue::NotApplicable => None,
    }
}

fn assert_bounds(report: &Report) -> Result<(), TestCaseError> {
    prop_assert!((0.0..=100.0).contains(&report.overall));
    prop_assert!((0.0..=1.0).contains(&report.progress));
    for s in &report.sections {
        prop_assert!(s.answered <= s.total);
        if let Some(score) = s.score {
            prop_assert!((0.0..=100.0).contains(&score), "{} {score}", s.id);
        }
    }
    for a in &report.attributes {
        prop_assert!(a.answered <= a.total);
        if let Some(score) = a.score {
            prop_assert!((0.0..=100.0).contains(&score), "{} {score}", a.value);
        }
    }
    Ok(())
}

fn assert_not_lower(before: &Report, after: &Report) -> Result<(), TestCaseError> {
    prop_assert!(
        after.overall >= before.overall,
        "overall {} → {}",
        before.overall,
        after.overall
    );
    prop_assert_eq!(after.progress, before.progress);
    // Each section and attribute score, named, before and after.
    let sections = (before.sections.iter().zip(&after.sections))
        .map(|(b, a)| (format!("section {}", b.id), b.score, a.score));
    let attributes = (before.attributes.iter().zip(&after.attributes))
        .map(|(b, a)| (format!("attribute {}", b.value), b.score, a.score));
    for (name, b, a) in sections.chain(attributes) {
        prop_assert!(a >= b, "{name} {b:?} → {a:?}");
    }
    prop_assert!(after.gaps.len() <= before.gaps.len());
    prop_assert!(after.stage1_blockers.len() <= before.stage1_blockers.len());
    prop_assert!(after.stage2_blockers.len() <= before.stage2_blockers.len());
    prop_assert!(
        after.band >= before.band,
        "band {:?} → {:?}",
        before.band,
        after.band
    );
    Ok(())
}

fn check_monotonic(
    mode: Mode,
    states: Vec<Option<AnswerValue>>,
    pick: prop::sample::Index,
) -> Result<(), TestCaseError> {
    let doc = document(mode, &states);
    let before = score(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
    assert_bounds(&before)?;
    let answered: Vec<&String> = doc
        .answers
        .iter()
        .filter(|(_, a)| improve(a.value).is_some())
        .map(|(id, _)| id)
        .collect();
    if answered.is_empty() {
        return Ok(());
    }
    let id = answered[pick.index(answered.len())].clone();
    let mut better = doc.clone();
    let answer = better.answers.get_mut(&id).expect("picked among answered");
    answer.value = improve(answer.value).expect("picked among improvable");
    let after = score(&better).map_err(|e| TestCaseError::fail(e.to_string()))?;
    assert_bounds(&after)?;
    assert_not_lower(&before, &after)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn full_mode_scores_are_bounded_and_monotonic(
        states in prop::collection::vec(answer_strategy(), 123),
        pick in any::<prop::sample::Index>(),
    ) {
        check_monotonic(Mode::Full, states, pick)?;
    }

    #[test]
    fn quick_mode_scores_are_bounded_and_monotonic(
        states in prop::collection::vec(answer_strategy(), 25),
        pick in any::<prop::sample::Index>(),
    ) {
        check_monotonic(Mode::Quick, states, pick)?;
    }

    #[test]
    fn scoring_is_deterministic_and_round_trips_through_json(
        states in prop::collection::vec(answer_strategy(), 123),
    ) {
        let doc = document(Mode::Full, &states);
        let first = serde_json::to_string(&score(&doc).unwrap()).unwrap();
        let second = serde_json::to_string(&score(&doc).unwrap()).unwrap();
        prop_assert_eq!(&first, &second);
        let parsed: Report = serde_json::from_str(&first).unwrap();
        prop_assert_eq!(serde_json::to_string(&parsed).unwrap(), first);
    }

    #[test]
    fn excluding_a_control_never_changes_progress_denominator_of_others(
        states in prop::collection::vec(answer_strategy(), 123),
    ) {
        // Excluded questions leave progress as answered / (questions − excluded).
        let doc = document(Mode::Full, &states);
        let report = score(&doc).unwrap();
        let excluded = doc.answers.values().filter(|a| a.value == AnswerValue::NotApplicable).count();
        let answered = doc.answers.len() - excluded;
        let asked = 123 - excluded;
        let expected = (answered as f64 / asked as f64 * 1000.0).round() / 1000.0;
        prop_assert_eq!(report.progress, expected);
    }
}

/// The gap list's order, as the report promises it: most severe first; within a severity, what
/// is missing (no, unsure) before what is partly there; then catalog order.
fn assert_gap_order(report: &Report) -> Result<(), TestCaseError> {
    let position = |id: &str| {
        annexa_shared::catalog()
            .requirements()
            .position(|r| r.id == id)
            .expect("a catalog requirement")
    };
    let key = |gap: &annexa_shared::Gap| {
        (
            gap.severity,
            gap.answer == AnswerValue::Partial,
            position(&gap.requirement_id),
        )
    };
    for pair in report.gaps.windows(2) {
        prop_assert!(
            key(&pair[0]) < key(&pair[1]),
            "{} before {}",
            pair[0].requirement_id,
            pair[1].requirement_id
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// For any answers, either mode: the gaps come in their promised order (which also means
    /// each requirement once), each answered no, unsure or partly.
    #[test]
    fn gaps_come_most_urgent_first_then_missing_then_catalog_order(
        full in any::<bool>(),
        states in prop::collection::vec(answer_strategy(), 123),
    ) {
        let mode = if full { Mode::Full } else { Mode::Quick };
        let report = score(&document(mode, &states)).expect("a valid document scores");
        assert_gap_order(&report)?;
        for gap in &report.gaps {
            prop_assert!(matches!(
                gap.answer,
                AnswerValue::No | AnswerValue::Unsure | AnswerValue::Partial
            ));
        }
    }
}

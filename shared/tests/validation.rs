//! Invalid answers documents are refused with a message naming the question or profile field and
//! the value, a stable code and a JSON pointer.

mod common;

use annexa_shared::{
    Answer, AnswerValue, AnswersError, Mode, Profile, QUESTIONNAIRE_VERSION, Question,
    Questionnaire, score, scoring::score_with, statement_of_applicability,
    validation::validation_errors,
};
use common::{all, answer, empty, excluded, set};

#[test]
fn not_applicable_on_a_clause_is_refused_naming_the_question() {
    let mut doc = all(Mode::Full, AnswerValue::Yes);
    set(&mut doc, "6.1.2", excluded("We have no risks"));
    let error = score(&doc).unwrap_err();
    assert_eq!(error.code(), "not_applicable_on_clause");
    assert_eq!(error.pointer(), "/answers/q.6.1.2/value");
    let message = error.to_string();
    assert!(message.contains("q.6.1.2"), "{message}");
    assert!(message.contains("not_applicable"), "{message}");
    assert!(message.contains("mandatory"), "{message}");
}

#[test]
fn not_applicable_without_justification_is_refused() {
    for justification in [None, Some(""), Some("   \n\t")] {
        let mut doc = all(Mode::Full, AnswerValue::Yes);
        set(
            &mut doc,
            "A.7.4",
            Answer {
                value: AnswerValue::NotApplicable,
                justification: justification.map(str::to_owned),
            },
        );
        let error = score(&doc).unwrap_err();
        assert_eq!(error.code(), "missing_justification");
        assert_eq!(error.pointer(), "/answers/q.A.7.4/justification");
        assert!(error.to_string().contains("q.A.7.4"), "{error}");
    }
}

#[test]
fn overlong_justification_is_refused() {
    let mut doc = all(Mode::Full, AnswerValue::Yes);
    set(&mut doc, "A.7.4", excluded(&"x".repeat(2001)));
    let error = score(&doc).unwrap_err();
    assert_eq!(error.code(), "justification_too_long");
    assert!(error.to_string().contains("2001"), "{error}");
}

#[test]
fn unknown_question_and_version_are_refused() {
    let mut doc = all(Mode::Quick, AnswerValue::Yes);
    doc.answers
        .insert("q.A.5.1".into(), answer(AnswerValue::Yes));
    let error = score(&doc).unwrap_err();
    assert_eq!(error.code(), "unknown_question");
    assert_eq!(
        error.to_string(),
        "question 'q.A.5.1' is not part of the quick questionnaire"
    );
    assert_eq!(error.pointer(), "/answers/q.A.5.1");

    let mut doc = all(Mode::Full, AnswerValue::Yes);
    doc.questionnaire_version = "1999.9".into();
    let error = statement_of_applicability(&doc).unwrap_err();
    assert_eq!(error.code(), "unknown_questionnaire_version");
    assert!(error.to_string().contains("'1999.9'"), "{error}");
    assert_eq!(error.pointer(), "/questionnaire_version");
}

/// Answers saved under 2026.1 (before the organisation-facts question and the narrower quick
/// questions) keep working: they are read and scored as the current version.
#[test]
fn documents_of_an_earlier_readable_version_are_scored_as_the_current_one() {
    let mut doc = all(Mode::Quick, AnswerValue::Yes);
    doc.questionnaire_version = "2026.1".into();
    let report = score(&doc).unwrap();
    assert_eq!(report.questionnaire_version, QUESTIONNAIRE_VERSION);
    assert_eq!(report.overall, 100.0);
    let soa = statement_of_applicability(&doc).unwrap();
    assert_eq!(soa.questionnaire_version, QUESTIONNAIRE_VERSION);
    assert!(annexa_shared::questionnaire::reads_version("2026.1"));
    assert!(!annexa_shared::questionnaire::reads_version("2025.9"));
}

#[test]
fn profile_values_out_of_range_are_refused() {
    let cases = [
        (
            Profile {
                persons_in_scope: Some(0),
                ..Profile::default()
            },
            "persons_in_scope",
            "0",
        ),
        (
            Profile {
                persons_in_scope: Some(100_001),
                ..Profile::default()
            },
            "persons_in_scope",
            "100001",
        ),
        (
            Profile {
                sites: Some(0),
                ..Profile::default()
            },
            "sites",
            "0",
        ),
        (
            Profile {
                target_date: "1999-12-31".parse().ok(),
                ..Profile::default()
            },
            "target_date",
            "1999-12-31",
        ),
    ];
    for (profile, field, value) in cases {
        let error = score(&empty(Mode::Quick, profile)).unwrap_err();
        assert_eq!(error.code(), "profile_value_out_of_range");
        assert_eq!(error.pointer(), format!("/profile/{field}"));
        let message = error.to_string();
        assert!(
            message.contains(field) && message.contains(value),
            "{message}"
        );
    }
    let ok = Profile {
        persons_in_scope: Some(100_000),
        sites: Some(1),
        ..Profile::default()
    };
    assert!(score(&empty(Mode::Quick, ok)).is_ok());
}

#[test]
fn duplicate_profile_values_are_refused() {
    let profile = Profile {
        data: vec![
            annexa_shared::DataCategory::EuPersonal,
            annexa_shared::DataCategory::EuPersonal,
        ],
        ..Profile::default()
    };
    let error = score(&empty(Mode::Full, profile)).unwrap_err();
    assert_eq!(error.code(), "duplicate_profile_value");
    assert!(error.to_string().contains("'eu_personal'"), "{error}");
}

#[test]
fn every_problem_is_listed_in_a_stable_order() {
    let mut doc = all(Mode::Full, AnswerValue::Yes);
    doc.profile.persons_in_scope = Some(0);
    set(&mut doc, "4.1", excluded("n/a"));
    set(&mut doc, "A.5.7", excluded(""));
    doc.answers
        .insert("q.nope".into(), answer(AnswerValue::Yes));
    let errors = validation_errors(&doc, annexa_shared::questionnaire(Mode::Full));
    let codes: Vec<&str> = errors.iter().map(AnswersError::code).collect();
    assert_eq!(
        codes,
        [
            "profile_value_out_of_range",
            "not_applicable_on_clause",
            "missing_justification",
            "unknown_question"
        ]
    );
}

#[test]
fn a_question_that_does_not_allow_not_applicable_refuses_it() {
    // A hand-built questionnaire: one control question without the not_applicable option.
    let questionnaire = Questionnaire {
        version: "test".into(),
        mode: Mode::Quick,
        profile_questions: Vec::new(),
        questions: vec![Question {
            id: "t.backup".into(),
            section: "A.8".into(),
            text: "Backups?".into(),
            help: String::new(),
            requirement_ids: vec!["A.8.13".into()],
            allows_not_applicable: false,
        }],
    };
    let mut doc = empty(Mode::Quick, Profile::default());
    doc.questionnaire_version = "test".into();
    doc.answers
        .insert("t.backup".into(), excluded("We keep nothing"));
    let error = score_with(&questionnaire, &doc).unwrap_err();
    assert_eq!(error.code(), "not_applicable_not_allowed");
    assert_eq!(error.pointer(), "/answers/t.backup/value");

    doc.answers
        .insert("t.backup".into(), answer(AnswerValue::Partial));
    let report = score_with(&questionnaire, &doc).unwrap();
    assert_eq!(report.overall, 50.0);
    assert_eq!(report.progress, 1.0);
}

#[test]
fn pointer_segments_are_escaped() {
    let mut doc = empty(Mode::Full, Profile::default());
    doc.answers.insert("a/b~c".into(), answer(AnswerValue::Yes));
    assert_eq!(score(&doc).unwrap_err().pointer(), "/answers/a~1b~0c");
}

#[test]
fn answers_json_with_unknown_fields_or_values_does_not_parse() {
    let bad_value =
        r#"{"questionnaire_version":"2026.1","mode":"full","answers":{"q.4.1":{"value":"maybe"}}}"#;
    assert!(serde_json::from_str::<annexa_shared::AnswersDocument>(bad_value).is_err());
    let good =
        r#"{"questionnaire_version":"2026.1","mode":"full","answers":{"q.4.1":{"value":"yes"}}}"#;
    let doc: annexa_shared::AnswersDocument = serde_json::from_str(good).unwrap();
    assert_eq!(score(&doc).unwrap().sections[0].answered, 1);
}

#[test]
fn a_justification_is_limited_on_every_answer_not_only_not_applicable() {
    let mut doc = all(Mode::Full, AnswerValue::Yes);
    let id = doc.answers.keys().next().unwrap().clone();
    doc.answers.get_mut(&id).unwrap().justification = Some("x".repeat(2001));
    let error = score(&doc).unwrap_err();
    assert_eq!(error.code(), "justification_too_long");
    assert!(error.to_string().contains(&id), "{error}");
    doc.answers.get_mut(&id).unwrap().justification = Some("x".repeat(2000));
    assert!(score(&doc).is_ok());
}

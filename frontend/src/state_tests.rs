//! Reducer tests: the visitor's journey through a small questionnaire, without a browser.

use super::*;
use crate::flow;

fn questionnaire(mode: &str) -> &'static Questionnaire {
    let json = serde_json::json!({
        "version": QUESTIONNAIRE_VERSION,
        "mode": mode,
        "profile_questions": [
            {"id": "persons_in_scope", "text": "How many people?", "help": "Audit time.",
             "input": {"type": "number", "min": 1, "max": 100000}, "optional": false},
            {"id": "uses_cloud", "text": "Cloud?", "help": "A.5.23.",
             "input": {"type": "boolean"}, "optional": true}
        ],
        "questions": [
            {"id": "q.4.3", "section": "4", "text": "Scope written?", "help": "Mandatory.",
             "requirement_ids": ["4.3"], "allows_not_applicable": false},
            {"id": "q.6.1.2", "section": "6", "text": "Risk assessment?", "help": "Core.",
             "requirement_ids": ["6.1.2"], "allows_not_applicable": false},
            {"id": "q.A.7.4", "section": "A.7", "text": "Physical monitoring?", "help": "Offices.",
             "requirement_ids": ["A.7.4"], "allows_not_applicable": true}
        ]
    });
    Box::leak(Box::new(serde_json::from_value(json).unwrap()))
}

fn run(state: Assessment, actions: impl IntoIterator<Item = Action>) -> Assessment {
    actions.into_iter().fold(state, Assessment::apply)
}

fn answer(id: &str, value: AnswerValue) -> Action {
    Action::Answer {
        id: id.into(),
        value,
    }
}

#[test]
fn starting_shows_the_first_profile_question() {
    let state = run(
        Assessment::default(),
        [Action::Start(questionnaire("quick"))],
    );
    assert_eq!(state.screen, Screen::Step(0));
    assert_eq!(state.current_step().unwrap().id(), "persons_in_scope");
    assert_eq!(state.doc.mode, Mode::Quick);
}

#[test]
fn next_and_back_walk_the_steps_and_end_on_the_report() {
    let q = questionnaire("quick");
    let mut state = run(Assessment::default(), [Action::Start(q)]);
    for expected in ["uses_cloud", "q.4.3", "q.6.1.2", "q.A.7.4"] {
        state = state.apply(Action::Next);
        assert_eq!(state.current_step().unwrap().id(), expected);
    }
    state = state.apply(Action::Next);
    assert_eq!(state.screen, Screen::Report);
    state = state.apply(Action::Back);
    assert_eq!(state.current_step().unwrap().id(), "q.A.7.4");
    let first = run(Assessment::default(), [Action::Start(q), Action::Back]);
    assert_eq!(
        first.screen,
        Screen::Step(0),
        "back on the first step stays there"
    );
}

#[test]
fn not_applicable_needs_a_justification_before_moving_on() {
    let q = questionnaire("quick");
    let state = run(
        Assessment::default(),
        [Action::Start(q), Action::JumpToSection("A.7".into())],
    );
    assert_eq!(state.current_step().unwrap().id(), "q.A.7.4");
    let state = run(
        state,
        [answer("q.A.7.4", AnswerValue::NotApplicable), Action::Next],
    );
    assert_eq!(state.screen, Screen::Step(4), "stays on the step");
    assert_eq!(state.problem, Some(StepProblem::NeedJustification));
    assert!(
        state.scorable_document().answers.is_empty(),
        "incomplete N/A is not scored"
    );

    let state = run(
        state,
        [Action::Justify {
            id: "q.A.7.4".into(),
            text: "No offices: fully remote".into(),
        }],
    );
    assert_eq!(
        state.problem, None,
        "the inline message goes away once justified"
    );
    let state = state.apply(Action::Next);
    assert_eq!(state.screen, Screen::Report);
    let scored = state.scorable_document();
    assert_eq!(
        scored.answers["q.A.7.4"].justification.as_deref(),
        Some("No offices: fully remote")
    );
}

#[test]
fn clause_questions_refuse_not_applicable() {
    let state = run(
        Assessment::default(),
        [
            Action::Start(questionnaire("quick")),
            answer("q.4.3", AnswerValue::NotApplicable),
        ],
    );
    assert!(!state.doc.answers.contains_key("q.4.3"));
}

#[test]
fn changing_away_from_not_applicable_drops_the_justification() {
    let state = run(
        Assessment::default(),
        [
            Action::Start(questionnaire("quick")),
            answer("q.A.7.4", AnswerValue::NotApplicable),
            Action::Justify {
                id: "q.A.7.4".into(),
                text: "Remote".into(),
            },
            answer("q.A.7.4", AnswerValue::Partial),
        ],
    );
    assert_eq!(
        state.doc.answers["q.A.7.4"],
        Answer {
            value: AnswerValue::Partial,
            justification: None
        }
    );
}

#[test]
fn profile_fields_accept_only_values_the_profile_type_accepts() {
    let state = run(
        Assessment::default(),
        [
            Action::Start(questionnaire("quick")),
            Action::SetProfile {
                field: "persons_in_scope".into(),
                value: Some(ProfileValue::Number(42)),
            },
            Action::SetProfile {
                field: "uses_cloud".into(),
                value: Some(ProfileValue::Choice("maybe".into())),
            },
        ],
    );
    assert_eq!(state.doc.profile.persons_in_scope, Some(42));
    assert_eq!(state.doc.profile.uses_cloud, None);
    assert_eq!(
        state.profile_value("persons_in_scope"),
        Some(ProfileValue::Number(42))
    );
    let cleared = state.apply(Action::SetProfile {
        field: "persons_in_scope".into(),
        value: None,
    });
    assert_eq!(cleared.doc.profile.persons_in_scope, None);
}

#[test]
fn progress_counts_profile_and_scorable_answers() {
    let q = questionnaire("quick");
    let state = run(
        Assessment::default(),
        [
            Action::Start(q),
            Action::SetProfile {
                field: "uses_cloud".into(),
                value: Some(ProfileValue::Bool(true)),
            },
            answer("q.4.3", AnswerValue::Yes),
            answer("q.A.7.4", AnswerValue::NotApplicable),
        ],
    );
    assert_eq!(flow::answered(q, &state.doc), (2, 5));
}

#[test]
fn sections_follow_the_asking_order_with_titles_from_the_catalog() {
    let sections = flow::sections(questionnaire("quick"));
    let ids: Vec<_> = sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["profile", "4", "6", "A.7"]);
    assert_eq!(
        sections[1].title.as_deref(),
        Some("4 Context of the organization")
    );
    assert_eq!(sections[3].title.as_deref(), Some("A.7 Physical controls"));
    assert_eq!((sections[2].first_step, sections[2].len), (3, 1));
}

#[test]
fn saved_progress_restores_the_same_screen_and_answers() {
    let q = questionnaire("quick");
    let before = run(
        Assessment::default(),
        [
            Action::Start(q),
            Action::Next,
            Action::Next,
            answer("q.4.3", AnswerValue::Partial),
        ],
    );
    let json = before.saved().to_json();
    let saved = SavedAssessment::from_json_text(&json).unwrap();
    assert_eq!(saved, before.saved());
    let after = Assessment::default().apply(Action::Restore(saved, q));
    assert_eq!(after.screen, Screen::Step(2));
    assert_eq!(after.doc, before.doc);
}

#[test]
fn saved_progress_of_another_version_or_mode_is_ignored() {
    let q = questionnaire("quick");
    let mut saved = run(Assessment::default(), [Action::Start(q)]).saved();
    saved.answers.questionnaire_version = "1999.1".into();
    assert_eq!(
        Assessment::default()
            .apply(Action::Restore(saved.clone(), q))
            .screen,
        Screen::Start
    );
    // Saved under 2026.1, which the rules still read: it carries over as the current version.
    saved.answers.questionnaire_version = "2026.1".into();
    let restored = Assessment::default().apply(Action::Restore(saved.clone(), q));
    assert_ne!(restored.screen, Screen::Start);
    assert_eq!(restored.doc.questionnaire_version, QUESTIONNAIRE_VERSION);
    saved.answers.questionnaire_version = QUESTIONNAIRE_VERSION.into();
    let full = questionnaire("full");
    assert_eq!(
        Assessment::default()
            .apply(Action::Restore(saved, full))
            .screen,
        Screen::Start
    );
}

#[test]
fn switching_mode_keeps_the_profile_but_not_the_answers() {
    let state = run(
        Assessment::default(),
        [
            Action::Start(questionnaire("quick")),
            Action::SetProfile {
                field: "persons_in_scope".into(),
                value: Some(ProfileValue::Number(12)),
            },
            answer("q.4.3", AnswerValue::Yes),
            Action::Start(questionnaire("full")),
        ],
    );
    assert_eq!(state.doc.mode, Mode::Full);
    assert_eq!(state.doc.profile.persons_in_scope, Some(12));
    assert!(state.doc.answers.is_empty());
}

#[test]
fn start_over_forgets_everything() {
    let state = run(
        Assessment::default(),
        [
            Action::Start(questionnaire("quick")),
            answer("q.4.3", AnswerValue::Yes),
            Action::StartOver,
        ],
    );
    assert_eq!(state.screen, Screen::Start);
    assert!(state.doc.answers.is_empty());
    assert!(state.questionnaire.is_none());
}

fn open_sections<const N: usize>(ids: [&str; N]) -> OpenSections {
    ids.map(str::to_owned)
        .into_iter()
        .collect::<BTreeSet<String>>()
        .into()
}

#[test]
fn report_sections_start_with_the_first_open_and_their_state_is_saved() {
    let q = questionnaire("quick");
    let state = run(
        Assessment::default(),
        [Action::Start(q), Action::ShowReport],
    );
    assert_eq!(state.open_sections, open_sections(["scores"]));
    let state = run(
        state,
        [
            Action::ToggleSection("scores".into()),
            Action::ToggleSection("soa".into()),
        ],
    );
    assert_eq!(state.open_sections, open_sections(["soa"]));
    let json = serde_json::to_string(&state.saved()).unwrap();
    let saved = SavedAssessment::from_json_text(&json).unwrap();
    let restored = Assessment::default().apply(Action::Restore(saved, q));
    assert_eq!(restored.open_sections, open_sections(["soa"]));
    // Progress saved before sections existed opens the first one.
    let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
    old.as_object_mut().unwrap().remove("open_sections");
    let saved = SavedAssessment::from_json_text(&old.to_string()).unwrap();
    let restored = Assessment::default().apply(Action::Restore(saved, q));
    assert_eq!(restored.open_sections, default_open_sections());
}

/// The widget reads saved progress without serde; it must read what serde reads, to the same
/// value, and refuse what serde refuses.
fn read_as_serde_does(text: &str) {
    assert_eq!(
        SavedAssessment::from_json_text(text),
        serde_json::from_str::<SavedAssessment>(text).ok(),
        "{text}"
    );
}

#[test]
fn saved_progress_is_read_as_serde_reads_it() {
    let q = questionnaire("quick");
    let state = run(
        Assessment::default(),
        [
            Action::Start(q),
            Action::SetProfile {
                field: "persons_in_scope".into(),
                value: Some(ProfileValue::Number(40)),
            },
            Action::Next,
            answer("q.4.3", AnswerValue::Partial),
            answer("q.A.7.4", AnswerValue::NotApplicable),
            Action::Justify {
                id: "q.A.7.4".into(),
                text: "No \"offices\" — é 😀".into(),
            },
            Action::ToggleSection("soa".into()),
        ],
    );
    let json = serde_json::to_string(&state.saved()).unwrap();
    let doc = serde_json::to_string(&state.saved().answers).unwrap();
    for text in [
        json.clone(),
        format!(r#"{{"screen":"start","answers":{doc}}}"#),
        format!(r#"{{"screen":"report","answers":{doc},"open_sections":[]}}"#),
        format!(r#"{{"screen":{{"report":null}},"answers":{doc}}}"#),
        format!(r#"{{"screen":{{"step":7}},"answers":{doc},"extra":[1,{{"a":null}}]}}"#),
        format!(r#"{{"screen":{{"step":-1}},"answers":{doc}}}"#),
        format!(r#"{{"screen":{{"step":1.5}},"answers":{doc}}}"#),
        format!(r#"{{"screen":{{"step":1,"x":2}},"answers":{doc}}}"#),
        format!(r#"{{"screen":"step","answers":{doc}}}"#),
        format!(r#"{{"screen":"elsewhere","answers":{doc}}}"#),
        format!(r#"{{"screen":"start","answers":{doc},"open_sections":null}}"#),
        format!(r#"{{"screen":"start","answers":{doc},"open_sections":["a",1]}}"#),
        format!(r#"{{"screen":"start","answers":{doc},"open_sections":["b","a","b"]}}"#),
        format!(r#"{{"screen":"start","screen":"report","answers":{doc}}}"#),
        format!(r#"{{"screen":"start","extra":1,"extra":2,"answers":{doc}}}"#),
        format!(r#"{{"answers":{doc}}}"#),
        r#"{"screen":"start"}"#.to_owned(),
        "null".to_owned(),
        String::new(),
    ] {
        read_as_serde_does(&text);
    }
    // Every one-character cut and change of what the widget saves.
    let chars: Vec<char> = json.chars().collect();
    for i in 0..chars.len() {
        let mut cut = chars.clone();
        cut.remove(i);
        read_as_serde_does(&cut.iter().collect::<String>());
        for c in ['"', '}', ']', ',', 'x', '0'] {
            let mut changed = chars.clone();
            changed[i] = c;
            read_as_serde_does(&changed.iter().collect::<String>());
        }
    }
}

#[test]
fn continuing_with_the_full_assessment_carries_the_quick_answers_over() {
    let quick = annexa_shared::questionnaire::questionnaire(Mode::Quick);
    let full = annexa_shared::questionnaire::questionnaire(Mode::Full);
    let mut state = run(Assessment::default(), [Action::Start(quick)]);
    state = state.apply(Action::SetProfile {
        field: "persons_in_scope".into(),
        value: Some(ProfileValue::Number(40)),
    });
    for question in &quick.questions {
        state = state.apply(Action::Answer {
            id: question.id.clone(),
            value: AnswerValue::Partial,
        });
    }
    let state = state
        .apply(Action::ShowReport)
        .apply(Action::ContinueFull(full));
    assert_eq!(state.doc.mode, Mode::Full);
    assert_eq!(state.doc.profile.persons_in_scope, Some(40));
    // Every requirement a quick question asked about is answered in the full questionnaire.
    let asked: BTreeSet<&str> = quick
        .questions
        .iter()
        .flat_map(|q| q.requirement_ids.iter().map(String::as_str))
        .collect();
    assert_eq!(state.doc.answers.len(), asked.len());
    assert!(
        state
            .doc
            .answers
            .values()
            .all(|a| a.value == AnswerValue::Partial)
    );
    // The visitor goes on at the first full question the quick answers did not cover.
    let Some(Step::Question(next)) = state.current_step() else {
        panic!("a question step, got {:?}", state.screen);
    };
    assert!(!state.doc.answers.contains_key(&next.id));
    assert!(state.scorable_document().answers.len() == asked.len());
}

#[test]
fn the_most_cautious_quick_answer_wins_for_a_shared_requirement() {
    let quick: Questionnaire = serde_json::from_value(serde_json::json!({
        "version": QUESTIONNAIRE_VERSION, "mode": "quick", "profile_questions": [],
        "questions": [
            {"id": "quick.risk", "section": "6", "text": "Risks assessed?", "help": "",
             "requirement_ids": ["6.1.2", "8.2"], "allows_not_applicable": false},
            {"id": "quick.method", "section": "6", "text": "Method written?", "help": "",
             "requirement_ids": ["6.1.2"], "allows_not_applicable": false},
            {"id": "quick.cameras", "section": "A.7", "text": "Cameras?", "help": "",
             "requirement_ids": ["A.7.4"], "allows_not_applicable": true}
        ]
    }))
    .unwrap();
    let full = annexa_shared::questionnaire::questionnaire(Mode::Full);
    let given = |value, justification: Option<&str>| Answer {
        value,
        justification: justification.map(String::from),
    };
    let answers = BTreeMap::from([
        ("quick.risk".to_owned(), given(AnswerValue::Yes, None)),
        ("quick.method".to_owned(), given(AnswerValue::No, None)),
        (
            "quick.cameras".to_owned(),
            given(AnswerValue::NotApplicable, Some("No offices")),
        ),
    ]);
    let carried = carry_over(&quick, &answers, full);
    assert_eq!(carried["q.6.1.2"].value, AnswerValue::No);
    assert_eq!(carried["q.8.2"].value, AnswerValue::Yes);
    assert_eq!(
        carried["q.A.7.4"],
        given(AnswerValue::NotApplicable, Some("No offices"))
    );
    assert_eq!(carried.len(), 3);
}

/// Saved progress as the widget writes it ([`WriteJson`]) against serde_json, on arbitrary
/// screens, open sections and documents (strings with control characters, quotes, backslashes
/// and any other character). The answers document's own writer is checked on every field in
/// `annexa-shared`'s `tests/json_write.rs`.
#[cfg(not(target_arch = "wasm32"))]
mod written_as_serde {
    use super::*;
    use annexa_shared::{Date, Sector};
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        let character = prop_oneof![
            3 => any::<char>(),
            2 => prop::char::range('\0', '\u{1f}'),
            1 => Just('"'),
            1 => Just('\\'),
            1 => Just('\u{7f}'),
        ];
        prop::collection::vec(character, 0..16).prop_map(|chars| chars.into_iter().collect())
    }

    fn screen() -> impl Strategy<Value = Screen> {
        prop_oneof![
            Just(Screen::Start),
            Just(Screen::Report),
            any::<usize>().prop_map(Screen::Step),
        ]
    }

    fn document() -> impl Strategy<Value = AnswersDocument> {
        let answer = (
            prop::sample::select(
                &[
                    AnswerValue::Yes,
                    AnswerValue::Partial,
                    AnswerValue::No,
                    AnswerValue::Unsure,
                    AnswerValue::NotApplicable,
                ][..],
            ),
            prop::option::of(text()),
        )
            .prop_map(|(value, justification)| Answer {
                value,
                justification,
            });
        (
            text(),
            prop::sample::select(&[Mode::Quick, Mode::Full][..]),
            prop::option::of(any::<u32>()),
            prop::option::of(prop::sample::select(Sector::ALL)),
            prop::option::of((1i32..=9999, 1u8..=12, 1u8..=28)),
            prop::collection::btree_map(text(), answer, 0..6),
        )
            .prop_map(|(version, mode, persons, sector, day, answers)| {
                let profile = Profile {
                    persons_in_scope: persons,
                    sector,
                    target_date: day.and_then(|(y, m, d)| Date::new(y, m, d)),
                    ..Profile::default()
                };
                AnswersDocument {
                    questionnaire_version: version,
                    mode,
                    profile,
                    answers,
                }
            })
    }

    fn saved() -> impl Strategy<Value = SavedAssessment> {
        (
            screen(),
            document(),
            prop::collection::btree_set(text(), 0..4),
        )
            .prop_map(|(screen, answers, open_sections)| SavedAssessment {
                screen,
                answers,
                open_sections: open_sections.into(),
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]

        #[test]
        fn saved_progress_is_written_as_serde_json_writes_it(saved in saved()) {
            let ours = saved.to_json();
            prop_assert_eq!(&ours, &serde_json::to_string(&saved).unwrap());
            prop_assert_eq!(SavedAssessment::from_json_text(&ours), Some(saved));
        }

        /// The open sections as a sorted `Vec` behave as the `BTreeSet` they replaced: any
        /// sequence of toggles over a few ids leaves the same ids open, in the same order.
        #[test]
        fn open_sections_toggle_as_a_set_does(
            toggles in prop::collection::vec(prop::sample::select(vec!["", "a", "b", "ab", "soa", "scores"]), 0..24),
        ) {
            let mut open = OpenSections::default();
            let mut set = BTreeSet::new();
            for id in toggles {
                open.toggle(id);
                if !set.remove(id) {
                    set.insert(id.to_owned());
                }
                for probe in ["", "a", "b", "ab", "soa", "scores", "z"] {
                    prop_assert_eq!(open.contains(probe), set.contains(probe));
                }
            }
            prop_assert_eq!(BTreeSet::from(open), set);
        }
    }
}

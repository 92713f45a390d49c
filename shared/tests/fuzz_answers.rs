//! Bounded fuzz campaign (proptest, fixed seed and case count; nightly cargo-fuzz is not
//! available here) for answers documents: arbitrary JSON shapes — near-valid documents with
//! random question ids, values, justifications and profile fields, and wholly arbitrary JSON —
//! go through `serde_json::from_str::<AnswersDocument>` and `score`. Neither ever panics; a
//! refused document's error names the offending question; an accepted one scores within bounds,
//! deterministically. The committed corpus `tests/corpus/answers/*.json` is replayed first.
//! Every case is also read as the borrowed document the API's score route reads
//! (`AnswersDocumentRef`), which must accept exactly the same texts and score them to the same
//! report or the same error.

#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use annexa_shared::{
    AnswersDocument, AnswersDocumentRef, AnswersError, Mode, questionnaire, score, score_borrowed,
};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

mod common;
use serde_json::{Map, Value, json};

/// Cases per campaign: a few seconds on the 2-core CI machine.
const CASES: u32 = 400;

fn runner(seed: u8) -> TestRunner {
    common::seeded::runner(CASES, seed)
}

/// Any JSON value, up to a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        "\\PC{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn question_id() -> impl Strategy<Value = String> {
    let full: Vec<String> = questionnaire(Mode::Full)
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    let quick: Vec<String> = questionnaire(Mode::Quick)
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    prop_oneof![
        6 => prop::sample::select(full),
        3 => prop::sample::select(quick),
        1 => "\\PC{0,12}",
        1 => Just("q.A.5.1/x~y".to_owned()),
    ]
}

fn answer_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => prop::sample::select(vec!["yes", "partial", "no", "unsure", "not_applicable"]).prop_map(Value::from),
        1 => "\\PC{0,10}".prop_map(Value::from),
        1 => any_json(),
    ]
}

fn answer() -> impl Strategy<Value = Value> {
    (
        answer_value(),
        prop::option::of(prop_oneof![
            4 => "\\PC{0,40}".prop_map(Value::from),
            1 => (1995usize..2100).prop_map(|n| Value::from("x".repeat(n))),
            1 => any_json(),
        ]),
        prop::option::of(any_json()),
    )
        .prop_map(|(value, justification, extra)| {
            let mut answer = Map::new();
            answer.insert("value".into(), value);
            if let Some(j) = justification {
                answer.insert("justification".into(), j);
            }
            if let Some(extra) = extra {
                answer.insert("note".into(), extra);
            }
            Value::Object(answer)
        })
}

fn profile() -> impl Strategy<Value = Value> {
    let field = prop_oneof![
        (
            "persons_in_scope",
            prop_oneof![
                any::<i64>().prop_map(Value::from),
                (0u32..200_000).prop_map(Value::from)
            ]
        ),
        (
            "sites",
            prop_oneof![
                any::<i32>().prop_map(Value::from),
                (0u32..500).prop_map(Value::from)
            ]
        ),
        (
            "sector",
            prop::sample::select(vec![
                "finance", "health", "public", "software", "other", "??"
            ])
            .prop_map(Value::from)
        ),
        ("develops_software", any::<bool>().prop_map(Value::from)),
        ("uses_cloud", any::<bool>().prop_map(Value::from)),
        (
            "data",
            prop::collection::vec(
                prop::sample::select(vec!["personal", "health", "payment", "personal"])
                    .prop_map(Value::from),
                0..4
            )
            .prop_map(Value::Array)
        ),
        (
            "target_date",
            prop::sample::select(vec![
                "2027-01-31",
                "2026-02-30",
                "1900-01-01",
                "9999-12-31",
                "x"
            ])
            .prop_map(Value::from)
        ),
        ("security_staff", any::<i64>().prop_map(Value::from)),
        ("recent_breach", any_json()),
    ];
    prop::collection::vec(field, 0..6).prop_map(|fields| {
        Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    })
}

/// Near-valid documents, sometimes with a member broken or missing.
fn document() -> impl Strategy<Value = Value> {
    (
        prop_oneof![8 => Just(Value::from(annexa_shared::QUESTIONNAIRE_VERSION)), 1 => "\\PC{0,8}".prop_map(Value::from), 1 => any_json()],
        prop_oneof![5 => Just(Value::from("quick")), 5 => Just(Value::from("full")), 1 => any_json()],
        prop::option::of(profile()),
        prop::collection::btree_map(question_id(), answer(), 0..30),
        0u8..12,
    )
        .prop_map(|(version, mode, profile, answers, drop)| {
            let mut doc = json!({ "questionnaire_version": version, "mode": mode });
            if let Some(profile) = profile {
                doc["profile"] = profile;
            }
            doc["answers"] = Value::Object(answers.into_iter().collect());
            if let Some(object) = doc.as_object_mut() {
                match drop {
                    0 => {
                        object.remove("mode");
                    }
                    1 => {
                        object.insert("extra".into(), Value::Null);
                    }
                    _ => {}
                }
            }
            doc
        })
}

/// What happened to one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    NotADocument,
    Refused,
    Scored,
}

/// Mostly valid documents: the questions of the document's own mode, valid values, now and then
/// an exclusion (with a justification, allowed or not) and a random profile.
fn mostly_valid_document() -> impl Strategy<Value = Value> {
    (
        any::<bool>(),
        prop::collection::vec(0u8..24, 123),
        prop::option::weighted(0.3, profile()),
    )
        .prop_map(|(full, picks, profile)| {
            let mode = if full { Mode::Full } else { Mode::Quick };
            let mut answers = Map::new();
            for (question, pick) in questionnaire(mode).questions.iter().zip(picks) {
                let answer = match pick {
                    0..=5 => continue,
                    6..=10 => json!({ "value": "yes" }),
                    11..=15 => json!({ "value": "partial" }),
                    16..=19 => json!({ "value": "no" }),
                    20..=22 => json!({ "value": "unsure" }),
                    _ => json!({ "value": "not_applicable", "justification": "Not used here" }),
                };
                answers.insert(question.id.clone(), answer);
            }
            let mut doc = json!({
                "questionnaire_version": annexa_shared::QUESTIONNAIRE_VERSION,
                "mode": mode.as_str(),
                "answers": answers,
            });
            if let Some(profile) = profile {
                doc["profile"] = profile;
            }
            doc
        })
}

/// The property: parse and score never panic; errors name what is wrong; results are bounded.
/// The widget's reader (`AnswersDocument::from_json_text`, without serde) reads exactly the
/// same documents.
fn check(text: &str) -> Result<Outcome, TestCaseError> {
    let borrowed = serde_json::from_str::<AnswersDocumentRef<'_>>(text);
    // The score route's shortcut (plain documents without serde) reads nothing serde refuses,
    // and to the same document.
    if let Some(plain) = AnswersDocumentRef::read_plain(text) {
        prop_assert_eq!(
            Some(&plain),
            borrowed.as_ref().ok(),
            "the plain reader and serde differ on {}",
            text
        );
    }
    prop_assert_eq!(
        AnswersDocument::from_json_text(text),
        serde_json::from_str::<AnswersDocument>(text).ok(),
        "the widget's reader and serde differ on {}",
        text
    );
    let Ok(doc) = serde_json::from_str::<AnswersDocument>(text) else {
        prop_assert!(
            borrowed.is_err(),
            "the borrowed document reads what the owned one refuses"
        );
        return Ok(Outcome::NotADocument);
    };
    let borrowed = borrowed.map_err(|e| {
        TestCaseError::fail(format!(
            "the borrowed document refuses what the owned one reads: {e}"
        ))
    })?;
    prop_assert_eq!(&borrowed.to_owned_document(), &doc);
    prop_assert_eq!(score_borrowed(&borrowed), score(&doc));
    match score(&doc) {
        Ok(report) => {
            prop_assert!(
                (0.0..=100.0).contains(&report.overall),
                "overall {}",
                report.overall
            );
            let again = score(&doc).expect("same document, same result");
            prop_assert_eq!(
                serde_json::to_string(&report).unwrap(),
                serde_json::to_string(&again).unwrap()
            );
            Ok(Outcome::Scored)
        }
        Err(error) => {
            check_error(&doc, &error)?;
            Ok(Outcome::Refused)
        }
    }
}

fn check_error(doc: &AnswersDocument, error: &AnswersError) -> Result<(), TestCaseError> {
    let pointer = error.pointer();
    prop_assert!(!error.to_string().is_empty());
    if let Some(rest) = pointer.strip_prefix("/answers/") {
        let id = rest
            .split('/')
            .next()
            .unwrap_or_default()
            .replace("~1", "/")
            .replace("~0", "~");
        prop_assert!(
            doc.answers.contains_key(&id),
            "error {} names {id:?}, which the document does not answer",
            error
        );
        prop_assert!(
            error.to_string().contains(&id) || id.is_empty(),
            "the message names the question: {}",
            error
        );
    } else {
        prop_assert!(
            pointer == "/questionnaire_version" || pointer.starts_with("/profile/"),
            "unexpected pointer {pointer} for {error}"
        );
    }
    Ok(())
}

fn corpus(kind: &str) -> Vec<(PathBuf, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/corpus")
        .join(kind);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            (path, text)
        })
        .collect()
}

#[test]
fn corpus_replays_without_panic() {
    let files = corpus("answers");
    assert!(files.len() >= 5, "the answers corpus is committed");
    for (path, text) in files {
        check(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

#[test]
fn near_valid_documents_never_panic() {
    let outcomes = std::sync::Mutex::new(Vec::new());
    runner(11)
        .run(&prop_oneof![document(), mostly_valid_document()], |doc| {
            outcomes.lock().unwrap().push(check(&doc.to_string())?);
            Ok(())
        })
        .unwrap();
    // The campaign reaches the scorer both ways, not only the parser.
    let outcomes = outcomes.into_inner().unwrap();
    for outcome in [Outcome::Scored, Outcome::Refused, Outcome::NotADocument] {
        let n = outcomes.iter().filter(|o| **o == outcome).count();
        assert!(
            n >= 10,
            "only {n} of {} cases were {outcome:?}",
            outcomes.len()
        );
    }
}

#[test]
fn arbitrary_json_never_panics() {
    runner(12)
        .run(&any_json(), |value| check(&value.to_string()).map(|_| ()))
        .unwrap();
}

#[test]
fn truncated_and_mutated_text_never_panics() {
    let base = serde_json::to_string(&json!({
        "questionnaire_version": annexa_shared::QUESTIONNAIRE_VERSION,
        "mode": "quick",
        "answers": { "quick.scope": { "value": "yes" } }
    }))
    .unwrap();
    let strategy = (0..=base.len(), any::<u8>(), 0..=base.len());
    runner(13)
        .run(&strategy, |(cut, byte, at)| {
            let mut bytes = base.as_bytes()[..cut].to_vec();
            bytes.insert(at.min(bytes.len()), byte);
            check(&String::from_utf8_lossy(&bytes)).map(|_| ())
        })
        .unwrap();
}

//! [`Skeleton`]: a plain answers document's bytes apart from its answers' codes, learnt from
//! one document and matched against the next.
//!
//! A program that sends answers documents writes them alike: the same serialiser, the same
//! questionnaire, the same questions answered, in the same order. Two of its documents then
//! differ only in their codes (`"yes"` here, `"partial"` there). Reading such a document piece
//! by piece, matching its ids to questions and checking it again was half of the score route's
//! work on the full questionnaire (7.0 µs). Matched against the skeleton of the one before, its
//! bytes between codes are compared in runs, and each code is read where the skeleton says: its
//! question is known already (the route's work: 4.0 µs).
//!
//! The skeleton is learnt only from a document that read plainly ([`super::plain`]), with its
//! answers in id order, every id a question, and that passed validation. A document that
//! matches it is that document with other codes, so it reads as the same document with those
//! codes: the same questions answered, the same profile and version, the same justifications.
//! It is as valid as the first, but for `not_applicable`, whose rules (a question that allows
//! it, a justification) the learnt document's answer met only where it answered
//! `not_applicable` too. So a document answering `not_applicable` anywhere else does not match,
//! and is read the ordinary way, which says what is wrong. What a match gives is what reading
//! and validating the document would give.

use std::ops::Range;

use super::plain::quoted_code_at;
use super::{AnswerValue, AnswerView, AnswersDocumentRef};
use crate::questionnaire::{Mode, questionnaire};
use crate::scoring::Report;

/// A plain, valid answers document's text with where its codes are (see the module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skeleton {
    /// The document it was learnt from.
    text: Box<[u8]>,
    mode: Mode,
    /// Each answer's code in `text`, in the document's order, and its question's position.
    codes: Box<[Code]>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Code {
    /// From the code's opening quote to after its closing one.
    at: Range<usize>,
    question: usize,
    /// The answer's justification, the same in every document that matches.
    justification: Option<Box<str>>,
    /// The learnt document answered `not_applicable` here: a match may too.
    not_applicable: bool,
}

impl Skeleton {
    /// The skeleton of `text`, read plainly as `doc` with its answers' codes at `codes` (in
    /// the document's order: [`super::plain::read_with_codes`]). `doc` must be valid (the
    /// caller has validated it); `None` when an answer's id is no question of its mode.
    pub(crate) fn learn(
        text: &str,
        doc: &AnswersDocumentRef<'_>,
        codes: Vec<Range<usize>>,
    ) -> Option<Skeleton> {
        let questionnaire = questionnaire(doc.mode);
        let index = crate::scoring::questionnaire_index(questionnaire);
        let positions = index.match_answers(doc.answer_views());
        if codes.len() != doc.answers().len() {
            return None;
        }
        let codes = (codes.into_iter().zip(positions))
            .map(|(at, (_, answer, question))| {
                Some(Code {
                    at,
                    question: question?,
                    justification: answer.justification.map(Box::from),
                    not_applicable: answer.value == AnswerValue::NotApplicable,
                })
            })
            .collect::<Option<Box<[Code]>>>()?;
        Some(Skeleton {
            text: text.as_bytes().into(),
            mode: doc.mode,
            codes,
        })
    }

    /// The report of the answers document `body` when it is this skeleton's document with
    /// other codes: the report [`crate::score_plain`] (or [`crate::score`]) gives for it.
    /// `None` when it is not (score it the ordinary way).
    pub fn score(&self, body: &[u8]) -> Option<Report> {
        let answers = self.answers(body)?;
        Some(crate::scoring::compute(questionnaire(self.mode), &answers))
    }

    /// The answer to each question by question position, when `body` is this skeleton's
    /// document with other codes (`not_applicable` only where it was); `None` otherwise.
    pub(crate) fn answers(&self, body: &[u8]) -> Option<Vec<Option<AnswerView<'_>>>> {
        let mut answers = vec![None; questionnaire(self.mode).questions.len()];
        // Where the skeleton's next run of bytes starts, and where the body's does.
        let (mut from, mut at) = (0, 0);
        for code in &self.codes {
            let run = self.text.get(from..code.at.start)?;
            if !body.get(at..)?.starts_with(run) {
                return None;
            }
            at += run.len();
            let (value, length) = quoted_code_at(&body[at..])?;
            if value == AnswerValue::NotApplicable && !code.not_applicable {
                return None;
            }
            *answers.get_mut(code.question)? = Some(AnswerView {
                value,
                justification: code.justification.as_deref(),
            });
            at += length;
            from = code.at.end;
        }
        (body.get(at..)? == self.text.get(from..)?).then_some(answers)
    }
}

// Property tests run natively only (proptest does not build for wasm32).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;
    use serde::Serialize;

    use super::*;
    use crate::answers::{Answer, AnswersDocument, Profile};
    use crate::scoring::{score, score_plain};

    /// How a document of the generator below is made: the questions it answers and how, and
    /// the parts around its answers.
    #[derive(Debug, Clone)]
    struct Shape {
        full: bool,
        /// Per question: 0 unanswered, else the answer (see [`code`]).
        picks: Vec<u8>,
        persons: Option<u32>,
        layout: u8,
        current_version: bool,
        unknown_question: bool,
    }

    /// 1–4 yes, partial, no, unsure; 5 `not_applicable` with a justification (`yes` where
    /// the question does not allow it).
    fn code(pick: u8, allows_not_applicable: bool) -> Answer {
        let value = match pick {
            1 => AnswerValue::Yes,
            2 => AnswerValue::Partial,
            3 => AnswerValue::No,
            4 => AnswerValue::Unsure,
            _ if allows_not_applicable => AnswerValue::NotApplicable,
            _ => AnswerValue::Yes,
        };
        let justification =
            (value == AnswerValue::NotApplicable).then(|| "Not in scope.".to_owned());
        Answer {
            value,
            justification,
        }
    }

    fn document(shape: &Shape) -> String {
        let mode = mode_of(shape);
        let mut doc = AnswersDocument {
            questionnaire_version: if shape.current_version {
                crate::QUESTIONNAIRE_VERSION.into()
            } else {
                "1999.1".into()
            },
            mode,
            profile: Profile {
                persons_in_scope: shape.persons,
                ..Profile::default()
            },
            answers: Default::default(),
        };
        for (question, &pick) in questionnaire(mode).questions.iter().zip(&shape.picks) {
            if pick > 0 {
                let answer = code(pick, question.allows_not_applicable);
                doc.answers.insert(question.id.clone(), answer);
            }
        }
        if shape.unknown_question {
            doc.answers.insert("q.nope".into(), code(1, false));
        }
        match shape.layout {
            0 => serde_json::to_string(&doc).unwrap(),
            1 => serde_json::to_string_pretty(&doc).unwrap(),
            _ => {
                let mut out = Vec::new();
                let formatter = serde_json::ser::PrettyFormatter::with_indent(b"\t");
                let mut writer = serde_json::Serializer::with_formatter(&mut out, formatter);
                doc.serialize(&mut writer).unwrap();
                String::from_utf8(out).unwrap()
            }
        }
    }

    fn shape(not_applicable: bool) -> impl Strategy<Value = Shape> {
        let most: u8 = if not_applicable { 6 } else { 5 };
        (
            any::<bool>(),
            proptest::collection::vec(0..most, 130),
            prop_oneof![
                Just(None),
                Just(Some(0)),
                Just(Some(40)),
                Just(Some(3_000_000))
            ],
            0..3_u8,
            proptest::bool::weighted(0.9),
            proptest::bool::weighted(0.1),
        )
            .prop_map(
                |(full, picks, persons, layout, current_version, unknown_question)| Shape {
                    full,
                    picks,
                    persons,
                    layout,
                    current_version,
                    unknown_question,
                },
            )
    }

    /// The second document: the first's shape with each part kept or drawn anew, and its
    /// answers' codes changed here and there (an unanswered question stays unanswered when
    /// the parts are kept).
    fn second(first: Shape) -> impl Strategy<Value = (Shape, Shape)> {
        let keep = proptest::bool::weighted(0.8);
        (
            shape(true),
            [keep; 6],
            proptest::collection::vec(1..6_u8, 130),
            proptest::bool::weighted(0.5),
        )
            .prop_map(move |(other, keep, codes, without_not_applicable)| {
                let picks = if keep[1] {
                    (first.picks.iter().zip(&codes))
                        .map(|(&was, &now)| match (was, now) {
                            (0, _) => 0,
                            (_, 5) if without_not_applicable => 1,
                            (_, now) => now,
                        })
                        .collect()
                } else {
                    other.picks
                };
                let next = Shape {
                    full: if keep[0] { first.full } else { other.full },
                    picks,
                    persons: if keep[2] {
                        first.persons
                    } else {
                        other.persons
                    },
                    layout: if keep[3] { first.layout } else { other.layout },
                    current_version: if keep[4] {
                        first.current_version
                    } else {
                        other.current_version
                    },
                    unknown_question: if keep[5] {
                        first.unknown_question
                    } else {
                        other.unknown_question
                    },
                };
                (first.clone(), next)
            })
    }

    fn mode_of(shape: &Shape) -> Mode {
        if shape.full { Mode::Full } else { Mode::Quick }
    }

    /// The report the ordinary way: the document read by serde and scored.
    fn scored(text: &str) -> Option<crate::scoring::Report> {
        let doc: AnswersDocument = serde_json::from_str(text).ok()?;
        score(&doc).ok()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// For any two documents — the second the first with other codes, or with any of its
        /// parts (mode, questions answered, profile, layout, version, an unknown question)
        /// drawn anew — what the first's skeleton makes of the second is what scoring the
        /// second gives, or nothing. It is something whenever only the codes changed and
        /// neither answers `not_applicable`, and a skeleton is learnt from every valid
        /// document without one.
        #[test]
        fn a_document_matched_against_anothers_skeleton_scores_as_itself(
            (first, next) in shape(true).prop_flat_map(second),
        ) {
            let first_text = document(&first);
            let next_text = document(&next);
            let (first_report, skeleton) = score_plain(&first_text, true).expect("plain");
            prop_assert_eq!(first_report.clone().ok(), scored(&first_text));
            prop_assert_eq!(
                score_plain(&first_text, false),
                Some((first_report.clone(), None))
            );
            prop_assert_eq!(skeleton.is_some(), first_report.is_ok());
            let Some(skeleton) = skeleton else {
                return Ok(());
            };
            prop_assert_eq!(skeleton.score(first_text.as_bytes()), scored(&first_text));
            let matched = skeleton.score(next_text.as_bytes());
            if matched.is_some() {
                prop_assert_eq!(&matched, &scored(&next_text), "{}", next_text);
            }
            let only_codes_changed = first.full == next.full
                && (first.picks.iter().zip(&next.picks)).all(|(a, b)| (*a == 0) == (*b == 0))
                && first.persons == next.persons
                && first.layout == next.layout
                && first.current_version == next.current_version
                && first.unknown_question == next.unknown_question;
            // `not_applicable` changes the layout (its justification): where the first
            // answered it, the second matches only with it.
            let same_not_applicable = (first.picks.iter().zip(&next.picks))
                .zip(&questionnaire(mode_of(&first)).questions)
                .all(|((a, b), q)| (*a == 5 && q.allows_not_applicable) == (*b == 5 && q.allows_not_applicable));
            if only_codes_changed && same_not_applicable {
                prop_assert!(matched.is_some(), "{}", next_text);
            }
        }
    }

    /// Each answer's code replaced by each code in turn: matched and scored as the document
    /// scores; `not_applicable` matched only where the fixture answered it (with a
    /// justification).
    #[test]
    fn every_code_in_every_place_scores_as_the_document_does() {
        let full = include_str!("../../tests/fixtures/full_mixed.answers.json");
        let quick = include_str!("../../tests/fixtures/quick_mixed.answers.json");
        let codes = ["yes", "partial", "no", "unsure", "not_applicable"];
        let (mut places, mut not_applicable) = (0, 0);
        for text in [full, quick] {
            let (report, skeleton) = score_plain(text, true).expect("plain");
            report.expect("valid");
            let skeleton = skeleton.expect("learnt");
            for (at, _) in text.match_indices("\"value\": \"") {
                let start = at + "\"value\": ".len();
                let end = start + 1 + text[start + 1..].find('"').expect("closed") + 1;
                let was_not_applicable = &text[start..end] == "\"not_applicable\"";
                places += 1;
                not_applicable += usize::from(was_not_applicable);
                for code in codes {
                    let changed = format!("{}\"{code}\"{}", &text[..start], &text[end..]);
                    let matched = skeleton.score(changed.as_bytes());
                    assert_eq!(matched, scored(&changed), "{code} at {start}");
                    let matches = code != "not_applicable" || was_not_applicable;
                    assert_eq!(matched.is_some(), matches, "{code} at {start}");
                }
            }
        }
        assert!(
            places > 100 && not_applicable > 0,
            "{places}, {not_applicable}"
        );
    }

    #[test]
    fn a_byte_changed_anywhere_outside_the_codes_is_not_matched_or_scores_as_itself() {
        let text = include_str!("../../tests/fixtures/quick_mixed.answers.json");
        let (report, skeleton) = score_plain(text, true).expect("plain");
        report.expect("valid");
        let skeleton = skeleton.expect("learnt");
        let mut matched = 0;
        for at in 0..text.len() {
            for byte in [b' ', b'x', b'"', b'1', b'}', b'\n'] {
                let mut changed = text.as_bytes().to_vec();
                changed[at] = byte;
                let Some(report) = skeleton.score(&changed) else {
                    continue;
                };
                matched += 1;
                let changed = String::from_utf8(changed).expect("a match is UTF-8");
                assert_eq!(Some(report), scored(&changed), "{changed}");
            }
            let mut cut = text.as_bytes().to_vec();
            cut.remove(at);
            assert_eq!(skeleton.score(&cut), None, "{at}");
        }
        // Replacing a byte by itself, and whitespace by whitespace elsewhere, do not match:
        // only the bytes learnt match.
        assert!(matched > 0);
    }
}

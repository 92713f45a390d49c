//! The readiness report written as JSON directly, byte for byte what `serde_json::to_vec` gives
//! for [`Report`] (the widget's and the golden fixtures' bytes), in a fraction of the time.
//!
//! Profiled on the full questionnaire, serialising with serde_json spent 60 % of its
//! instructions escaping strings one byte at a time — the field names and the report's
//! catalog texts, none of which has anything to escape. Here field names are written as
//! constants, a text is copied as it is once a check of eight bytes at a time finds nothing to
//! escape (a text that has something to escape still goes through serde_json), enum names are
//! their types' codes, and floats are written with the digits serde_json uses.
//! The tests compare the bytes with serde_json's for every golden fixture and for reports
//! that use every branch (escapes, `null` scores, the quick mode's note).

use annexa_shared::{AttributeScore, Blocker, Gap, Report, SectionScore};

use crate::json_out::{code, float, float_or_null, list, number, text};

/// `report` as compact JSON, appended to `out`: the same bytes as `serde_json::to_writer`.
pub fn write_report(out: &mut Vec<u8>, report: &Report) {
    // Destructured in full, so a field added to the report does not compile until it is
    // written here too (in the report's field order, which is the JSON order).
    let Report {
        scoring_version,
        questionnaire_version,
        mode,
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
    } = report;
    out.extend_from_slice(br#"{"scoring_version":"#);
    text(out, scoring_version);
    out.extend_from_slice(br#","questionnaire_version":"#);
    text(out, questionnaire_version);
    out.extend_from_slice(br#","mode":"#);
    code(out, mode.as_str());
    out.extend_from_slice(br#","progress":"#);
    float(out, *progress);
    out.extend_from_slice(br#","overall":"#);
    float(out, *overall);
    out.extend_from_slice(br#","sections":"#);
    list(out, sections, section);
    out.extend_from_slice(br#","attributes":"#);
    list(out, attributes, attribute);
    out.extend_from_slice(br#","stage1_blockers":"#);
    list(out, stage1_blockers, blocker);
    out.extend_from_slice(br#","stage2_blockers":"#);
    list(out, stage2_blockers, blocker);
    out.extend_from_slice(br#","gaps":"#);
    list(out, gaps, gap);
    out.extend_from_slice(br#","band":"#);
    code(out, band.code());
    out.extend_from_slice(br#","not_assessed":"#);
    list(out, not_assessed, |out, id| text(out, id));
    out.extend_from_slice(br#","not_assessed_note":"#);
    match not_assessed_note {
        Some(note) => text(out, note),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}

fn section(out: &mut Vec<u8>, section: &SectionScore) {
    let SectionScore {
        id,
        title,
        kind,
        score,
        answered,
        total,
    } = section;
    out.extend_from_slice(br#"{"id":"#);
    text(out, id);
    out.extend_from_slice(br#","title":"#);
    text(out, title);
    out.extend_from_slice(br#","kind":"#);
    code(out, kind.code());
    out.extend_from_slice(br#","score":"#);
    float_or_null(out, *score);
    out.extend_from_slice(br#","answered":"#);
    number(out, *answered);
    out.extend_from_slice(br#","total":"#);
    number(out, *total);
    out.push(b'}');
}

fn attribute(out: &mut Vec<u8>, attribute: &AttributeScore) {
    let AttributeScore {
        attribute,
        value,
        label,
        score,
        answered,
        total,
    } = attribute;
    out.extend_from_slice(br#"{"attribute":"#);
    text(out, attribute.as_str());
    out.extend_from_slice(br#","value":"#);
    text(out, value);
    out.extend_from_slice(br#","label":"#);
    text(out, label);
    out.extend_from_slice(br#","score":"#);
    float_or_null(out, *score);
    out.extend_from_slice(br#","answered":"#);
    number(out, *answered);
    out.extend_from_slice(br#","total":"#);
    number(out, *total);
    out.push(b'}');
}

fn blocker(out: &mut Vec<u8>, blocker: &Blocker) {
    let Blocker {
        requirement_id,
        title,
        reason,
    } = blocker;
    out.extend_from_slice(br#"{"requirement_id":"#);
    text(out, requirement_id);
    out.extend_from_slice(br#","title":"#);
    text(out, title);
    out.extend_from_slice(br#","reason":"#);
    text(out, reason);
    out.push(b'}');
}

fn gap(out: &mut Vec<u8>, gap: &Gap) {
    let Gap {
        requirement_id,
        title,
        severity,
        answer,
        recommendation,
    } = gap;
    out.extend_from_slice(br#"{"requirement_id":"#);
    text(out, requirement_id);
    out.extend_from_slice(br#","title":"#);
    text(out, title);
    out.extend_from_slice(br#","severity":"#);
    code(out, severity.code());
    out.extend_from_slice(br#","answer":"#);
    code(out, answer.code());
    out.extend_from_slice(br#","recommendation":"#);
    text(out, recommendation);
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use annexa_shared::{AnswersDocument, Text, score};

    fn written(report: &Report) -> String {
        let mut out = Vec::new();
        write_report(&mut out, report);
        String::from_utf8(out).expect("UTF-8")
    }

    fn scored(answers: &str) -> Report {
        let doc: AnswersDocument = serde_json::from_str(answers).expect("answers");
        score(&doc).expect("scores")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// For any assessment — either mode, any mix of answers and unanswered questions, a
        /// control excluded with any justification text — the bytes are serde_json's.
        #[test]
        fn any_report_is_written_as_serde_json_writes_it(
            full in proptest::bool::ANY,
            picks in proptest::collection::vec(0..6_u8, 130),
            // Never blank: a blank justification is refused before scoring.
            justification in "[a-zA-Zé][a-zA-Z \"\\\\\n\t\u{1}é✓]{0,39}",
        ) {
            use annexa_shared::{Answer, AnswerValue, Mode, QUESTIONNAIRE_VERSION, questionnaire};
            let mode = if full { Mode::Full } else { Mode::Quick };
            let mut doc = AnswersDocument {
                questionnaire_version: QUESTIONNAIRE_VERSION.into(),
                mode,
                profile: Default::default(),
                answers: Default::default(),
            };
            for (question, pick) in questionnaire(mode).questions.iter().zip(&picks) {
                let value = match pick {
                    0 => continue,
                    1 => AnswerValue::Yes,
                    2 => AnswerValue::Partial,
                    3 => AnswerValue::No,
                    4 => AnswerValue::Unsure,
                    _ if question.allows_not_applicable => AnswerValue::NotApplicable,
                    _ => AnswerValue::No,
                };
                let justification = (value == AnswerValue::NotApplicable)
                    .then(|| justification.clone());
                doc.answers.insert(question.id.clone(), Answer { value, justification });
            }
            let report = score(&doc).expect("a valid document scores");
            proptest::prop_assert_eq!(
                written(&report),
                serde_json::to_string(&report).expect("JSON")
            );
        }
    }

    #[test]
    fn every_golden_fixture_is_written_to_its_golden_bytes() {
        let fixtures = [
            (
                include_str!("../../../shared/tests/fixtures/full_all_yes.answers.json"),
                include_str!("../../../shared/tests/fixtures/full_all_yes.report.json"),
            ),
            (
                include_str!("../../../shared/tests/fixtures/full_all_no.answers.json"),
                include_str!("../../../shared/tests/fixtures/full_all_no.report.json"),
            ),
            (
                include_str!("../../../shared/tests/fixtures/full_mixed.answers.json"),
                include_str!("../../../shared/tests/fixtures/full_mixed.report.json"),
            ),
            (
                include_str!("../../../shared/tests/fixtures/quick_mixed.answers.json"),
                include_str!("../../../shared/tests/fixtures/quick_mixed.report.json"),
            ),
        ];
        for (answers, golden) in fixtures {
            assert_eq!(written(&scored(answers)), golden);
        }
    }

    #[test]
    fn escapes_nulls_and_numbers_are_written_as_serde_json_writes_them() {
        // Nothing answered: every score null, no gaps.
        let mut report = scored(r#"{"questionnaire_version":"2026.2","mode":"quick"}"#);
        assert_eq!(
            written(&report),
            serde_json::to_string(&report).expect("JSON")
        );
        // Texts with every kind of escape, non-ASCII text, extreme counts and floats.
        report.not_assessed_note =
            Some("quote \" backslash \\ tab \t newline \n bell \u{7} delete \u{7f} é ✓".into());
        report.not_assessed.push(Text::from("A.\"5\"".to_owned()));
        report.sections[0].total = u32::MAX;
        report.sections[0].answered = 0;
        report.sections[1].score = Some(0.1 + 0.2);
        report.attributes[0].score = Some(f64::NAN);
        report.progress = 1e-7;
        report.overall = 1e21;
        report.gaps.push(annexa_shared::Gap {
            requirement_id: Text::from("9.2.2"),
            title: Text::from("Internal audit \"programme\""),
            severity: annexa_shared::Severity::Critical,
            answer: annexa_shared::AnswerValue::Unsure,
            recommendation: Text::from("Plan it.\r\nThen do it.".to_owned()),
        });
        report.stage1_blockers.push(annexa_shared::Blocker {
            requirement_id: Text::from("7.5.1"),
            title: Text::from("Documented information"),
            reason: "Answered \"no\".\u{1f}".into(),
        });
        assert_eq!(
            written(&report),
            serde_json::to_string(&report).expect("JSON")
        );
    }
}

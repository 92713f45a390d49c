//! Known-answer tests of the scoring rules (docs/SCORING.md): numbers a compliance manager can
//! recompute by hand.

mod common;

use annexa_shared::{AnswerValue, Band, Mode, Profile, SectionKind, Severity, score};
use common::{all, answer, empty, excluded, mixed_full, section, set};

#[test]
fn a_bands_code_is_its_json_name() {
    use Band::*;
    for band in [NotReady, Early, Progressing, NearlyReady, Ready] {
        let json = serde_json::to_string(&band).unwrap();
        assert_eq!(json, format!("\"{}\"", band.code()));
    }
}

#[test]
fn a_severitys_and_a_section_kinds_code_is_their_json_name() {
    use Severity::*;
    for severity in [Critical, High, Medium, Low] {
        let json = serde_json::to_string(&severity).unwrap();
        assert_eq!(json, format!("\"{}\"", severity.code()));
    }
    for kind in [SectionKind::Clause, SectionKind::Theme] {
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{}\"", kind.code()));
    }
}

#[test]
fn all_yes_full_scores_100_ready_without_blockers_or_gaps() {
    let report = score(&all(Mode::Full, AnswerValue::Yes)).unwrap();
    assert_eq!(report.overall, 100.0);
    assert_eq!(report.progress, 1.0);
    assert_eq!(report.band, Band::Ready);
    assert!(report.stage1_blockers.is_empty());
    assert!(report.stage2_blockers.is_empty());
    assert!(report.gaps.is_empty());
    assert!(report.sections.iter().all(|s| s.score == Some(100.0)));
    assert!(report.attributes.iter().all(|a| a.score == Some(100.0)));
    assert_eq!(report.scoring_version, "2026.2");
    assert!(report.not_assessed.is_empty() && report.not_assessed_note.is_none());
}

#[test]
fn all_no_full_scores_0_not_ready_with_every_requirement_a_gap() {
    let report = score(&all(Mode::Full, AnswerValue::No)).unwrap();
    assert_eq!(report.overall, 0.0);
    assert_eq!(report.progress, 1.0);
    assert_eq!(report.band, Band::NotReady);
    assert_eq!(report.gaps.len(), 123);
    // 14 clause requirements need documented information.
    assert_eq!(report.stage1_blockers.len(), 14);
    let stage2: Vec<&str> = report
        .stage2_blockers
        .iter()
        .map(|b| b.requirement_id.as_str())
        .collect();
    assert_eq!(
        stage2,
        [
            "6.1.2", "6.1.3", "8.2", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3"
        ]
    );
    assert!(report.sections.iter().all(|s| s.score == Some(0.0)));
}

#[test]
fn unsure_scores_like_no() {
    let unsure = score(&all(Mode::Full, AnswerValue::Unsure)).unwrap();
    assert_eq!(unsure.overall, 0.0);
    assert!(unsure.gaps.iter().all(|g| g.answer == AnswerValue::Unsure));
}

#[test]
fn all_partial_scores_50() {
    let report = score(&all(Mode::Full, AnswerValue::Partial)).unwrap();
    assert_eq!(report.overall, 50.0);
    assert_eq!(report.band, Band::Progressing);
}

#[test]
fn nothing_answered_has_no_section_scores_and_zero_progress() {
    let report = score(&empty(Mode::Full, Profile::default())).unwrap();
    assert_eq!(report.overall, 0.0);
    assert_eq!(report.progress, 0.0);
    assert!(report.sections.iter().all(|s| s.score.is_none()));
    assert_eq!(section(&report, "A.5").total, 37);
    assert_eq!(section(&report, "A.5").answered, 0);
    assert!(report.gaps.is_empty());
    assert_eq!(report.band, Band::NotReady);
}

#[test]
fn not_applicable_is_left_out_of_numerator_and_denominator() {
    let mut doc = all(Mode::Full, AnswerValue::Yes);
    for id in ["A.7.4", "A.7.5", "A.8.30"] {
        set(
            &mut doc,
            id,
            excluded("Out of scope: no premises of our own"),
        );
    }
    let report = score(&doc).unwrap();
    assert_eq!(report.overall, 100.0);
    assert_eq!(report.progress, 1.0);
    assert_eq!(report.band, Band::Ready);
    let physical = section(&report, "A.7");
    assert_eq!((physical.answered, physical.total), (12, 12));
    assert_eq!(physical.score, Some(100.0));

    // The same exclusions next to one "no": A.7 is 11 of 12, not 11 of 14.
    set(&mut doc, "A.7.1", answer(AnswerValue::No));
    let report = score(&doc).unwrap();
    assert_eq!(section(&report, "A.7").score, Some(91.7));
}

#[test]
fn unanswered_lowers_progress_not_score() {
    let mut doc = all(Mode::Full, AnswerValue::Yes);
    doc.answers
        .retain(|id, _| id.starts_with("q.A.5") || id == "q.4.1");
    let report = score(&doc).unwrap();
    assert_eq!(report.overall, 100.0);
    // 37 + 1 of 123 questions.
    assert_eq!(report.progress, 0.309);
    assert_eq!(section(&report, "4").answered, 1);
    assert_eq!(section(&report, "4").total, 4);
    assert_eq!(section(&report, "A.6").score, None);
    // Not everything is answered, so not ready even at 100.
    assert_ne!(report.band, Band::Ready);
}

/// The worked example of docs/SCORING.md, computed by hand there.
#[test]
fn mixed_full_example_matches_the_hand_computation() {
    let report = score(&mixed_full()).unwrap();
    // Clauses: 29 answered, 25 yes + 2 partial = 26 → 26/29. Annex A: 90 applicable, 89
    // answered, 86 yes + 1 partial = 86.5 → 86.5/89. Overall 0.6·26/29 + 0.4·86.5/89 = 92.67%.
    assert_eq!(report.overall, 92.7);
    // 123 questions − 3 not applicable = 120 asked, 118 answered.
    assert_eq!(report.progress, 0.983);
    let expect = [
        ("4", Some(100.0), 3, 4),
        ("5", Some(100.0), 3, 3),
        ("6", Some(90.0), 5, 5),
        ("7", Some(92.9), 7, 7),
        ("8", Some(100.0), 3, 3),
        ("9", Some(83.3), 6, 6),
        ("10", Some(50.0), 2, 2),
        ("A.5", Some(97.2), 36, 36),
        ("A.6", Some(87.5), 8, 8),
        ("A.7", Some(100.0), 13, 13),
        ("A.8", Some(98.4), 32, 33),
    ];
    for (id, score, answered, total) in expect {
        let s = section(&report, id);
        assert_eq!(
            (s.score, s.answered, s.total),
            (score, answered, total),
            "section {id}"
        );
    }
    let ids = |blockers: &[annexa_shared::Blocker]| -> Vec<String> {
        blockers
            .iter()
            .map(|b| b.requirement_id.to_string())
            .collect()
    };
    assert_eq!(ids(&report.stage1_blockers), ["6.1.2", "9.2.2"]);
    assert_eq!(ids(&report.stage2_blockers), ["6.1.2", "9.2.2"]);
    let gaps: Vec<(&str, Severity)> = report
        .gaps
        .iter()
        .map(|g| (g.requirement_id.as_str(), g.severity))
        .collect();
    assert_eq!(
        gaps,
        [
            ("9.2.2", Severity::Critical),
            ("6.1.2", Severity::Critical),
            ("10.1", Severity::High),
            ("7.3", Severity::High),
            ("A.5.1", Severity::Medium),
            ("A.6.3", Severity::Medium),
            ("A.8.13", Severity::Low),
        ]
    );
    // High score, but a Stage 1 blocker keeps it out of nearly_ready.
    assert_eq!(report.band, Band::Progressing);
}

#[test]
#[cfg_attr(
    not(feature = "control-details"),
    ignore = "needs the controls' attributes (control-details)"
)]
fn attribute_scores_follow_the_controls_carrying_each_value() {
    let doc = mixed_full();
    let report = score(&doc).unwrap();
    // Every ISO/IEC 27002 attribute value is listed, in canonical order.
    assert_eq!(report.attributes.len(), 30);
    assert_eq!(report.attributes[0].value, "Preventive");
    let catalog = annexa_shared::catalog();
    for attribute in &report.attributes {
        // Recompute by hand from the answers: credit over answered, applicable controls.
        let (mut credit, mut answered, mut total) = (0.0, 0, 0);
        for control in &catalog.controls {
            if !control
                .attributes
                .values(attribute.attribute)
                .iter()
                .any(|value| *value == attribute.value)
            {
                continue;
            }
            match doc
                .answers
                .get(&format!("q.{}", control.id))
                .map(|a| a.value)
            {
                Some(AnswerValue::NotApplicable) => continue,
                Some(value) => {
                    answered += 1;
                    credit += match value {
                        AnswerValue::Yes => 1.0,
                        AnswerValue::Partial => 0.5,
                        _ => 0.0,
                    };
                }
                None => {}
            }
            total += 1;
        }
        let expected = (credit / f64::from(answered) * 1000.0).round() / 10.0;
        assert_eq!(
            (attribute.score, attribute.answered, attribute.total),
            (Some(expected), answered, total),
            "{}",
            attribute.value
        );
    }
    let recover = report
        .attributes
        .iter()
        .find(|a| a.value == "Recover")
        .unwrap();
    assert!(recover.score < Some(100.0), "A.8.13 backup is only partial");
}

#[test]
fn gaps_carry_our_recommendation_text() {
    let report = score(&mixed_full()).unwrap();
    for gap in &report.gaps {
        assert_eq!(
            Some(gap.recommendation.as_str()),
            annexa_shared::guidance::recommendation(&gap.requirement_id),
            "{}",
            gap.requirement_id
        );
        assert!(!gap.recommendation.is_empty());
    }
    let blocker = &score(&mixed_full()).unwrap().stage1_blockers[1];
    assert!(
        blocker.reason.starts_with("Answered no:"),
        "{}",
        blocker.reason
    );
}

#[test]
fn quick_answer_applies_to_every_requirement_it_covers() {
    let mut doc = all(Mode::Quick, AnswerValue::Yes);
    doc.answers
        .insert("quick.internal-audit".into(), answer(AnswerValue::No));
    let report = score(&doc).unwrap();
    // Clauses: 23 of the 25 the quick questions ask about (9.2.1 and 9.2.2 are 0); Annex A all
    // yes: 60·23/25 + 40 = 95.2. Section 9: 9.3.1–9.3.3 of 9.2.1, 9.2.2, 9.3.1–9.3.3 = 60.
    assert_eq!(report.overall, 95.2);
    assert_eq!(section(&report, "9").score, Some(60.0));
    assert_eq!(
        section(&report, "9").total,
        5,
        "9.1 is not asked in quick mode"
    );
    let stage2: Vec<&str> = report
        .stage2_blockers
        .iter()
        .map(|b| b.requirement_id.as_str())
        .collect();
    assert_eq!(stage2, ["9.2.1", "9.2.2"]);
    assert_eq!(report.stage1_blockers.len(), 1);
    assert_eq!(report.band, Band::Progressing);
    assert_eq!(report.progress, 1.0);
}

#[test]
fn quick_all_yes_and_all_no() {
    assert_eq!(
        score(&all(Mode::Quick, AnswerValue::Yes)).unwrap().overall,
        100.0
    );
    let no = score(&all(Mode::Quick, AnswerValue::No)).unwrap();
    assert_eq!(no.overall, 0.0);
    // Only the 78 requirements the quick questions ask about can be gaps.
    assert_eq!(no.gaps.len(), 78);
}

/// A quick answer is credited only to what its question asks; everything else is "not
/// assessed": out of every number, listed, and said in a sentence.
#[test]
#[cfg_attr(
    not(feature = "control-details"),
    ignore = "the note names a control by its title (control-details)"
)]
fn quick_mode_reports_what_it_never_asked_as_not_assessed() {
    let yes = score(&all(Mode::Quick, AnswerValue::Yes)).unwrap();
    let no = score(&all(Mode::Quick, AnswerValue::No)).unwrap();
    for report in [&yes, &no] {
        assert_eq!(report.not_assessed.len(), 45);
        for id in ["4.4", "9.1", "10.1", "A.5.32", "A.7.12", "A.8.11", "A.8.17"] {
            assert!(
                report.not_assessed.iter().any(|n| n == id),
                "{id} is not assessed"
            );
            assert!(
                report.gaps.iter().all(|g| g.requirement_id != id),
                "{id} was never asked, so it is no gap"
            );
        }
    }
    // Neither credited nor counted: the theme totals hold only what was asked.
    assert_eq!(section(&yes, "A.8").total, 15);
    assert_eq!(section(&yes, "A.8").answered, 15);
    assert_eq!(section(&yes, "A.7").total, 8);
    assert_eq!(section(&yes, "10").total, 1);
    assert_eq!(
        yes.not_assessed_note.as_deref(),
        Some(
            "This quick assessment did not ask about 45 of the 123 requirements (5 clause \
             requirements and 40 Annex A controls, such as 4.4 Information security management \
             system and A.5.3 Segregation of duties): they are not assessed, so they are neither \
             credited in any score nor counted as gaps. The full assessment asks about every one \
             of them."
        )
    );
    let json = serde_json::to_value(&yes).unwrap();
    assert_eq!(json["not_assessed"][0], "4.4");
    assert!(json["not_assessed_note"].is_string());
}

#[test]
fn clause_weighs_60_and_annex_a_40() {
    let mut doc = all(Mode::Full, AnswerValue::Yes);
    for question in &annexa_shared::questionnaire(Mode::Full).questions {
        if question.section.starts_with("A.") {
            doc.answers
                .insert(question.id.clone(), answer(AnswerValue::No));
        }
    }
    assert_eq!(score(&doc).unwrap().overall, 60.0);
    // Only Annex A answered: it takes the whole weight.
    doc.answers.retain(|id, _| id.starts_with("q.A."));
    assert_eq!(score(&doc).unwrap().overall, 0.0);
}

#[test]
fn report_json_has_the_documented_shape() {
    let report = score(&mixed_full()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "scoring_version",
        "questionnaire_version",
        "mode",
        "progress",
        "overall",
        "sections",
        "attributes",
        "stage1_blockers",
        "stage2_blockers",
        "gaps",
        "band",
        "not_assessed",
        "not_assessed_note",
    ] {
        assert!(keys.contains(&key), "{key} missing");
    }
    assert_eq!(json["sections"][0]["kind"], "clause");
    assert_eq!(json["sections"][7]["kind"], "theme");
    assert_eq!(json["gaps"][0]["severity"], "critical");
    assert_eq!(json["band"], "progressing");
    let empty =
        serde_json::to_value(score(&empty(Mode::Full, Profile::default())).unwrap()).unwrap();
    assert!(empty["sections"][0]["score"].is_null());
}

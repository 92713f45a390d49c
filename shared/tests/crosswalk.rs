//! Cross-framework coverage of a fixed assessment: the figures `docs/INTEROP.md` explains,
//! cross-checked by an independent script over the same CSVs when they were pinned.

use annexa_shared::crosswalk::{
    CoverageCounts, DISCLAIMER, ItemCoverage, MappedFramework, RequirementState, coverage,
};
use annexa_shared::{AnswersDocument, AnswersError};

fn fixture(json: &str) -> AnswersDocument {
    serde_json::from_str(json).unwrap()
}

fn mixed() -> AnswersDocument {
    fixture(include_str!("fixtures/full_mixed.answers.json"))
}

fn counts(all_met: u32, some_met: u32, none_met: u32, not_assessed: u32) -> CoverageCounts {
    CoverageCounts {
        all_met,
        some_met,
        none_met,
        not_assessed,
        total: all_met + some_met + none_met + not_assessed,
    }
}

#[test]
fn mixed_assessment_figures_per_framework() {
    let result = coverage(&mixed()).unwrap();
    let of = |f| result.framework(f).unwrap().counts;
    assert_eq!(of(MappedFramework::NistCsf2), counts(72, 27, 6, 1));
    assert_eq!(of(MappedFramework::NistSp800_53r5), counts(181, 30, 4, 5));
    assert_eq!(of(MappedFramework::Nis2Cir2024_2690), counts(250, 75, 0, 0));
    assert_eq!(result.disclaimer, DISCLAIMER);
    assert!(DISCLAIMER.contains("not a statement of compliance"));
}

#[test]
fn mixed_assessment_figures_per_group() {
    let result = coverage(&mixed()).unwrap();
    let group = |f, id: &str| {
        result
            .framework(f)
            .unwrap()
            .groups
            .iter()
            .find(|g| g.id == id)
            .unwrap()
            .counts
    };
    let csf = MappedFramework::NistCsf2;
    assert_eq!(group(csf, "GV"), counts(11, 18, 2, 0));
    assert_eq!(group(csf, "DE"), counts(10, 0, 0, 1));
    assert_eq!(group(csf, "RS"), counts(13, 0, 0, 0));
    let nis2 = MappedFramework::Nis2Cir2024_2690;
    assert_eq!(group(nis2, "21(2)(a)"), counts(6, 33, 0, 0));
    assert_eq!(group(nis2, "21(2)(g)"), counts(0, 14, 0, 0));
    assert_eq!(group(nis2, "21(2)(i)"), counts(89, 6, 0, 0));
    assert_eq!(group(nis2, "21(2)(j)"), counts(41, 0, 0, 0));
    // A requirement that serves two points counts in both groups, once in the total.
    let groups_total: u32 = result
        .framework(nis2)
        .unwrap()
        .groups
        .iter()
        .map(|g| g.counts.total)
        .sum();
    assert_eq!(groups_total, 39 + 45 + 53 + 24 + 89 + 1 + 14 + 1 + 95 + 41);
    assert!(groups_total > 325);
}

#[test]
fn an_item_lists_each_related_requirement_with_what_the_answers_say() {
    let result = coverage(&mixed()).unwrap();
    let csf = result.framework(MappedFramework::NistCsf2).unwrap();
    // A.8.13 (backup) was answered partial in the mixed fixture.
    let backups = csf.items.iter().find(|i| i.id == "PR.DS-11").unwrap();
    assert_eq!(backups.groups, ["PR"]);
    assert_eq!(backups.coverage, ItemCoverage::NoneMet);
    assert_eq!(backups.related[0].requirement_id, "A.8.13");
    assert_eq!(backups.related[0].state, RequirementState::NotMet);
    // Excluded controls do not count against an item.
    let sp = result.framework(MappedFramework::NistSp800_53r5).unwrap();
    for item in &sp.items {
        let excluded = item
            .related
            .iter()
            .filter(|r| r.state == RequirementState::Excluded)
            .count() as u32;
        assert_eq!(item.applicable, item.related.len() as u32 - excluded);
        if item.coverage == ItemCoverage::AllMet {
            assert_eq!(item.met, item.applicable, "{}", item.id);
        }
    }
}

#[test]
fn all_yes_meets_every_item_and_all_no_none() {
    let yes = coverage(&fixture(include_str!("fixtures/full_all_yes.answers.json"))).unwrap();
    let no = coverage(&fixture(include_str!("fixtures/full_all_no.answers.json"))).unwrap();
    for (framework, total) in [
        (MappedFramework::NistCsf2, 106),
        (MappedFramework::NistSp800_53r5, 220),
        (MappedFramework::Nis2Cir2024_2690, 325),
    ] {
        assert_eq!(
            yes.framework(framework).unwrap().counts,
            counts(total, 0, 0, 0)
        );
        assert_eq!(
            no.framework(framework).unwrap().counts,
            counts(0, 0, total, 0)
        );
    }
}

#[test]
fn the_coverage_csv_is_for_spreadsheets_formula_like_cells_shown_as_text() {
    let mut report = coverage(&mixed()).unwrap();
    report.frameworks[0].items[0].title = "=HYPERLINK(\"http://x\")".into();
    report.frameworks[0].items[1].title = "@SUM(A1)".into();
    let csv = report.to_csv();
    assert!(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), "{csv}");
    assert!(csv.contains(",\"'@SUM(A1)\","));
    assert!(!csv.contains(",\"=HYPERLINK") && !csv.contains(",\"@SUM"));
}

#[test]
fn csv_has_one_row_per_item_with_the_mapping_source() {
    let csv = coverage(&mixed()).unwrap().to_csv();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 106 + 220 + 325);
    assert!(lines[0].starts_with("\"framework\",\"groups\",\"item_id\""));
    let backup = lines.iter().find(|l| l.contains("\"PR.DS-11\"")).unwrap();
    assert!(
        backup.contains("\"none_met\",\"0\",\"1\",\"A.8.13=not_met\""),
        "{backup}"
    );
    let nis2 = lines
        .iter()
        .find(|l| l.starts_with("\"nis2_cir2024_2690\""))
        .unwrap();
    assert!(nis2.contains("© ENISA, CC BY 4.0"));
    assert!(nis2.contains("does not imply equivalence"));
}

#[test]
fn an_invalid_assessment_is_refused() {
    let mut doc = mixed();
    doc.answers.insert(
        "q.nope".into(),
        annexa_shared::Answer {
            value: annexa_shared::AnswerValue::Yes,
            justification: None,
        },
    );
    assert!(matches!(
        coverage(&doc),
        Err(AnswersError::UnknownQuestion { .. })
    ));
}

#[test]
fn items_left_unassessed_by_the_mixed_assessment_are_the_excluded_controls_alone() {
    let result = coverage(&mixed()).unwrap();
    let unassessed = |f| {
        result
            .framework(f)
            .unwrap()
            .items
            .iter()
            .filter(|i| i.coverage == ItemCoverage::NotAssessed)
            .map(|i| i.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(unassessed(MappedFramework::NistCsf2), ["DE.CM-02"]);
    assert_eq!(
        unassessed(MappedFramework::NistSp800_53r5),
        ["AU-6(6)", "PE-3(3)", "PE-6(1)", "PE-6(4)", "SA-9(3)"]
    );
    let none_met: Vec<&str> = result
        .framework(MappedFramework::NistCsf2)
        .unwrap()
        .items
        .iter()
        .filter(|i| i.coverage == ItemCoverage::NoneMet)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        none_met,
        [
            "GV.RM-02", "GV.RM-06", "ID.RA-08", "PR.AT-01", "PR.DS-11", "RC.RP-03"
        ]
    );
}

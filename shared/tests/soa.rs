//! The draft Statement of Applicability: every control, its status from the answers, and warnings
//! for exclusions an auditor would challenge.

mod common;

use annexa_shared::{
    AnswerValue, ImplementationStatus, Mode, Profile, questionnaire, statement_of_applicability,
};
use common::{all, answer, excluded, mixed_full, set};

#[test]
fn lists_all_93_controls_with_status_from_the_answers() {
    let soa = statement_of_applicability(&mixed_full()).unwrap();
    assert_eq!(soa.controls.len(), 93);
    assert_eq!(soa.controls[0].control_id, "A.5.1");
    let entry = |id: &str| soa.controls.iter().find(|c| c.control_id == id).unwrap();
    assert_eq!(
        entry("A.5.1").status,
        Some(ImplementationStatus::NotImplemented)
    );
    assert_eq!(entry("A.6.3").status, Some(ImplementationStatus::Unknown));
    assert_eq!(
        entry("A.8.13").status,
        Some(ImplementationStatus::PartiallyImplemented)
    );
    assert_eq!(
        entry("A.8.34").status,
        Some(ImplementationStatus::NotAssessed)
    );
    assert_eq!(
        entry("A.8.1").status,
        Some(ImplementationStatus::Implemented)
    );
    let excluded = entry("A.7.4");
    assert!(!excluded.applicable);
    assert_eq!(excluded.status, None);
    assert_eq!(
        excluded.justification,
        "Shared office; the landlord monitors the building"
    );
    assert_eq!(soa.controls.iter().filter(|c| !c.applicable).count(), 3);
}

#[test]
fn warns_about_excluding_cloud_security_when_the_profile_uses_cloud() {
    let soa = statement_of_applicability(&mixed_full()).unwrap();
    let warned: Vec<&str> = soa.warnings.iter().map(|w| w.control_id.as_str()).collect();
    // A.5.23 is doubtful (the profile uses cloud); A.7.4 and A.8.30 are plausible exclusions.
    assert_eq!(warned, ["A.5.23"]);
    assert_eq!(
        soa.warnings[0].message,
        "Excluding A.5.23 is doubtful: you said you use cloud services, so their security must be managed."
    );

    let mut doc = mixed_full();
    doc.profile.uses_cloud = Some(false);
    assert!(
        statement_of_applicability(&doc)
            .unwrap()
            .warnings
            .is_empty()
    );
}

#[test]
fn warns_about_each_doubtful_exclusion_rule() {
    let profile = Profile {
        persons_in_scope: Some(12),
        develops_software: Some(true),
        outsourced_it: Some(true),
        uses_cloud: Some(true),
        ..Profile::default()
    };
    let doubtful = [
        ("A.5.1", "policies"),
        ("A.5.19", "your IT is run mostly by an outside provider"),
        ("A.5.23", "you use cloud services"),
        ("A.5.24", "incident"),
        ("A.5.28", "incident"),
        ("A.6.1", "12 people work within the scope"),
        ("A.8.4", "you build software yourselves"),
        ("A.8.28", "you build software yourselves"),
        ("A.8.13", "backups"),
    ];
    for (id, fact) in doubtful {
        let mut doc = all(Mode::Full, AnswerValue::Yes);
        doc.profile = profile.clone();
        set(&mut doc, id, excluded("We think it does not apply"));
        let soa = statement_of_applicability(&doc).unwrap();
        assert_eq!(soa.warnings.len(), 1, "{id}");
        assert_eq!(soa.warnings[0].control_id, id);
        let message = &soa.warnings[0].message;
        assert!(message.contains(fact), "{id}: {message}");
        // A buyer or auditor reads these: no profile field names or option values.
        assert!(
            !message
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|word| word.contains('_')),
            "{id}: {message}"
        );
    }
    // Without the profile facts, these exclusions are plausible.
    for id in ["A.5.19", "A.5.23", "A.6.1", "A.8.28"] {
        let mut doc = all(Mode::Full, AnswerValue::Yes);
        doc.profile.persons_in_scope = Some(1);
        set(&mut doc, id, excluded("We think it does not apply"));
        assert!(
            statement_of_applicability(&doc)
                .unwrap()
                .warnings
                .is_empty(),
            "{id}"
        );
    }
}

#[test]
#[cfg_attr(
    not(feature = "control-details"),
    ignore = "the SoA holds the controls' titles (control-details)"
)]
fn csv_has_a_header_quoted_fields_and_escaped_quotes() {
    let mut doc = mixed_full();
    set(
        &mut doc,
        "A.7.4",
        excluded("We rent a \"shared\" desk, no premises"),
    );
    set(&mut doc, "A.7.5", excluded("=HYPERLINK(\"http://x\")"));
    let csv = statement_of_applicability(&doc).unwrap().to_csv();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\"control_id\",\"title\",\"theme\",\"applicable\",\"justification\",\"status\",\"warning\""
    );
    // 93 rows, a header and the empty string after the last CRLF.
    assert_eq!(lines.len(), 95);
    assert!(lines[1].starts_with(
        "\"A.5.1\",\"Policies for information security\",\"Organizational controls\",\"yes\","
    ));
    assert!(lines[1].ends_with(",\"not_implemented\",\"\""));
    assert!(csv.contains("\"We rent a \"\"shared\"\" desk, no premises\",\"\""));
    // A formula-like justification is neutralised for spreadsheets.
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""));
    let cloud = lines.iter().find(|l| l.starts_with("\"A.5.23\"")).unwrap();
    assert!(cloud.contains("\"no\"") && cloud.contains("Excluding A.5.23 is doubtful"));
}

#[test]
fn json_names_statuses_in_snake_case_and_null_for_excluded() {
    let soa = statement_of_applicability(&mixed_full()).unwrap();
    let json = serde_json::to_value(&soa).unwrap();
    assert_eq!(json["controls"][0]["status"], "not_implemented");
    assert_eq!(json["controls"][0]["theme"], "organizational");
    let a74 = json["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["control_id"] == "A.7.4")
        .unwrap();
    assert!(a74["status"].is_null());
    assert_eq!(a74["applicable"], false);
}

#[test]
fn quick_mode_statuses_come_from_the_grouped_question() {
    let mut doc = all(Mode::Quick, AnswerValue::Yes);
    doc.answers
        .insert("quick.physical".into(), answer(AnswerValue::Partial));
    doc.answers.remove("quick.technical");
    let soa = statement_of_applicability(&doc).unwrap();
    let quick = questionnaire(Mode::Quick);
    for entry in &soa.controls {
        let asked_by = quick
            .questions
            .iter()
            .find(|q| q.requirement_ids.contains(&entry.control_id))
            .map(|q| q.id.as_str());
        let expected = match asked_by {
            Some("quick.physical") => ImplementationStatus::PartiallyImplemented,
            Some("quick.technical") | None => ImplementationStatus::NotAssessed,
            Some(_) => ImplementationStatus::Implemented,
        };
        assert_eq!(entry.status, Some(expected), "{}", entry.control_id);
    }
    let status = |id: &str| {
        soa.controls
            .iter()
            .find(|c| c.control_id == id)
            .and_then(|c| c.status)
    };
    assert_eq!(
        status("A.7.1"),
        Some(ImplementationStatus::PartiallyImplemented)
    );
    assert_eq!(status("A.8.5"), Some(ImplementationStatus::Implemented));
    // Cabling is not what the physical question asks about: its answer does not count for it.
    assert_eq!(status("A.7.12"), Some(ImplementationStatus::NotAssessed));
    assert_eq!(status("A.5.32"), Some(ImplementationStatus::NotAssessed));
}

//! OSCAL exports: the catalog's content and stability, the SSP ⇄ SoA round trip, and what the
//! assessment results say about a fixed assessment. Schema validity is checked by
//! `tests/oscal/validate.sh` against NIST's official OSCAL JSON schemas.

use annexa_shared::oscal::{
    self, ANNEXA_NS, CATALOG_HREF, OSCAL_VERSION, OscalError, PROFILE_HREF, Property,
    assessment_results, soa_from_ssp, system_security_plan,
};
use annexa_shared::{
    AnswersDocument, AnswersError, Mode, QUESTIONNAIRE_VERSION, questionnaire, score,
    statement_of_applicability,
};

const AT: &str = "2026-11-29T12:00:00Z";

const FIXTURES: [(&str, &str); 4] = [
    (
        "full_all_yes",
        include_str!("fixtures/full_all_yes.answers.json"),
    ),
    (
        "full_all_no",
        include_str!("fixtures/full_all_no.answers.json"),
    ),
    (
        "full_mixed",
        include_str!("fixtures/full_mixed.answers.json"),
    ),
    (
        "quick_mixed",
        include_str!("fixtures/quick_mixed.answers.json"),
    ),
];

fn fixture(name: &str) -> AnswersDocument {
    let (_, json) = FIXTURES.iter().find(|(n, _)| *n == name).unwrap();
    serde_json::from_str(json).unwrap()
}

fn annexa<'a>(props: &'a [Property], name: &str) -> Vec<&'a str> {
    props
        .iter()
        .filter(|p| p.is_annexa(name))
        .map(|p| p.value.as_str())
        .collect()
}

#[test]
#[cfg_attr(
    not(feature = "control-details"),
    ignore = "the OSCAL catalog holds the controls' titles (control-details)"
)]
fn catalog_holds_every_requirement_with_our_question_as_its_objective() {
    let doc = oscal::catalog();
    let catalog = &doc.catalog;
    let groups: Vec<&str> = catalog.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(
        groups,
        [
            "c-4", "c-5", "c-6", "c-7", "c-8", "c-9", "c-10", "a-5", "a-6", "a-7", "a-8"
        ]
    );
    assert_eq!(catalog.metadata.oscal_version, OSCAL_VERSION);
    assert_eq!(catalog.metadata.version, QUESTIONNAIRE_VERSION);
    assert_eq!(catalog.metadata.last_modified, "2026-02-01T00:00:00Z");

    // Flatten the control tree and collect the assessment objectives.
    let mut objectives = Vec::new();
    let mut stack: Vec<&oscal::Control> = catalog.groups.iter().flat_map(|g| &g.controls).collect();
    while let Some(control) = stack.pop() {
        stack.extend(&control.controls);
        for part in control
            .parts
            .iter()
            .filter(|p| p.name == "assessment-objective")
        {
            objectives.push((control.id.clone(), part.prose.clone().unwrap_or_default()));
        }
    }
    assert_eq!(
        objectives.len(),
        123,
        "30 clause requirements + 93 controls"
    );

    // Each objective is our own full-mode question for that requirement, word for word.
    let full = questionnaire(Mode::Full);
    for (id, prose) in &objectives {
        let requirement = oscal::requirement_id(id).unwrap();
        let question = full.question(&format!("q.{requirement}")).unwrap();
        assert_eq!(prose, &question.text, "{id}");
    }

    // Clause 6.1 is a heading holding 6.1.1–6.1.3; Annex A controls carry their attributes.
    let c6 = &catalog.groups[2];
    let c61 = c6.controls.iter().find(|c| c.id == "c-6.1").unwrap();
    let sub: Vec<&str> = c61.controls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(sub, ["c-6.1.1", "c-6.1.2", "c-6.1.3"]);
    assert!(c61.parts.is_empty());
    let a816 = catalog.groups[10]
        .controls
        .iter()
        .find(|c| c.id == "a-8.16")
        .unwrap();
    assert_eq!(a816.title, "Monitoring activities");
    assert_eq!(annexa(&a816.props, "new-in-2022"), ["true"]);
    assert_eq!(
        annexa(&a816.props, "control-type"),
        ["Detective", "Corrective"]
    );
}

#[test]
fn catalog_and_profile_are_stable_documents() {
    let first = serde_json::to_string(&oscal::catalog()).unwrap();
    let second = serde_json::to_string(&oscal::catalog()).unwrap();
    assert_eq!(first, second);
    let catalog = oscal::catalog();
    // Pinned (cross-checked with Python's uuid.uuid5): the v5 UUID of
    // "catalog/iso27001-2022/2026.2" in the Annexa namespace. A change
    // means every tool that imported our catalog sees a new one.
    assert_eq!(catalog.catalog.uuid, "2681d1e0-a4e5-54b6-bae7-6e7e9b92ee14");
    let profile = oscal::profile();
    assert_eq!(profile.profile.imports[0].href, CATALOG_HREF);
    let json = serde_json::to_value(&profile).unwrap();
    assert_eq!(
        json["profile"]["imports"][0]["include-all"],
        serde_json::json!({})
    );
}

#[test]
fn the_soa_read_back_from_the_ssp_equals_the_original_for_every_fixture() {
    for (name, _) in FIXTURES {
        let doc = fixture(name);
        let soa = statement_of_applicability(&doc).unwrap();
        let ssp = system_security_plan(&doc, AT).unwrap();
        assert_eq!(soa_from_ssp(&ssp).unwrap(), soa, "{name}");
        // Through JSON too, as another tool would hand the plan back.
        let json = serde_json::to_string(&ssp).unwrap();
        let parsed: oscal::OscalSsp = serde_json::from_str(&json).unwrap();
        assert_eq!(soa_from_ssp(&parsed).unwrap(), soa, "{name} via JSON");
    }
}

#[test]
fn ssp_states_the_implementation_status_and_exclusions_of_the_mixed_assessment() {
    let ssp = system_security_plan(&fixture("full_mixed"), AT).unwrap();
    let plan = &ssp.system_security_plan;
    assert_eq!(plan.import_profile.href, PROFILE_HREF);
    assert_eq!(plan.metadata.last_modified, AT);
    let requirements = &plan.control_implementation.implemented_requirements;
    assert_eq!(requirements.len(), 93);
    let state = |id: &str| {
        let r = requirements.iter().find(|r| r.control_id == id).unwrap();
        let status = r.by_components[0].implementation_status.clone().unwrap();
        (status.state, status.remarks, r.remarks.clone())
    };
    let mut counts = std::collections::BTreeMap::new();
    for r in requirements {
        let s = r.by_components[0].implementation_status.as_ref().unwrap();
        *counts.entry(s.state.clone()).or_insert(0) += 1;
    }
    assert_eq!(
        counts.into_iter().collect::<Vec<_>>(),
        [
            ("implemented".to_owned(), 85),
            ("not-applicable".to_owned(), 4),
            ("partial".to_owned(), 1),
            ("planned".to_owned(), 3),
        ]
    );
    let (excluded, why, remarks) = state("a-7.6");
    assert_eq!(excluded, "not-applicable");
    assert_eq!(why.as_deref(), Some("Fully remote team: no secure areas"));
    assert_eq!(
        remarks.as_deref(),
        Some("Fully remote team: no secure areas")
    );
    assert_eq!(state("a-8.13").0, "partial");
    assert_eq!(state("a-5.1").0, "planned");
    // Only OSCAL's allowed prop names in its namespace (no `label` on implemented requirements),
    // and the profile facts with the metadata.
    assert!(
        requirements
            .iter()
            .all(|r| r.props.iter().all(|p| p.ns.is_some()))
    );
    assert_eq!(annexa(&plan.metadata.props, "persons-in-scope"), ["40"]);
    assert_eq!(annexa(&plan.metadata.props, "uses-cloud"), ["true"]);
    // OSCAL 1.1 requires a user; 1.2 does not, and tools on either read the plan.
    assert_eq!(plan.system_implementation.users.len(), 1);
    // The doubtful exclusion travels with the plan.
    let a523 = requirements
        .iter()
        .find(|r| r.control_id == "a-5.23")
        .unwrap();
    assert_eq!(annexa(&a523.props, "soa-warning").len(), 1);
    assert!(annexa(&a523.props, "soa-warning")[0].contains("you use cloud services"));
}

#[test]
fn assessment_results_find_each_reviewed_requirement_and_a_risk_per_gap() {
    let doc = fixture("full_mixed");
    let report = score(&doc).unwrap();
    let ar = assessment_results(&doc, AT).unwrap();
    let result = &ar.assessment_results.results[0];

    // 123 requirements less the 4 excluded controls; 110 answered yes.
    assert_eq!(result.findings.len(), 119);
    let satisfied = result
        .findings
        .iter()
        .filter(|f| f.target.status.state == "satisfied")
        .count();
    assert_eq!(satisfied, 110);
    assert!(
        result
            .findings
            .iter()
            .all(|f| f.target.target_type == "objective-id" && f.target.target_id.ends_with("_obj"))
    );
    assert!(
        !result
            .findings
            .iter()
            .any(|f| f.title.starts_with("A.7.6 "))
    );
    // An unanswered requirement is not satisfied, with the reason given.
    let unanswered = result
        .findings
        .iter()
        .find(|f| f.title.starts_with("4.4 "))
        .unwrap();
    assert_eq!(unanswered.target.status.state, "not-satisfied");
    assert_eq!(unanswered.target.status.reason.as_deref(), Some("other"));
    assert!(unanswered.related_observations.is_empty());

    assert_eq!(result.observations.len(), doc.answers.len());
    assert_eq!(result.risks.len(), report.gaps.len());
    assert_eq!(result.risks.len(), 7);
    let backup = result
        .findings
        .iter()
        .find(|f| f.title.starts_with("A.8.13 "))
        .unwrap();
    assert_eq!(backup.target.status.state, "not-satisfied");
    let risk = result
        .risks
        .iter()
        .find(|r| r.uuid == backup.related_risks[0].risk_uuid)
        .unwrap();
    assert_eq!(annexa(&risk.props, "answer"), ["partial"]);
    assert_eq!(risk.status, "open");

    assert_eq!(annexa(&result.props, "overall-score"), ["92.7"]);
    assert_eq!(annexa(&result.props, "band"), ["progressing"]);
    let sections: Vec<(String, String)> = result
        .props
        .iter()
        .filter(|p| p.is_annexa("section-score"))
        .map(|p| (p.class.clone().unwrap(), p.value.clone()))
        .collect();
    assert_eq!(sections.len(), 11);
    assert_eq!(sections[6], ("c-10".to_owned(), "50".to_owned()));
    assert!(
        result
            .props
            .iter()
            .all(|p| p.ns.as_deref() == Some(ANNEXA_NS))
    );
}

#[test]
fn exports_are_deterministic_and_change_with_the_answers_or_the_time() {
    let doc = fixture("full_mixed");
    let a = serde_json::to_string(&assessment_results(&doc, AT).unwrap()).unwrap();
    let b = serde_json::to_string(&assessment_results(&doc, AT).unwrap()).unwrap();
    assert_eq!(a, b);
    let uuid = |doc: &AnswersDocument, at: &str| {
        system_security_plan(doc, at)
            .unwrap()
            .system_security_plan
            .uuid
    };
    assert_eq!(uuid(&doc, AT), uuid(&doc, AT));
    assert_ne!(uuid(&doc, AT), uuid(&doc, "2026-11-29T12:00:01Z"));
    assert_ne!(uuid(&doc, AT), uuid(&fixture("full_all_yes"), AT));
}

#[test]
fn bad_input_is_refused_with_a_clear_error() {
    let doc = fixture("full_mixed");
    let err = system_security_plan(&doc, "29/11/2026").unwrap_err();
    assert!(matches!(err, OscalError::InvalidTimestamp { .. }));
    assert!(
        err.to_string()
            .contains("'29/11/2026' is not a valid OSCAL timestamp")
    );

    let mut wrong = doc.clone();
    wrong.questionnaire_version = "1999.1".into();
    let err = assessment_results(&wrong, AT).unwrap_err();
    assert!(matches!(
        err,
        OscalError::Answers(AnswersError::UnknownQuestionnaireVersion { .. })
    ));

    // A plan from elsewhere, without Annexa's metadata, is not silently read as an SoA.
    let mut foreign = system_security_plan(&doc, AT).unwrap();
    foreign.system_security_plan.metadata.props.clear();
    let err = soa_from_ssp(&foreign).unwrap_err();
    assert!(err.to_string().contains("questionnaire-version"), "{err}");
}

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::answers::Profile;

fn requirement_ids() -> Vec<&'static str> {
    catalog().requirements().map(|r| r.id).collect()
}

#[test]
fn full_mode_asks_one_question_per_requirement_in_catalog_order() {
    let full = questionnaire(Mode::Full);
    assert_eq!(full.mode, Mode::Full);
    assert_eq!(full.version, QUESTIONNAIRE_VERSION);
    assert_eq!(full.questions.len(), 123);
    for (question, requirement) in full.questions.iter().zip(catalog().requirements()) {
        assert_eq!(question.id, format!("q.{}", requirement.id));
        assert_eq!(question.requirement_ids, [requirement.id]);
        assert_eq!(question.section, requirement.section_id, "{}", question.id);
        assert_eq!(
            question.allows_not_applicable,
            requirement.kind == RequirementKind::Control,
            "{}: not_applicable only on Annex A controls",
            question.id
        );
    }
    let a85 = full.question("q.A.8.5").expect("q.A.8.5");
    assert!(a85.text.contains("multi-factor"), "{}", a85.text);
    assert!(
        full.question("q.6.1.2")
            .is_some_and(|q| !q.allows_not_applicable)
    );
}

#[test]
fn full_mode_data_names_only_known_requirements_once_each() {
    let ids: Vec<String> = csv::records(FULL_CSV)
        .iter()
        .map(|r| r.get("requirement_id").to_owned())
        .collect();
    let expected: Vec<String> = requirement_ids().into_iter().map(str::to_owned).collect();
    assert_eq!(
        ids, expected,
        "questions_full.csv rows must follow the catalog"
    );
}

#[test]
fn context_questions_ask_about_climate_change() {
    let full = questionnaire(Mode::Full);
    for id in ["q.4.1", "q.4.2"] {
        let text = &full.question(id).expect(id).text;
        assert!(text.contains("climate change"), "{id}: {text}");
    }
}

#[test]
fn sections_run_from_clause_4_to_annex_a_8_in_order() {
    let order = [
        "4", "5", "6", "7", "8", "9", "10", "A.5", "A.6", "A.7", "A.8",
    ];
    for mode in [Mode::Full, Mode::Quick] {
        let sections: Vec<&str> = questionnaire(mode)
            .questions
            .iter()
            .map(|q| q.section.as_str())
            .collect();
        let positions: Vec<usize> = sections
            .iter()
            .map(|s| order.iter().position(|o| o == s).expect("known section"))
            .collect();
        assert!(positions.is_sorted(), "{mode:?}: {sections:?}");
    }
    let full: BTreeSet<&str> = questionnaire(Mode::Full)
        .questions
        .iter()
        .map(|q| q.section.as_str())
        .collect();
    assert_eq!(full, order.into_iter().collect());
}

#[test]
fn every_question_has_its_own_text_and_help() {
    for mode in [Mode::Full, Mode::Quick] {
        let q = questionnaire(mode);
        let mut ids = BTreeSet::new();
        let mut texts = BTreeSet::new();
        let items = q
            .profile_questions
            .iter()
            .map(|p| (&p.id, &p.text, &p.help))
            .chain(q.questions.iter().map(|r| (&r.id, &r.text, &r.help)));
        for (id, text, help) in items {
            assert!(ids.insert(id), "{mode:?}: duplicate id {id}");
            assert!(texts.insert(text), "{mode:?}: text of {id} is repeated");
            assert!(text.trim().len() > 20, "{mode:?}: {id} has no real text");
            assert!(text.ends_with('?'), "{mode:?}: {id} is not a question");
            assert!(help.trim().len() > 20, "{mode:?}: {id} has no help");
        }
    }
}

#[test]
fn profile_questions_fill_every_profile_field_in_both_modes() {
    let full = questionnaire(Mode::Full);
    let ids: Vec<&str> = full
        .profile_questions
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "persons_in_scope",
            "sites",
            "sector",
            "develops_software",
            "uses_cloud",
            "outsourced_it",
            "data",
            "customers",
            "organisation_facts",
            "existing_certifications",
            "target_date",
            "recent_breach",
            "security_staff",
        ]
    );
    assert_eq!(
        questionnaire(Mode::Quick).profile_questions,
        full.profile_questions
    );
}

/// Builds a profile JSON with the highest number, every option (one at a time for choices),
/// and checks [`Profile`] accepts it: the option values are the enums' JSON names.
#[test]
fn every_profile_option_deserializes_into_the_profile() {
    let questions = &questionnaire(Mode::Full).profile_questions;
    let mut base = serde_json::Map::new();
    let mut choices = Vec::new();
    for question in questions {
        let value = match &question.input {
            ProfileInput::Number { min, max } => {
                assert!(min < max, "{}", question.id);
                serde_json::json!(max)
            }
            ProfileInput::Boolean => serde_json::json!(true),
            ProfileInput::Date => serde_json::json!("2027-06-30"),
            ProfileInput::MultiChoice { options } => {
                serde_json::json!(options.iter().map(|o| &o.value).collect::<Vec<_>>())
            }
            ProfileInput::Choice { options } => {
                choices.push((&question.id, options));
                continue;
            }
        };
        base.insert(question.id.clone(), value);
    }
    assert_eq!(choices.len(), 1, "only the sector is a single choice");
    let (id, options) = choices[0];
    assert_eq!(options.len(), 14, "one option per Sector value");
    for option in options {
        let mut json = base.clone();
        json.insert(id.clone(), serde_json::json!(option.value));
        let profile: Profile = serde_json::from_value(serde_json::Value::Object(json.clone()))
            .unwrap_or_else(|e| panic!("{id}={}: {e}", option.value));
        // Serializing back gives the same values: nothing was renamed or dropped.
        assert_eq!(
            serde_json::to_value(&profile).expect("serializes"),
            serde_json::Value::Object(json)
        );
        assert!(!option.label.is_empty());
    }
    let profile: Profile =
        serde_json::from_value(serde_json::Value::Object(base)).expect("profile");
    assert_eq!(profile.data.len(), 5);
    assert_eq!(profile.customers.len(), 5);
    assert_eq!(profile.organisation_facts.len(), 4);
    assert_eq!(profile.existing_certifications.len(), 8);
}

#[test]
fn questionnaire_json_has_the_published_shape() {
    for mode in [Mode::Quick, Mode::Full] {
        let json = serde_json::to_value(questionnaire(mode)).expect("serializes");
        let object = json.as_object().expect("object");
        let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from(["version", "mode", "profile_questions", "questions"])
        );
        assert_eq!(json["version"], QUESTIONNAIRE_VERSION);
        assert_eq!(json["mode"], mode.as_str());
        let first = json["questions"][0].as_object().expect("a question");
        let keys: BTreeSet<&str> = first.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "id",
                "section",
                "text",
                "help",
                "requirement_ids",
                "allows_not_applicable"
            ])
        );
        assert!(json["questions"][0]["requirement_ids"].is_array());
        assert_eq!(json["profile_questions"][0]["input"]["type"], "number");
        let back: Questionnaire = serde_json::from_value(json).expect("round-trips");
        assert_eq!(&back, questionnaire(mode));
    }
}

#[test]
fn quick_mode_is_short_and_covers_no_requirement_twice() {
    let quick = questionnaire(Mode::Quick);
    assert_eq!(quick.mode, Mode::Quick);
    // 13 profile questions and 13 readiness questions: the organisation-facts question (cloud
    // service, NY DFS licence, EU financial entity, size) is the one added over 2026.1.
    let total = quick.profile_questions.len() + quick.questions.len();
    assert!(total <= 26, "{total} questions is more than five minutes");
    let mut covered: BTreeMap<&str, &str> = BTreeMap::new();
    for question in &quick.questions {
        assert!(question.id.starts_with("quick."), "{}", question.id);
        assert!(
            question.requirement_ids.len() >= 2,
            "{} covers one id",
            question.id
        );
        for id in &question.requirement_ids {
            let requirement = catalog()
                .requirement(id)
                .unwrap_or_else(|| panic!("{} names unknown {id}", question.id));
            if let Some(other) = covered.insert(id, &question.id) {
                panic!("{id} is covered by both {other} and {}", question.id);
            }
            if requirement.kind == RequirementKind::Clause {
                assert!(
                    !question.allows_not_applicable,
                    "{} covers clause {id} but allows not_applicable",
                    question.id
                );
            }
        }
    }
}

/// A quick answer counts for every requirement its question stands for, so a question may only
/// stand for what its text asks. These were credited by 2026.1 without being asked about.
#[test]
fn quick_questions_stand_only_for_what_their_text_asks() {
    let quick = questionnaire(Mode::Quick);
    let covered: BTreeSet<&str> = quick
        .questions
        .iter()
        .flat_map(|q| q.requirement_ids.iter().map(String::as_str))
        .collect();
    let never_asked = [
        ("4.4", "the ISMS as a set of processes"),
        ("6.1.1", "risks and opportunities of the ISMS itself"),
        ("7.4", "communication"),
        ("9.1", "monitoring and measurement"),
        ("10.1", "continual improvement"),
        ("A.5.3", "segregation of duties"),
        ("A.5.32", "intellectual property rights"),
        ("A.6.7", "remote working"),
        ("A.7.12", "cabling security"),
        ("A.8.11", "data masking"),
        ("A.8.17", "clock synchronisation"),
        ("A.8.30", "outsourced development"),
    ];
    for (id, topic) in never_asked {
        assert!(
            !covered.contains(id),
            "{id} ({topic}) is credited by a quick answer that never asks about it"
        );
    }
    // What the questions do ask still counts: the certification gates and the topics named.
    for id in [
        "4.1", "4.3", "5.2", "6.1.2", "6.1.3", "6.2", "7.5.1", "8.1", "9.2.2", "9.3.3", "10.2",
        "A.5.7", "A.5.23", "A.6.1", "A.7.14", "A.8.5", "A.8.13", "A.8.28",
    ] {
        assert!(covered.contains(id), "{id} is asked about but not covered");
    }
}

#[test]
fn isms_is_spelt_out_where_a_visitor_first_reads_it() {
    for mode in [Mode::Quick, Mode::Full] {
        let q = questionnaire(mode);
        // The order the widget shows them in: each question's text, then its help.
        let texts = q
            .profile_questions
            .iter()
            .flat_map(|p| [&p.text, &p.help])
            .chain(q.questions.iter().flat_map(|r| [&r.text, &r.help]));
        let first = texts
            .into_iter()
            .find(|t| t.contains("ISMS"))
            .expect("the questionnaire mentions the ISMS");
        assert!(
            first.contains("information security management system (ISMS)"),
            "{mode:?}: ISMS is first used unexplained in: {first}"
        );
    }
}

#[test]
fn policy_review_is_asked_at_planned_intervals_not_yearly() {
    let text = &questionnaire(Mode::Full)
        .question("q.A.5.1")
        .expect("q.A.5.1")
        .text;
    assert!(text.contains("intervals you planned"), "{text}");
    for yearly in ["year", "annual", "12 months"] {
        assert!(
            !text.contains(yearly),
            "A.5.1 does not demand {yearly}: {text}"
        );
    }
    let quick = &questionnaire(Mode::Quick)
        .question("quick.risk-assessment")
        .expect("quick.risk-assessment")
        .text;
    assert!(
        quick.contains("planned intervals") && !quick.contains("yearly"),
        "{quick}"
    );
}

#[test]
fn communication_question_asks_how_not_by_whom() {
    let text = &questionnaire(Mode::Full)
        .question("q.7.4")
        .expect("q.7.4")
        .text;
    assert!(text.contains("and how"), "{text}");
    assert!(
        !text.contains("by whom") && !text.contains("who "),
        "{text}"
    );
}

/// Help texts explain why a question matters; claims about how often something happens would
/// need a source we do not have.
#[test]
fn help_texts_make_no_unsourced_frequency_claims() {
    let claims = [
        "most",
        "often",
        "usually",
        "common",
        "commonly",
        "frequent",
        "rarely",
        "regularly",
        "majority",
        "percent",
        "cheapest",
        "easiest",
        "times",
    ];
    for mode in [Mode::Quick, Mode::Full] {
        let q = questionnaire(mode);
        let helps = q
            .profile_questions
            .iter()
            .map(|p| (&p.id, &p.help))
            .chain(q.questions.iter().map(|r| (&r.id, &r.help)));
        for (id, help) in helps {
            assert!(!help.contains('%'), "{id}: {help}");
            let words: Vec<String> = help
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .collect();
            for claim in claims {
                assert!(
                    !words.iter().any(|w| w == claim),
                    "{id} claims '{claim}' without a source: {help}"
                );
            }
            assert!(!help.contains("far more"), "{id}: {help}");
        }
    }
}

/// The scoring separates these facts, so each must be its own quick answer.
#[test]
fn quick_mode_asks_the_certification_gates_separately() {
    let quick = questionnaire(Mode::Quick);
    let question_of = |id: &str| {
        quick
            .questions
            .iter()
            .find(|q| q.requirement_ids.iter().any(|r| r == id))
            .map(|q| q.id.as_str())
            .unwrap_or_else(|| panic!("{id} uncovered"))
    };
    let gates = [
        ("quick.scope", &["4.3"][..]),
        ("quick.policy", &["5.2"]),
        ("quick.risk-assessment", &["6.1.2", "8.2"]),
        ("quick.risk-treatment", &["6.1.3", "8.3"]),
        ("quick.internal-audit", &["9.2.1", "9.2.2"]),
        ("quick.management-review", &["9.3.1", "9.3.2", "9.3.3"]),
    ];
    for (question, ids) in gates {
        for id in ids {
            assert_eq!(question_of(id), question, "{id}");
        }
    }
    let audit = quick.question("quick.internal-audit").expect("audit");
    assert_eq!(audit.requirement_ids, ["9.2.1", "9.2.2"]);
    assert!(audit.text.contains("internal audit"));
    let review = quick.question("quick.management-review").expect("review");
    assert_eq!(review.requirement_ids, ["9.3.1", "9.3.2", "9.3.3"]);
}

#[test]
fn mode_names_read_back_as_written_and_nothing_else() {
    for mode in [Mode::Quick, Mode::Full] {
        assert_eq!(Mode::from_name(mode.as_str()), Some(mode));
        let json = serde_json::to_string(&mode).unwrap();
        assert_eq!(json, format!("\"{}\"", mode.as_str()));
    }
    for name in ["", "Quick", "FULL", " quick", "fast", "quickfull"] {
        assert_eq!(Mode::from_name(name), None, "{name:?}");
    }
}

#[test]
fn the_full_texts_read_from_the_file_are_the_compiled_in_ones() {
    let texts = FullQuestionTexts::from_csv(FULL_CSV).expect("questions_full.csv reads");
    let full = questionnaire(Mode::Full);
    for question in &full.questions {
        assert_eq!(
            texts.of(&question.id),
            Some((question.text.as_str(), question.help.as_str())),
            "{}",
            question.id
        );
    }
    assert_eq!(texts.of("q.99"), None);
    assert_eq!(texts.of("quick.risk"), None);
}

#[test]
fn a_texts_file_that_does_not_follow_the_catalog_is_refused() {
    let lines: Vec<&str> = FULL_CSV.lines().collect();
    let without = |i: usize| {
        let mut changed = lines.clone();
        changed.remove(i);
        changed.join("\n")
    };
    // A row missing, two rows swapped, a text left empty, another file, nothing.
    assert!(FullQuestionTexts::from_csv(&without(5)).is_none());
    assert!(FullQuestionTexts::from_csv(&without(lines.len() - 1)).is_none());
    let mut swapped = lines.clone();
    swapped.swap(3, 4);
    assert!(FullQuestionTexts::from_csv(&swapped.join("\n")).is_none());
    let first = lines[1];
    let id = first.split(',').next().unwrap();
    let emptied = FULL_CSV.replacen(first, &format!("{id},,help"), 1);
    assert!(FullQuestionTexts::from_csv(&emptied).is_none());
    assert!(FullQuestionTexts::from_csv(QUICK_CSV).is_none());
    assert!(FullQuestionTexts::from_csv("").is_none());
    assert!(FullQuestionTexts::from_csv(&lines.join("\n")).is_some());
}

//! Helpers shared by the integration tests: building answers documents without boilerplate.
#![allow(dead_code)]

#[cfg(not(target_arch = "wasm32"))]
pub mod seeded;

use std::collections::BTreeMap;

use annexa_shared::{
    Answer, AnswerValue, AnswersDocument, Mode, Profile, QUESTIONNAIRE_VERSION, questionnaire,
};

/// An answer without justification.
pub fn answer(value: AnswerValue) -> Answer {
    Answer {
        value,
        justification: None,
    }
}

/// A not_applicable answer with a justification.
pub fn excluded(why: &str) -> Answer {
    Answer {
        value: AnswerValue::NotApplicable,
        justification: Some(why.to_owned()),
    }
}

/// An empty document of `mode` with `profile`.
pub fn empty(mode: Mode, profile: Profile) -> AnswersDocument {
    AnswersDocument {
        questionnaire_version: QUESTIONNAIRE_VERSION.to_owned(),
        mode,
        profile,
        answers: BTreeMap::new(),
    }
}

/// Every question of `mode` answered `value`.
pub fn all(mode: Mode, value: AnswerValue) -> AnswersDocument {
    let mut doc = empty(mode, Profile::default());
    for question in &questionnaire(mode).questions {
        doc.answers.insert(question.id.clone(), answer(value));
    }
    doc
}

/// Sets the full-mode answer of requirement `id` (`6.1.2`, `A.5.1`).
pub fn set(doc: &mut AnswersDocument, requirement_id: &str, answer: Answer) {
    doc.answers.insert(format!("q.{requirement_id}"), answer);
}

/// The hand-computed mixed full-mode document described in `docs/SCORING.md`'s worked example.
pub fn mixed_full() -> AnswersDocument {
    let mut doc = all(Mode::Full, AnswerValue::Yes);
    doc.profile = Profile {
        persons_in_scope: Some(40),
        sites: Some(2),
        uses_cloud: Some(true),
        develops_software: Some(true),
        ..Profile::default()
    };
    set(&mut doc, "6.1.2", answer(AnswerValue::Partial));
    set(&mut doc, "7.3", answer(AnswerValue::Partial));
    set(&mut doc, "9.2.2", answer(AnswerValue::No));
    set(&mut doc, "10.1", answer(AnswerValue::Unsure));
    doc.answers.remove("q.4.4");
    set(&mut doc, "A.5.1", answer(AnswerValue::No));
    set(&mut doc, "A.6.3", answer(AnswerValue::Unsure));
    set(&mut doc, "A.8.13", answer(AnswerValue::Partial));
    doc.answers.remove("q.A.8.34");
    set(
        &mut doc,
        "A.5.23",
        excluded("We run no cloud services of our own"),
    );
    set(
        &mut doc,
        "A.7.4",
        excluded("Shared office; the landlord monitors the building"),
    );
    set(&mut doc, "A.8.30", excluded("No development is outsourced"));
    doc
}

/// The score of section `id` in `report`.
pub fn section(report: &annexa_shared::Report, id: &str) -> annexa_shared::SectionScore {
    report
        .sections
        .iter()
        .find(|s| s.id == id)
        .cloned()
        .unwrap_or_else(|| panic!("no section {id}"))
}

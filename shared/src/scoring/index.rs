//! The catalog and the questionnaires indexed once, by position, for scoring.
//!
//! Scoring a document used to look requirements, clauses, guidance and attribute values up by
//! their text ids for every answer and every tally — most of its time went to string
//! comparisons. Everything scoring asks about a requirement is worked out here once per process:
//! its Stage 1 and Stage 2 facts and its recommendation, and the requirements each report
//! section, attribute value and kind holds (as sets of positions). A questionnaire is indexed
//! once too: which requirement positions each question covers, and its question ids in sorted
//! order so that the answers (a sorted map) are matched to questions in one merge instead of
//! one search each.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::catalog::{Requirement, RequirementKind, Theme, catalog};
use crate::questionnaire::{Mode, Questionnaire};
use crate::scoring::SectionKind;

/// A report section (clause 4–10 or theme A.5–A.8) as the report names it.
#[derive(Debug)]
pub(crate) struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub kind: SectionKind,
}

/// What scoring needs to know about one requirement, worked out once.
#[derive(Debug)]
pub(crate) struct RequirementFacts {
    pub requirement: Requirement<'static>,
    /// A clause that requires documented information: answered anything but yes, a Stage 1
    /// blocker.
    pub requires_documented_information: bool,
    /// What documented information the clause expects, in our words.
    pub documented_information: Option<&'static str>,
    /// Why an auditor stops at Stage 2 when this is not in place.
    pub stage2_reason: Option<&'static str>,
    /// How to close the gap.
    pub recommendation: Option<&'static str>,
}

/// The catalog by requirement position (catalog order: leaf clauses, then the 93 controls).
#[derive(Debug)]
pub(crate) struct CatalogIndex {
    pub requirements: Vec<RequirementFacts>,
    pub sections: Vec<Section>,
    /// Per section of [`CatalogIndex::sections`], the requirements it holds.
    pub section_members: Vec<RequirementSet>,
    /// Per value of the catalog's attribute vocabulary, the controls carrying it.
    pub attribute_members: Vec<RequirementSet>,
    /// The clause requirements, and the Annex A controls.
    pub clause_members: RequirementSet,
    pub control_members: RequirementSet,
    position: crate::csv::Lookup<&'static str, usize>,
}

/// A set of requirements by catalog position, a bit each: what a report tallies over (a
/// section, an attribute value, a kind) is counted with a few `AND`s and population counts per
/// set, not by adding each requirement to each tally it counts in (a control counts in a dozen).
/// Room for 128 requirements: the catalog has 123, and a test holds it to that room.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RequirementSet([u64; 2]);

impl RequirementSet {
    #[cfg(test)]
    pub const CAPACITY: usize = 128;

    /// The set of the positions `members` gives (each below 128).
    #[cfg(test)]
    pub fn of(members: impl IntoIterator<Item = usize>) -> RequirementSet {
        let mut set = RequirementSet::default();
        for position in members {
            set.insert(position);
        }
        set
    }

    pub fn insert(&mut self, position: usize) {
        self.0[position / 64] |= 1 << (position % 64);
    }

    #[cfg(test)]
    pub fn contains(&self, position: usize) -> bool {
        self.0[position / 64] & (1 << (position % 64)) != 0
    }

    /// How many requirements are in both sets.
    pub fn count_common(&self, other: &RequirementSet) -> u32 {
        (self.0[0] & other.0[0]).count_ones() + (self.0[1] & other.0[1]).count_ones()
    }
}

/// The catalog index, built on first use.
pub(crate) fn catalog_index() -> &'static CatalogIndex {
    static INDEX: OnceLock<CatalogIndex> = OnceLock::new();
    INDEX.get_or_init(CatalogIndex::build)
}

impl CatalogIndex {
    fn build() -> CatalogIndex {
        let catalog = catalog();
        let mut sections: Vec<Section> = catalog
            .clauses
            .iter()
            .filter(|c| c.level == 1)
            .map(|clause| Section {
                id: clause.id.as_str(),
                title: crate::guidance::section_title(&clause.id).unwrap_or(&clause.title),
                kind: SectionKind::Clause,
            })
            .collect();
        sections.extend(Theme::ALL.map(|theme| Section {
            id: theme.section_id(),
            title: theme.title(),
            kind: SectionKind::Theme,
        }));
        let requirements: Vec<RequirementFacts> = catalog
            .requirements()
            .map(|requirement| {
                let requires_documented_information = catalog
                    .clause(requirement.id)
                    .is_some_and(|c| c.requires_documented_information);
                RequirementFacts {
                    requirement,
                    requires_documented_information,
                    documented_information: crate::guidance::documented_information(requirement.id),
                    stage2_reason: super::findings::stage2_reason(requirement.id),
                    recommendation: crate::guidance::recommendation(requirement.id),
                }
            })
            .collect();
        let mut section_members = vec![RequirementSet::default(); sections.len()];
        let mut attribute_members =
            vec![RequirementSet::default(); catalog.attribute_vocabulary.len()];
        let mut clause_members = RequirementSet::default();
        let mut control_members = RequirementSet::default();
        for (position, facts) in requirements.iter().enumerate() {
            let requirement = &facts.requirement;
            if let Some(section) = sections.iter().position(|s| s.id == requirement.section_id) {
                section_members[section].insert(position);
            }
            match requirement.kind {
                RequirementKind::Clause => clause_members.insert(position),
                RequirementKind::Control => control_members.insert(position),
            }
            let Some(control) = catalog.control(requirement.id) else {
                continue;
            };
            for (value, members) in
                (catalog.attribute_vocabulary.iter()).zip(&mut attribute_members)
            {
                if control.attributes.values(value.kind).contains(&value.value) {
                    members.insert(position);
                }
            }
        }
        // Inserted one by one, not collected: see `csv::Lookup`.
        let position = crate::csv::Lookup::new(
            requirements
                .iter()
                .enumerate()
                .map(|(i, r)| (r.requirement.id, i)),
        );
        CatalogIndex {
            requirements,
            sections,
            section_members,
            attribute_members,
            clause_members,
            control_members,
            position,
        }
    }

    /// The position of the requirement with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.position.get(id).copied()
    }
}

/// A questionnaire by question position.
#[derive(Debug, Clone)]
pub(crate) struct QuestionnaireIndex<'q> {
    /// Question position → the positions of the requirements it covers, ids unknown to the
    /// catalog left out.
    pub covers: Vec<Vec<usize>>,
    /// (question id, question position), sorted by id as the answers map is.
    by_id: Vec<(&'q str, usize)>,
}

impl<'q> QuestionnaireIndex<'q> {
    fn build(questionnaire: &'q Questionnaire) -> QuestionnaireIndex<'q> {
        let catalog = catalog_index();
        let covers = questionnaire
            .questions
            .iter()
            .map(|q| {
                q.requirement_ids
                    .iter()
                    .filter_map(|id| catalog.position(id))
                    .collect()
            })
            .collect();
        // Sorted by inserting each pair at its place, once per questionnaire and process: the
        // same order as a sort (the pairs are all different), without the standard library's
        // sort compiled for this pair type (about 2 KB of the widget module).
        let mut by_id: Vec<(&str, usize)> = Vec::with_capacity(questionnaire.questions.len());
        for (i, q) in questionnaire.questions.iter().enumerate() {
            let pair = (q.id.as_str(), i);
            let at = by_id.partition_point(|e| *e < pair);
            by_id.insert(at, pair);
        }
        QuestionnaireIndex { covers, by_id }
    }

    /// Each answer with the position of its question (`None` for an id that is no question), in
    /// the answers' order: one merge of two sorted lists instead of a search per answer.
    /// `answers` must come in id order, as both answers documents keep them.
    pub fn match_answers<'d, V>(
        &self,
        answers: impl IntoIterator<Item = (&'d str, V)>,
    ) -> impl Iterator<Item = (&'d str, V, Option<usize>)> {
        let mut questions = self.by_id.iter().peekable();
        answers.into_iter().map(move |(id, answer)| {
            // Nearly every answer is to the next question in id order: one comparison for
            // equality, then the merge's steps only for the others.
            if let Some((_, position)) = questions.next_if(|(q, _)| *q == id) {
                return (id, answer, Some(*position));
            }
            while questions.next_if(|(q, _)| *q < id).is_some() {}
            let position = questions
                .next_if(|(q, _)| *q == id)
                .map(|(_, position)| *position);
            (id, answer, position)
        })
    }

    /// The answer to each question, by question position. Answers to ids that are not
    /// questions are left out (validation refuses them anyway).
    pub fn answers<'d, V: Clone>(
        &self,
        answers: impl IntoIterator<Item = (&'d str, V)>,
    ) -> Vec<Option<V>> {
        let mut by_question = vec![None; self.covers.len()];
        for (_, answer, position) in self.match_answers(answers) {
            if let Some(position) = position {
                by_question[position] = Some(answer);
            }
        }
        by_question
    }
}

/// The index of `questionnaire`: the built-in ones are indexed once per process, any other
/// (tests, or one loaded elsewhere) on each call.
pub(crate) fn questionnaire_index(
    questionnaire: &Questionnaire,
) -> Cow<'_, QuestionnaireIndex<'_>> {
    static QUICK: OnceLock<QuestionnaireIndex<'static>> = OnceLock::new();
    static FULL: OnceLock<QuestionnaireIndex<'static>> = OnceLock::new();
    let built_in = crate::questionnaire::questionnaire(questionnaire.mode);
    if !std::ptr::eq(questionnaire, built_in) {
        return Cow::Owned(QuestionnaireIndex::build(questionnaire));
    }
    let cell = match questionnaire.mode {
        Mode::Quick => &QUICK,
        Mode::Full => &FULL,
    };
    Cow::Borrowed(cell.get_or_init(|| QuestionnaireIndex::build(built_in)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::AttributeKind;
    use crate::questionnaire::questionnaire;
    use std::collections::BTreeMap;

    #[test]
    fn each_control_carries_the_attribute_values_the_catalog_gives_it() {
        let catalog = catalog();
        let index = catalog_index();
        let values_of = |position: usize| -> Vec<(AttributeKind, &str)> {
            (catalog.attribute_vocabulary.iter())
                .zip(&index.attribute_members)
                .filter(|(_, members)| members.contains(position))
                .map(|(v, _)| (v.kind, v.value.as_str()))
                .collect()
        };
        let a_8_5 = index.position("A.8.5").expect("A.8.5");
        let values = values_of(a_8_5);
        let control = catalog.control("A.8.5").expect("A.8.5");
        for kind in AttributeKind::ALL {
            let expected: Vec<&str> = control
                .attributes
                .values(kind)
                .iter()
                .map(String::as_str)
                .collect();
            let found: Vec<&str> = values
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, v)| *v)
                .collect();
            assert_eq!(found.len(), expected.len(), "{kind:?}");
            assert!(found.iter().all(|v| expected.contains(v)), "{kind:?}");
        }
        assert!(index.control_members.contains(a_8_5));
        assert!(!index.clause_members.contains(a_8_5));
        let sections_of = |position: usize| -> Vec<&str> {
            (index.sections.iter())
                .zip(&index.section_members)
                .filter(|(_, members)| members.contains(position))
                .map(|(s, _)| s.id)
                .collect()
        };
        assert_eq!(sections_of(a_8_5), ["A.8"]);
        let clause = index.position("6.1.3").expect("6.1.3");
        assert!(values_of(clause).is_empty());
        assert!(index.requirements[clause].requires_documented_information);
        assert!(index.requirements[clause].stage2_reason.is_some());
        assert_eq!(sections_of(clause), ["6"]);
        assert!(index.clause_members.contains(clause));
        assert!(!index.control_members.contains(clause));
    }

    #[test]
    fn requirement_sets_count_what_two_sets_hold_in_common() {
        // Across a word's edge and at the last place.
        let a = RequirementSet::of([0, 63, 64, 65, 127]);
        let b = RequirementSet::of([63, 64, 100, 127]);
        assert_eq!(a.count_common(&b), 3);
        assert_eq!(a.count_common(&a), 5);
        assert_eq!(a.count_common(&RequirementSet::default()), 0);
        assert!(a.contains(127) && !a.contains(126));
        // The catalog's requirements each have a place.
        assert!(catalog_index().requirements.len() <= RequirementSet::CAPACITY);
    }

    #[test]
    fn answers_are_matched_to_their_questions_whatever_the_order() {
        let full = questionnaire(Mode::Full);
        let index = questionnaire_index(full);
        let answers: BTreeMap<String, u8> = [("q.A.8.5", 1), ("q.10.1", 2), ("q.nope", 3)]
            .map(|(id, v)| (id.to_owned(), v))
            .into_iter()
            .collect();
        let by_question = index.answers(answers.iter().map(|(id, v)| (id.as_str(), *v)));
        let position = |id: &str| full.questions.iter().position(|q| q.id == id).expect(id);
        let at = |id: &str| by_question[position(id)];
        assert_eq!(at("q.A.8.5"), Some(1));
        assert_eq!(at("q.10.1"), Some(2));
        assert_eq!(at("q.4.1"), None);
        assert_eq!(
            by_question.iter().flatten().count(),
            2,
            "q.nope is no question"
        );
    }
}

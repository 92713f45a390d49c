//! Practical guidance, in our own words: what to do to close the gap on each requirement, what
//! documented information a clause expects, and the name of each report section.
//!
//! The texts are compiled in from `shared/data/guidance.csv` (one row per requirement) and
//! parsed once, on first use.

use std::sync::OnceLock;

use crate::catalog::Theme;
use crate::csv;

const GUIDANCE_CSV: &str = include_str!("../data/guidance.csv");

/// The guidance of one requirement.
struct Guidance {
    recommendation: String,
    documented_information: Option<String>,
}

fn guidance() -> &'static csv::Lookup<String, Guidance> {
    static GUIDANCE: OnceLock<csv::Lookup<String, Guidance>> = OnceLock::new();
    GUIDANCE.get_or_init(|| {
        csv::Lookup::new(csv::records(GUIDANCE_CSV).iter().map(|r| {
            let documents = r.get("documented_information");
            let guidance = Guidance {
                recommendation: r.get("recommendation").to_owned(),
                documented_information: (!documents.is_empty()).then(|| documents.to_owned()),
            };
            (r.get("requirement_id").to_owned(), guidance)
        }))
    })
}

/// One or two sentences of practical advice on closing the gap for a requirement
/// (`6.1.2`, `A.8.5`); `None` for an id that is not one of the 123 requirements.
pub fn recommendation(requirement_id: &str) -> Option<&'static str> {
    guidance()
        .get(requirement_id)
        .map(|g| g.recommendation.as_str())
}

/// What documented information a clause (`6.1.3`) expects, described in our words; `None` for a
/// clause that requires none (see [`crate::Clause::requires_documented_information`]) or an
/// unknown id.
pub fn documented_information(clause_id: &str) -> Option<&'static str> {
    guidance()
        .get(clause_id)
        .and_then(|g| g.documented_information.as_deref())
}

/// The title of a report section: `4` … `10` (the main clauses, e.g. "Context of the
/// organisation") or `A.5` … `A.8` (the Annex A themes, see [`Theme::title`]).
pub fn section_title(section_id: &str) -> Option<&'static str> {
    let title = match section_id {
        "4" => "Context of the organisation",
        "5" => "Leadership",
        "6" => "Planning",
        "7" => "Support",
        "8" => "Operation",
        "9" => "Performance evaluation",
        "10" => "Improvement",
        _ => {
            return Theme::ALL
                .into_iter()
                .find(|t| t.section_id() == section_id)
                .map(Theme::title);
        }
    };
    Some(title)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn every_requirement_has_its_own_recommendation() {
        let mut seen = BTreeSet::new();
        for requirement in catalog().requirements() {
            let text = recommendation(requirement.id)
                .unwrap_or_else(|| panic!("{} has no recommendation", requirement.id));
            assert!(text.len() > 40, "{}: {text}", requirement.id);
            assert!(text.ends_with('.'), "{}: {text}", requirement.id);
            assert!(
                seen.insert(text),
                "{} repeats another recommendation",
                requirement.id
            );
        }
        assert_eq!(
            guidance().len(),
            123,
            "guidance.csv has rows for unknown ids"
        );
        assert!(recommendation("A.8.5").is_some_and(|t| t.contains("multi-factor")));
        assert_eq!(recommendation("6.1"), None, "6.1 is not a requirement");
        assert_eq!(recommendation("A.9.1"), None);
    }

    #[test]
    fn documented_information_is_described_exactly_where_a_clause_requires_it() {
        let catalog = catalog();
        for clause in &catalog.clauses {
            let ours = documented_information(&clause.id);
            assert_eq!(
                ours.is_some(),
                clause.requires_documented_information,
                "clause {}",
                clause.id
            );
            #[cfg(feature = "catalog-notes")]
            if let (Some(ours), Some(source)) = (ours, clause.documented_information.as_deref()) {
                assert_ne!(ours, source, "{}: write it in our own words", clause.id);
            }
        }
        assert!(
            documented_information("6.1.3")
                .is_some_and(|d| d.contains("Statement of Applicability"))
        );
        assert!(documented_information("9.3.3").is_some_and(|d| d.contains("management review")));
        assert_eq!(documented_information("A.5.1"), None);
    }

    #[test]
    fn every_report_section_has_a_title() {
        let sections: BTreeSet<&str> = catalog().requirements().map(|r| r.section_id).collect();
        assert_eq!(sections.len(), 11);
        for section in sections {
            assert!(section_title(section).is_some(), "{section}");
        }
        assert_eq!(section_title("4"), Some("Context of the organisation"));
        assert_eq!(section_title("9"), Some("Performance evaluation"));
        assert_eq!(section_title("A.8"), Some("Technological controls"));
        assert_eq!(section_title("A.9"), None);
        assert_eq!(section_title("11"), None);
    }
}

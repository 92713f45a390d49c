//! Cross-framework coverage: what an ISO/IEC 27001:2022 self-assessment says about the items of
//! NIST CSF 2.0, NIST SP 800-53 Rev. 5 and NIS2 (Implementing Regulation (EU) 2024/2690, grouped
//! by the point of Art. 21(2) each requirement serves).
//!
//! For every framework item, the published mapping names related ISO requirements; each is met
//! (answered yes), not met (partial, no or unsure), excluded (not applicable) or not assessed
//! (unanswered, or not asked in quick mode). The item then counts as:
//!
//! - `all_met` — every related requirement that is not excluded is met;
//! - `some_met` — at least one is met, but not all;
//! - `none_met` — at least one is answered and none is met;
//! - `not_assessed` — none is answered (or every one is excluded).
//!
//! This is "related requirements met", never compliance: the mappings say the items intersect,
//! not that they are equivalent (ENISA says so explicitly for NIS2), and the answers are the
//! organisation's own.

mod mapping;
mod summary;

use serde::{Deserialize, Serialize};

pub use mapping::MappedFramework;
pub use summary::{CoverageSummary, FrameworkSummary};

use crate::answers::{AnswerValue, AnswersDocument};
use crate::catalog::catalog;
use crate::questionnaire::Mode;
use crate::scoring::{SCORING_VERSION, State, assess};
use crate::validation::{AnswersError, validate};

/// The one-line caveat every coverage output carries.
pub const DISCLAIMER: &str = "Related ISO/IEC 27001:2022 requirements met, from the organisation's own answers. \
     A mapping shows where frameworks intersect, not that they are equivalent: this is not a \
     statement of compliance with any framework.";

/// What the answers say about one related ISO requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequirementState {
    /// Answered yes.
    Met,
    /// Answered partial, no or unsure.
    NotMet,
    /// Excluded from the SoA (not applicable).
    Excluded,
    /// Not answered, or not asked in this mode.
    NotAssessed,
}

impl RequirementState {
    /// The snake_case name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            RequirementState::Met => "met",
            RequirementState::NotMet => "not_met",
            RequirementState::Excluded => "excluded",
            RequirementState::NotAssessed => "not_assessed",
        }
    }
}

/// How many of an item's related requirements are met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemCoverage {
    /// Every related requirement that applies is met.
    AllMet,
    /// Some are met, not all.
    SomeMet,
    /// Some are answered, none is met.
    NoneMet,
    /// None is answered, or all are excluded.
    NotAssessed,
}

impl ItemCoverage {
    /// The snake_case name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemCoverage::AllMet => "all_met",
            ItemCoverage::SomeMet => "some_met",
            ItemCoverage::NoneMet => "none_met",
            ItemCoverage::NotAssessed => "not_assessed",
        }
    }
}

/// A related ISO requirement and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedRequirement {
    /// `5.2`, `A.5.1`.
    pub requirement_id: String,
    /// Its short title.
    pub title: String,
    /// What the answers say.
    pub state: RequirementState,
}

/// One framework item and how many of its related requirements are met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageItem {
    /// `PR.AA-01`, `AC-2`, `6.7.2.a`.
    pub id: String,
    /// The CSF outcome, the 800-53 control name, or the NIS2 annex section.
    pub title: String,
    /// The group ids (CSF function, 800-53 family, Art. 21(2) points).
    pub groups: Vec<String>,
    /// The verdict.
    pub coverage: ItemCoverage,
    /// Related requirements met.
    pub met: u32,
    /// Related requirements that apply (not excluded).
    pub applicable: u32,
    /// The related requirements, in mapping order.
    pub related: Vec<RelatedRequirement>,
}

/// How many items fall in each coverage class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CoverageCounts {
    /// Items whose related requirements are all met.
    pub all_met: u32,
    /// Items with some related requirements met.
    pub some_met: u32,
    /// Items with none met.
    pub none_met: u32,
    /// Items not assessed.
    pub not_assessed: u32,
    /// All items.
    pub total: u32,
}

impl CoverageCounts {
    fn add(&mut self, coverage: ItemCoverage) {
        self.total += 1;
        match coverage {
            ItemCoverage::AllMet => self.all_met += 1,
            ItemCoverage::SomeMet => self.some_met += 1,
            ItemCoverage::NoneMet => self.none_met += 1,
            ItemCoverage::NotAssessed => self.not_assessed += 1,
        }
    }
}

/// The counts of one group (a CSF function, an 800-53 family, an Art. 21(2) point).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCoverage {
    /// `PR`, `AC`, `21(2)(d)`.
    pub id: String,
    /// Its name.
    pub title: String,
    /// The counts of its items.
    pub counts: CoverageCounts,
}

/// One framework's coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkCoverage {
    /// Which framework.
    pub framework: MappedFramework,
    /// Its name.
    pub title: String,
    /// The mapping's source and licence (attribution).
    pub source: String,
    /// The counts over every mapped item (a NIS2 requirement serving two points counts once).
    pub counts: CoverageCounts,
    /// The counts per group, in the framework's order.
    pub groups: Vec<GroupCoverage>,
    /// Every mapped item.
    pub items: Vec<CoverageItem>,
}

/// Coverage of every mapped framework for one assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossFrameworkCoverage {
    /// The questionnaire version answered.
    pub questionnaire_version: String,
    /// The scoring rules the answers were read with.
    pub scoring_version: String,
    /// Quick or full.
    pub mode: Mode,
    /// [`DISCLAIMER`].
    pub disclaimer: String,
    /// CSF 2.0, SP 800-53 Rev. 5, NIS2.
    pub frameworks: Vec<FrameworkCoverage>,
}

/// The cross-framework coverage of `doc`, checked against the questionnaire of its mode.
pub fn coverage(doc: &AnswersDocument) -> Result<CrossFrameworkCoverage, AnswersError> {
    let questionnaire = validate(doc)?;
    let states: Vec<(&str, &str, RequirementState)> = assess(questionnaire, doc)
        .into_iter()
        .map(|a| {
            let state = match a.state {
                State::Answered(AnswerValue::Yes) => RequirementState::Met,
                State::Answered(_) => RequirementState::NotMet,
                State::NotApplicable(_) => RequirementState::Excluded,
                State::Unanswered | State::NotCovered => RequirementState::NotAssessed,
            };
            (a.requirement.id, a.requirement.title, state)
        })
        .collect();
    let catalog = catalog();
    let frameworks = MappedFramework::ALL
        .into_iter()
        .map(|framework| {
            let items: Vec<CoverageItem> = mapping::items(framework)
                .iter()
                .map(|item| {
                    let related: Vec<RelatedRequirement> = item
                        .iso_ids
                        .iter()
                        .map(|id| {
                            let (title, state) = states
                                .iter()
                                .find(|(r, _, _)| r == id)
                                .map(|(_, t, s)| ((*t).to_owned(), *s))
                                .unwrap_or_else(|| {
                                    let title = catalog.requirement(id).map_or("", |r| r.title);
                                    (title.to_owned(), RequirementState::NotAssessed)
                                });
                            RelatedRequirement {
                                requirement_id: id.clone(),
                                title,
                                state,
                            }
                        })
                        .collect();
                    let count = |s: RequirementState| {
                        related.iter().filter(|r| r.state == s).count() as u32
                    };
                    let met = count(RequirementState::Met);
                    let answered = met + count(RequirementState::NotMet);
                    let applicable = related.len() as u32 - count(RequirementState::Excluded);
                    let coverage = if answered == 0 {
                        ItemCoverage::NotAssessed
                    } else if met == applicable {
                        ItemCoverage::AllMet
                    } else if met > 0 {
                        ItemCoverage::SomeMet
                    } else {
                        ItemCoverage::NoneMet
                    };
                    CoverageItem {
                        id: item.id.clone(),
                        title: item.title.clone(),
                        groups: item.groups.iter().map(|g| (*g).to_owned()).collect(),
                        coverage,
                        met,
                        applicable,
                        related,
                    }
                })
                .collect();
            let mut counts = CoverageCounts::default();
            for item in &items {
                counts.add(item.coverage);
            }
            let groups = mapping::groups(framework)
                .iter()
                .map(|(id, title)| {
                    let mut counts = CoverageCounts::default();
                    for item in items.iter().filter(|i| i.groups.iter().any(|g| g == id)) {
                        counts.add(item.coverage);
                    }
                    GroupCoverage {
                        id: (*id).to_owned(),
                        title: (*title).to_owned(),
                        counts,
                    }
                })
                .collect();
            FrameworkCoverage {
                framework,
                title: framework.title().to_owned(),
                source: framework.source().to_owned(),
                counts,
                groups,
                items,
            }
        })
        .collect();
    Ok(CrossFrameworkCoverage {
        questionnaire_version: questionnaire.version.clone(),
        scoring_version: SCORING_VERSION.to_owned(),
        mode: questionnaire.mode,
        disclaimer: DISCLAIMER.to_owned(),
        frameworks,
    })
}

impl CrossFrameworkCoverage {
    /// The coverage of one framework.
    pub fn framework(&self, framework: MappedFramework) -> Option<&FrameworkCoverage> {
        self.frameworks.iter().find(|f| f.framework == framework)
    }

    /// One row per framework item, as RFC 4180 CSV: a header row, every field quoted, CRLF line
    /// ends. Columns: `framework,groups,item_id,item_title,coverage,related_met,
    /// related_applicable,related_requirements,mapping_source`; `groups` and
    /// `related_requirements` are `|`-separated, the latter as `id=state` (`A.5.1=met`).
    /// Formula-like fields are neutralised as in the SoA CSV.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        crate::csv::write_row::<&str>(
            &mut out,
            &[
                "framework",
                "groups",
                "item_id",
                "item_title",
                "coverage",
                "related_met",
                "related_applicable",
                "related_requirements",
                "mapping_source",
            ],
            crate::csv::CsvMode::Spreadsheet,
        );
        for framework in &self.frameworks {
            for item in &framework.items {
                let related = item
                    .related
                    .iter()
                    .map(|r| format!("{}={}", r.requirement_id, r.state.as_str()))
                    .collect::<Vec<_>>()
                    .join("|");
                crate::csv::write_row::<&str>(
                    &mut out,
                    &[
                        framework.framework.as_str(),
                        &item.groups.join("|"),
                        &item.id,
                        &item.title,
                        item.coverage.as_str(),
                        &item.met.to_string(),
                        &item.applicable.to_string(),
                        &related,
                        &framework.source,
                    ],
                    crate::csv::CsvMode::Spreadsheet,
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_mapped_iso_id_is_a_requirement_of_the_catalog() {
        let ids: BTreeSet<&str> = catalog().requirements().map(|r| r.id).collect();
        for framework in MappedFramework::ALL {
            let items = mapping::items(framework);
            assert!(!items.is_empty());
            for item in items {
                assert!(!item.groups.is_empty(), "{} has no group", item.id);
                for id in &item.iso_ids {
                    assert!(ids.contains(id.as_str()), "{}: {id} unknown", item.id);
                }
            }
        }
    }

    #[test]
    fn mapping_files_hold_the_published_item_counts() {
        let count = |f| mapping::items(f).len();
        assert_eq!(count(MappedFramework::NistCsf2), 106);
        assert_eq!(count(MappedFramework::NistSp800_53r5), 220);
        assert_eq!(count(MappedFramework::Nis2Cir2024_2690), 325);
        let pairs: usize = MappedFramework::ALL
            .iter()
            .flat_map(|f| mapping::items(*f))
            .map(|i| i.iso_ids.len())
            .sum();
        assert_eq!(
            pairs,
            341 + 642 + 926,
            "one pair per data row, no duplicate rows"
        );
    }
}

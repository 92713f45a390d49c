//! What the widget's report shows of the coverage — per framework its name, source and counts,
//! and the counts of its groups — and how it crosses from the exports module to the widget
//! module: a flat list of texts ([`CoverageSummary::to_fields`]) that the widget reads back
//! with [`CoverageSummary::from_fields`], without a JSON parser and without the items, which
//! the report does not show.

use super::{CoverageCounts, CrossFrameworkCoverage, GroupCoverage};

/// The coverage as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageSummary {
    /// CSF 2.0, SP 800-53 Rev. 5, NIS2, in [`super::MappedFramework::ALL`] order.
    pub frameworks: Vec<FrameworkSummary>,
}

/// One framework as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkSummary {
    /// [`super::MappedFramework::as_str`]: `nist_csf_2`, ….
    pub framework: String,
    /// Its name.
    pub title: String,
    /// The mapping's source and licence (attribution).
    pub source: String,
    /// The counts over every mapped item.
    pub counts: CoverageCounts,
    /// The counts per group, in the framework's order.
    pub groups: Vec<GroupCoverage>,
}

impl CrossFrameworkCoverage {
    /// What the report shows of this coverage.
    pub fn summary(&self) -> CoverageSummary {
        CoverageSummary {
            frameworks: self
                .frameworks
                .iter()
                .map(|f| FrameworkSummary {
                    framework: f.framework.as_str().to_owned(),
                    title: f.title.clone(),
                    source: f.source.clone(),
                    counts: f.counts,
                    groups: f.groups.clone(),
                })
                .collect(),
        }
    }
}

fn push_counts(fields: &mut Vec<String>, counts: &CoverageCounts) {
    for n in [
        counts.all_met,
        counts.some_met,
        counts.none_met,
        counts.not_assessed,
        counts.total,
    ] {
        fields.push(n.to_string());
    }
}

fn read_number<'a>(fields: &mut impl Iterator<Item = &'a str>) -> Option<u32> {
    fields.next()?.parse().ok()
}

fn read_text<'a>(fields: &mut impl Iterator<Item = &'a str>) -> Option<String> {
    fields.next().map(str::to_owned)
}

fn read_counts<'a>(fields: &mut impl Iterator<Item = &'a str>) -> Option<CoverageCounts> {
    Some(CoverageCounts {
        all_met: read_number(fields)?,
        some_met: read_number(fields)?,
        none_met: read_number(fields)?,
        not_assessed: read_number(fields)?,
        total: read_number(fields)?,
    })
}

impl CoverageSummary {
    /// The summary as a flat list of texts: per framework its code, title, source, five counts
    /// and number of groups, then per group its id, title and five counts.
    pub fn to_fields(&self) -> Vec<String> {
        let mut fields = Vec::new();
        for f in &self.frameworks {
            fields.extend([f.framework.clone(), f.title.clone(), f.source.clone()]);
            push_counts(&mut fields, &f.counts);
            fields.push(f.groups.len().to_string());
            for g in &f.groups {
                fields.extend([g.id.clone(), g.title.clone()]);
                push_counts(&mut fields, &g.counts);
            }
        }
        fields
    }

    /// The summary [`CoverageSummary::to_fields`] wrote; `None` for any other list.
    pub fn from_fields<'a>(fields: impl IntoIterator<Item = &'a str>) -> Option<CoverageSummary> {
        let mut fields = fields.into_iter().peekable();
        let mut frameworks = Vec::new();
        while fields.peek().is_some() {
            let framework = read_text(&mut fields)?;
            let title = read_text(&mut fields)?;
            let source = read_text(&mut fields)?;
            let counts = read_counts(&mut fields)?;
            let count = read_number(&mut fields)?;
            let mut groups = Vec::new();
            for _ in 0..count {
                groups.push(GroupCoverage {
                    id: read_text(&mut fields)?,
                    title: read_text(&mut fields)?,
                    counts: read_counts(&mut fields)?,
                });
            }
            frameworks.push(FrameworkSummary {
                framework,
                title,
                source,
                counts,
                groups,
            });
        }
        Some(CoverageSummary { frameworks })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Answer, AnswerValue, AnswersDocument};
    use crate::questionnaire::{Mode, QUESTIONNAIRE_VERSION, questionnaire};

    fn doc(mode: Mode) -> AnswersDocument {
        let values = [AnswerValue::Yes, AnswerValue::No, AnswerValue::Partial];
        AnswersDocument {
            questionnaire_version: QUESTIONNAIRE_VERSION.into(),
            mode,
            profile: Default::default(),
            answers: questionnaire(mode)
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let answer = Answer {
                        value: values[i % values.len()],
                        justification: None,
                    };
                    (q.id.clone(), answer)
                })
                .collect(),
        }
    }

    #[test]
    fn the_summary_crosses_as_texts_and_back_unchanged() {
        for mode in [Mode::Quick, Mode::Full] {
            let coverage = super::super::coverage(&doc(mode)).unwrap();
            let summary = coverage.summary();
            assert_eq!(summary.frameworks.len(), coverage.frameworks.len());
            for (s, f) in summary.frameworks.iter().zip(&coverage.frameworks) {
                assert_eq!(s.framework, f.framework.as_str());
                assert_eq!(
                    (&s.title, &s.source, s.counts),
                    (&f.title, &f.source, f.counts)
                );
                assert_eq!(s.groups, f.groups);
            }
            let fields = summary.to_fields();
            let back = CoverageSummary::from_fields(fields.iter().map(String::as_str));
            assert_eq!(back, Some(summary));
        }
    }

    #[test]
    fn a_list_cut_short_or_not_a_number_is_none() {
        let fields = super::super::coverage(&doc(Mode::Quick))
            .unwrap()
            .summary()
            .to_fields();
        for cut in [1, 3, 8, 9, 12, fields.len() - 1] {
            let short = fields[..cut].iter().map(String::as_str);
            assert_eq!(CoverageSummary::from_fields(short), None, "cut at {cut}");
        }
        let mut bad = fields.clone();
        bad[3] = "many".to_owned();
        assert_eq!(
            CoverageSummary::from_fields(bad.iter().map(String::as_str)),
            None
        );
        assert_eq!(
            CoverageSummary::from_fields([]),
            Some(CoverageSummary { frameworks: vec![] })
        );
    }
}

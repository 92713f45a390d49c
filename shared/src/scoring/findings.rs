//! Stage 1 and Stage 2 blockers and the prioritised gap list.

use serde::{Deserialize, Serialize};

use crate::answers::AnswerValue;
use crate::catalog::RequirementKind;
use crate::scoring::assessment::{Assessed, credit};
use crate::scoring::index::{RequirementFacts, catalog_index};
use crate::text::Text;

/// Something that would stop a certification audit at Stage 1 or Stage 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocker {
    /// The clause requirement (`9.2.2`).
    pub requirement_id: Text,
    /// Its short title.
    pub title: Text,
    /// Why an auditor would stop here, in plain words, naming the answer given.
    pub reason: String,
}

/// How urgent a gap is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A Stage 1 or Stage 2 blocker: the audit cannot pass until it is fixed.
    Critical,
    /// A mandatory clause requirement not (fully) met: a likely nonconformity.
    High,
    /// An applicable Annex A control answered no or unsure.
    Medium,
    /// An applicable Annex A control only partly in place.
    Low,
}

impl Severity {
    /// Its JSON name (`critical`): an identifier, never shown to a visitor.
    pub const fn code(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// One requirement that is not fully met, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    /// The clause or control (`A.8.13`).
    pub requirement_id: Text,
    /// Its short title.
    pub title: Text,
    /// How urgent it is.
    pub severity: Severity,
    /// The answer that made it a gap: `no`, `unsure` or `partial`.
    pub answer: AnswerValue,
    /// What to do, in our words.
    pub recommendation: Text,
}

/// Which clause requirements must be in place for Stage 2, and why, in our words.
const STAGE2: [(&str, &str); 8] = [
    ("6.1.2", RISK_ASSESSMENT),
    ("8.2", RISK_ASSESSMENT),
    ("6.1.3", RISK_TREATMENT),
    ("9.2.1", INTERNAL_AUDIT),
    ("9.2.2", INTERNAL_AUDIT),
    ("9.3.1", MANAGEMENT_REVIEW),
    ("9.3.2", MANAGEMENT_REVIEW),
    ("9.3.3", MANAGEMENT_REVIEW),
];
const RISK_ASSESSMENT: &str = "no completed information security risk assessment: the Stage 2 auditor traces every control decision back to it";
const RISK_TREATMENT: &str = "no finished risk treatment plan and Statement of Applicability: the Stage 2 auditor checks the implemented controls against them";
const INTERNAL_AUDIT: &str = "no internal audit of the whole ISMS completed yet: Stage 2 expects at least one full cycle with its results";
const MANAGEMENT_REVIEW: &str = "no management review completed yet: Stage 2 expects top management to have reviewed the ISMS and recorded decisions";

pub(crate) fn stage2_reason(id: &str) -> Option<&'static str> {
    STAGE2.iter().find(|(r, _)| *r == id).map(|(_, why)| *why)
}

/// What stands between the answers and certification: the Stage 1 and Stage 2 blockers and
/// the gaps.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    /// Clause requirements needing documented information, answered anything but yes.
    pub stage1: Vec<Blocker>,
    /// Internal audit, management review, risk assessment and treatment (SoA) answered
    /// anything but yes.
    pub stage2: Vec<Blocker>,
    /// Every applicable, answered requirement not answered yes, most urgent first.
    pub gaps: Vec<Gap>,
}

/// The [`Findings`] of `assessed` (in catalog order, as [`super::assess`] gives it), found in
/// one pass over the requirements answered anything but yes.
pub(crate) fn findings(assessed: &[Assessed<'_>]) -> Findings {
    let mut findings = Findings::default();
    // Each gap's place in the order: most severe first; within a severity, what is missing
    // (no, unsure) before what is partly there; then catalog order (clauses before controls),
    // which is stable and familiar to auditors. Eight places in all, so the gaps (found in the
    // same pass, in catalog order) are gathered place by place — no sort, whose code the widget
    // would carry for this one item type — and each pass goes over the few gaps, not the
    // whole catalog.
    let mut found: Vec<(u8, &Assessed<'_>, &RequirementFacts, Severity, AnswerValue)> = Vec::new();
    for (a, facts) in assessed.iter().zip(&catalog_index().requirements) {
        let Some(answer) = a.answer().filter(|v| *v != AnswerValue::Yes) else {
            continue;
        };
        let requirement_id = Text::from_static(a.requirement.id);
        let title = Text::from_static(a.requirement.title);
        if facts.requires_documented_information {
            let (expected, documents, end) = match facts.documented_information {
                Some(d) => (" Expected: ", d.trim_end_matches('.'), "."),
                None => ("", "", ""),
            };
            findings.stage1.push(Blocker {
                requirement_id: requirement_id.clone(),
                title: title.clone(),
                // Joined, not formatted: one allocation of the exact length (a report has
                // several reasons, and the API writes one per request).
                reason: [
                    "Answered ",
                    answer_word(answer),
                    ": mandatory documented information is missing or incomplete, and the Stage 1 auditor reviews it before Stage 2 can go ahead.",
                    expected,
                    documents,
                    end,
                ]
                .concat(),
            });
        }
        if let Some(why) = facts.stage2_reason {
            findings.stage2.push(Blocker {
                requirement_id,
                title,
                reason: ["Answered ", answer_word(answer), ": ", why, "."].concat(),
            });
        }
        let blocked = facts.requires_documented_information || facts.stage2_reason.is_some();
        let severity = if blocked {
            Severity::Critical
        } else if a.requirement.kind == RequirementKind::Clause {
            Severity::High
        } else if answer == AnswerValue::Partial {
            Severity::Low
        } else {
            Severity::Medium
        };
        let partly = u8::from(credit(answer) > 0.0);
        found.push((severity as u8 * 2 + partly, a, facts, severity, answer));
    }
    findings.gaps.reserve_exact(found.len());
    for place in 0..8 {
        for &(gap_place, a, facts, severity, answer) in &found {
            if gap_place != place {
                continue;
            }
            let recommendation = facts
                .recommendation
                .map(Text::from_static)
                .unwrap_or_else(|| Text::from(fallback_recommendation(a, answer)));
            findings.gaps.push(Gap {
                requirement_id: Text::from_static(a.requirement.id),
                title: Text::from_static(a.requirement.title),
                severity,
                answer,
                recommendation,
            });
        }
    }
    findings
}

fn fallback_recommendation(a: &Assessed<'_>, answer: AnswerValue) -> String {
    let action = if answer == AnswerValue::Partial {
        "finish what has been started"
    } else {
        "put it in place"
    };
    [
        a.requirement.id,
        " ",
        a.requirement.title,
        ": ",
        action,
        ", name an owner and keep evidence that it works.",
    ]
    .concat()
}

/// The answer as people read it in a reason.
pub(crate) fn answer_word(value: AnswerValue) -> &'static str {
    match value {
        AnswerValue::Yes => "yes",
        AnswerValue::Partial => "partly",
        AnswerValue::No => "no",
        AnswerValue::Unsure => "not sure",
        AnswerValue::NotApplicable => "not applicable",
    }
}

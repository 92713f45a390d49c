//! A scored self-assessment as OSCAL assessment results.
//!
//! One result holds: an observation per answered question (method `INTERVIEW`: the organisation
//! answered a questionnaire), a finding per reviewed requirement targeting its
//! `assessment-objective` in the catalog (`satisfied` when answered yes, `not-satisfied`
//! otherwise, including unanswered), a risk per gap of the report (status `open`, our severity
//! and recommendation), and the report's scores as props in [`ANNEXA_NS`](super::ANNEXA_NS).
//! Excluded (not applicable) controls are neither reviewed nor found. There is no separate
//! assessment plan: `import-ap` points to a back-matter resource that says so.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{BackMatter, Metadata, Property, Resource, SelectControlById};
use super::ssp::ImplementationStatus;
use super::uuid::Uuid;
use super::{OscalError, check_timestamp, document_uuid, objective_id, oscal_id};
use crate::answers::{AnswerValue, AnswersDocument};
use crate::scoring::{Band, Severity, State, assess, score};
use crate::validation::validate;

/// An OSCAL assessment-results document: `{"assessment-results": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct OscalAssessmentResults {
    /// The results.
    pub assessment_results: AssessmentResults,
}

/// The assessment-results model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResults {
    /// Derived from the answers and the generation time.
    pub uuid: String,
    /// Title, dates, the questionnaire and scoring versions as Annexa props.
    pub metadata: Metadata,
    /// The assessment plan: a back-matter note, since a self-assessment has none.
    pub import_ap: ImportAp,
    /// One result: this assessment.
    pub results: Vec<AssessmentResult>,
    /// The note `import-ap` points to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_matter: Option<BackMatter>,
}

/// The `import-ap` reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportAp {
    /// `#uuid` of a back-matter resource.
    pub href: String,
    /// Why there is no assessment plan file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// One assessment result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct AssessmentResult {
    /// Stable within the document.
    pub uuid: String,
    /// A heading.
    pub title: String,
    /// What was assessed and how.
    pub description: String,
    /// When the answers were scored.
    pub start: String,
    /// Same as `start`: the scoring is instantaneous.
    pub end: String,
    /// Our scores, band and blockers as Annexa props.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The requirements assessed (excluded controls left out).
    pub reviewed_controls: ReviewedControls,
    /// One per answered question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observations: Vec<Observation>,
    /// One per gap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    /// One per reviewed requirement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

/// The reviewed controls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ReviewedControls {
    /// One selection listing every reviewed requirement.
    pub control_selections: Vec<ControlSelection>,
}

/// A selection of controls by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ControlSelection {
    /// The requirements (`c-6.1.2`, `a-5.1`).
    pub include_controls: Vec<SelectControlById>,
}

/// What one answer says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    /// Stable within the document.
    pub uuid: String,
    /// `Answer to q.A.8.13`.
    pub title: String,
    /// The question asked.
    pub description: String,
    /// The Annexa `question-id` and `answer` props.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// `INTERVIEW`.
    pub methods: Vec<String>,
    /// `control-objective`.
    pub types: Vec<String>,
    /// When the answers were scored.
    pub collected: String,
    /// The justification of a `not_applicable` answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A gap as an open risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    /// Stable within the document.
    pub uuid: String,
    /// `A.8.13 Information backup: not fully in place`.
    pub title: String,
    /// What to do about it (our recommendation).
    pub description: String,
    /// Why it is a risk: the answer and the severity.
    pub statement: String,
    /// The Annexa `severity` and `answer` props.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// `open`.
    pub status: String,
}

/// The verdict on one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Finding {
    /// Stable within the document.
    pub uuid: String,
    /// `6.1.2 Information security risk assessment`.
    pub title: String,
    /// The answer in words.
    pub description: String,
    /// The requirement's assessment objective and its status.
    pub target: FindingTarget,
    /// The observations of the answers covering the requirement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_observations: Vec<RelatedObservation>,
    /// The risk of the gap, when there is one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_risks: Vec<RelatedRisk>,
}

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct FindingTarget {
    /// `objective-id`.
    #[serde(rename = "type")]
    pub target_type: String,
    /// The catalog part id (`a-8.13_obj`).
    pub target_id: String,
    /// `satisfied` or `not-satisfied`.
    pub status: ObjectiveStatus,
    /// `implemented`, `partial` or `planned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation_status: Option<ImplementationStatus>,
}

/// The status of an objective.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectiveStatus {
    /// `satisfied` or `not-satisfied`.
    pub state: String,
    /// `pass`, `fail` or `other` (not answered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Why, for `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A reference to an observation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RelatedObservation {
    /// The observation's UUID.
    pub observation_uuid: String,
}

/// A reference to a risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RelatedRisk {
    /// The risk's UUID.
    pub risk_uuid: String,
}

/// The scored assessment of `doc` as OSCAL assessment results generated at `generated_at` (RFC
/// 3339 with a time zone; the crate has no clock).
pub fn assessment_results(
    doc: &AnswersDocument,
    generated_at: &str,
) -> Result<OscalAssessmentResults, OscalError> {
    check_timestamp(generated_at)?;
    let report = score(doc)?;
    let questionnaire = validate(doc)?;
    let document = document_uuid("assessment-results", doc, generated_at);
    let uuid = |name: &str| Uuid::v5(document, name).to_string();

    // One observation per answered question, remembered per requirement it covers.
    let mut observations = Vec::new();
    let mut by_requirement: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for question in &questionnaire.questions {
        let Some(answer) = doc.answers.get(&question.id) else {
            continue;
        };
        let observation = uuid(&format!("observation/{}", question.id));
        for id in &question.requirement_ids {
            by_requirement
                .entry(id.as_str())
                .or_default()
                .push(observation.clone());
        }
        observations.push(Observation {
            uuid: observation,
            title: format!("Answer to {}", question.id),
            description: question.text.clone(),
            props: vec![
                Property::annexa("question-id", question.id.clone()),
                Property::annexa("answer", answer.value.code()),
            ],
            methods: vec!["INTERVIEW".to_owned()],
            types: vec!["control-objective".to_owned()],
            collected: generated_at.to_owned(),
            remarks: answer
                .justification
                .as_deref()
                .filter(|_| answer.value == AnswerValue::NotApplicable)
                .map(str::to_owned),
        });
    }

    let risks: Vec<Risk> = report
        .gaps
        .iter()
        .map(|gap| Risk {
            uuid: uuid(&format!("risk/{}", gap.requirement_id)),
            title: format!("{} {}: not fully in place", gap.requirement_id, gap.title),
            description: gap.recommendation.to_string(),
            statement: format!(
                "The self-assessment answered '{}' for {}. {}",
                gap.answer.code(),
                gap.requirement_id,
                severity_text(gap.severity)
            ),
            props: vec![
                Property::annexa("severity", severity_name(gap.severity)),
                Property::annexa("answer", gap.answer.code()),
            ],
            status: "open".to_owned(),
        })
        .collect();

    let mut reviewed = Vec::new();
    let mut findings = Vec::new();
    for assessed in assess(questionnaire, doc) {
        let id = assessed.requirement.id;
        let (satisfied, reason, remarks, state, description) = match &assessed.state {
            State::NotCovered | State::NotApplicable(_) => continue,
            State::Unanswered => (
                false,
                "other",
                Some("Not answered: nothing shows the requirement is met.".to_owned()),
                "planned",
                "Not answered in the self-assessment.".to_owned(),
            ),
            State::Answered(value) => (
                *value == AnswerValue::Yes,
                if *value == AnswerValue::Yes {
                    "pass"
                } else {
                    "fail"
                },
                None,
                match value {
                    AnswerValue::Yes => "implemented",
                    AnswerValue::Partial => "partial",
                    _ => "planned",
                },
                format!("Self-assessment answer: {}.", value.code()),
            ),
        };
        reviewed.push(SelectControlById {
            control_id: oscal_id(id),
        });
        let related_risks = report
            .gaps
            .iter()
            .any(|g| g.requirement_id == id)
            .then(|| RelatedRisk {
                risk_uuid: uuid(&format!("risk/{id}")),
            })
            .into_iter()
            .collect();
        findings.push(Finding {
            uuid: uuid(&format!("finding/{}", oscal_id(id))),
            title: format!("{id} {}", assessed.requirement.title),
            description,
            target: FindingTarget {
                target_type: "objective-id".to_owned(),
                target_id: objective_id(id),
                status: ObjectiveStatus {
                    state: if satisfied {
                        "satisfied"
                    } else {
                        "not-satisfied"
                    }
                    .to_owned(),
                    reason: Some(reason.to_owned()),
                    remarks,
                },
                implementation_status: Some(ImplementationStatus {
                    state: state.to_owned(),
                    remarks: None,
                }),
            },
            related_observations: by_requirement
                .get(id)
                .into_iter()
                .flatten()
                .map(|o| RelatedObservation {
                    observation_uuid: o.clone(),
                })
                .collect(),
            related_risks,
        });
    }

    let mut props = vec![
        Property::annexa("overall-score", number(report.overall)),
        Property::annexa("progress", number(report.progress)),
        Property::annexa("band", band_name(report.band)),
    ];
    for section in &report.sections {
        if let Some(score) = section.score {
            props.push(
                Property::annexa("section-score", number(score)).with_class(oscal_id(&section.id)),
            );
        }
    }
    for blocker in &report.stage1_blockers {
        props.push(Property::annexa(
            "stage1-blocker",
            blocker.requirement_id.clone(),
        ));
    }
    for blocker in &report.stage2_blockers {
        props.push(Property::annexa(
            "stage2-blocker",
            blocker.requirement_id.clone(),
        ));
    }

    let mut metadata = Metadata::new(
        "ISO/IEC 27001:2022 readiness self-assessment results (Annexa)",
        generated_at,
        &report.questionnaire_version,
    );
    metadata.props = vec![
        Property::annexa(
            "questionnaire-version",
            report.questionnaire_version.clone(),
        ),
        Property::annexa("scoring-version", report.scoring_version.clone()),
        Property::annexa("assessment-mode", report.mode.as_str()),
    ];
    let plan_note = uuid("resource/no-assessment-plan");

    Ok(OscalAssessmentResults {
        assessment_results: AssessmentResults {
            uuid: document.to_string(),
            metadata,
            import_ap: ImportAp {
                href: format!("#{plan_note}"),
                remarks: Some(
                    "A self-assessment: there is no separate assessment plan.".to_owned(),
                ),
            },
            results: vec![AssessmentResult {
                uuid: uuid("result"),
                title: "ISO/IEC 27001:2022 readiness self-assessment".to_owned(),
                description: format!(
                    "The organisation answered the Annexa readiness questionnaire {} in {} mode; \
                     the answers were scored with the Annexa rules {}. Findings reflect the \
                     organisation's own answers, not audited evidence.",
                    report.questionnaire_version,
                    report.mode.as_str(),
                    report.scoring_version
                ),
                start: generated_at.to_owned(),
                end: generated_at.to_owned(),
                props,
                reviewed_controls: ReviewedControls {
                    control_selections: vec![ControlSelection {
                        include_controls: reviewed,
                    }],
                },
                observations,
                risks,
                findings,
            }],
            back_matter: Some(BackMatter {
                resources: vec![Resource {
                    uuid: plan_note,
                    title: Some("No separate assessment plan".to_owned()),
                    description: Some(format!(
                        "Self-assessment with the Annexa ISO/IEC 27001:2022 readiness \
                         questionnaire {} ({} mode): every requirement covered by the \
                         questionnaire is reviewed through the organisation's answers.",
                        report.questionnaire_version,
                        report.mode.as_str()
                    )),
                    props: Vec::new(),
                    rlinks: Vec::new(),
                }],
            }),
        },
    })
}

/// A score as OSCAL writes numbers in props: `62.5`, `100`.
fn number(value: f64) -> String {
    format!("{value}")
}

fn band_name(band: Band) -> &'static str {
    match band {
        Band::NotReady => "not_ready",
        Band::Early => "early",
        Band::Progressing => "progressing",
        Band::NearlyReady => "nearly_ready",
        Band::Ready => "ready",
    }
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "critical",
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low => "low",
    }
}

fn severity_text(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => {
            "Critical: a Stage 1 or Stage 2 blocker, the audit cannot pass until it is fixed."
        }
        Severity::High => {
            "High: a mandatory clause requirement not fully met, a likely nonconformity."
        }
        Severity::Medium => "Medium: an applicable Annex A control not in place.",
        Severity::Low => "Low: an applicable Annex A control only partly in place.",
    }
}

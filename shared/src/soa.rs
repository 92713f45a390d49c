//! The draft Statement of Applicability: all 93 Annex A controls, applicable or excluded with the
//! justification given, the implementation status read from the answers, and warnings for
//! exclusions an auditor is likely to challenge given the organisation profile.

use serde::{Deserialize, Serialize};

use crate::answers::{AnswerValue, AnswersDocument, Profile};
use crate::catalog::{RequirementKind, Theme, catalog};
use crate::json::write::{WriteJson, Writer};
use crate::questionnaire::{Mode, Questionnaire};
use crate::scoring::{State, assess};
use crate::validation::{AnswersError, validate, validate_against};

/// How far an applicable control is implemented, from the answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImplementationStatus {
    /// Answered yes.
    Implemented,
    /// Answered partial.
    PartiallyImplemented,
    /// Answered no.
    NotImplemented,
    /// Answered unsure.
    Unknown,
    /// Not answered, or not asked in quick mode.
    NotAssessed,
}

impl ImplementationStatus {
    /// The snake_case name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            ImplementationStatus::Implemented => "implemented",
            ImplementationStatus::PartiallyImplemented => "partially_implemented",
            ImplementationStatus::NotImplemented => "not_implemented",
            ImplementationStatus::Unknown => "unknown",
            ImplementationStatus::NotAssessed => "not_assessed",
        }
    }
}

/// One control's line in the SoA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoaEntry {
    /// `A.5.1` … `A.8.34`.
    pub control_id: String,
    /// Short title.
    pub title: String,
    /// The Annex A theme.
    pub theme: Theme,
    /// `false` when the control is excluded (answered not_applicable).
    pub applicable: bool,
    /// Why the control is excluded (the visitor's words) or why it is included (ours).
    pub justification: String,
    /// Implementation status; `None` (JSON `null`) for an excluded control.
    pub status: Option<ImplementationStatus>,
}

/// An exclusion an auditor is likely to challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoaWarning {
    /// The excluded control.
    pub control_id: String,
    /// Why the exclusion is doubtful, in plain words, naming the answer that triggered it.
    pub message: String,
}

/// The draft Statement of Applicability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementOfApplicability {
    /// The questionnaire version answered.
    pub questionnaire_version: String,
    /// Quick or full.
    pub mode: Mode,
    /// All 93 controls in Annex A order.
    pub controls: Vec<SoaEntry>,
    /// Doubtful exclusions, in Annex A order.
    pub warnings: Vec<SoaWarning>,
}

impl WriteJson for SoaEntry {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("control_id", &self.control_id);
        w.member("title", &self.title);
        w.member("theme", self.theme.code());
        w.member("applicable", &self.applicable);
        w.member("justification", &self.justification);
        w.member("status", &self.status.map(ImplementationStatus::as_str));
        w.end_object();
    }
}

impl WriteJson for SoaWarning {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("control_id", &self.control_id);
        w.member("message", &self.message);
        w.end_object();
    }
}

impl WriteJson for StatementOfApplicability {
    /// As serde writes it: the widget's SoA download is this, indented
    /// ([`WriteJson::to_json_pretty`]).
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        w.member("questionnaire_version", &self.questionnaire_version);
        w.member("mode", self.mode.as_str());
        w.member("controls", &self.controls);
        w.member("warnings", &self.warnings);
        w.end_object();
    }
}

/// Included by default: the SoA lists every control, and a control stays in unless the visitor
/// excluded it with a reason.
const INCLUDED: &str = "Included: no justified exclusion recorded, so the control is treated as needed to treat the organisation's risks";

/// The SoA of `doc`, checked against the built-in questionnaire of its mode.
pub fn statement_of_applicability(
    doc: &AnswersDocument,
) -> Result<StatementOfApplicability, AnswersError> {
    let questionnaire = validate(doc)?;
    Ok(build(questionnaire, doc))
}

/// The SoA of `doc` against a given questionnaire.
pub fn statement_of_applicability_with(
    questionnaire: &Questionnaire,
    doc: &AnswersDocument,
) -> Result<StatementOfApplicability, AnswersError> {
    validate_against(doc, questionnaire)?;
    Ok(build(questionnaire, doc))
}

fn build(questionnaire: &Questionnaire, doc: &AnswersDocument) -> StatementOfApplicability {
    let catalog = catalog();
    let mut controls = Vec::new();
    let mut warnings = Vec::new();
    for assessed in assess(questionnaire, doc) {
        if assessed.requirement.kind != RequirementKind::Control {
            continue;
        }
        let Some(control) = catalog.control(assessed.requirement.id) else {
            continue;
        };
        let (applicable, justification, status) = match &assessed.state {
            State::NotApplicable(reason) => (false, (*reason).to_owned(), None),
            State::Answered(value) => (true, INCLUDED.to_owned(), Some(status(*value))),
            State::Unanswered | State::NotCovered => (
                true,
                INCLUDED.to_owned(),
                Some(ImplementationStatus::NotAssessed),
            ),
        };
        if !applicable && let Some(message) = doubtful_exclusion(&control.id, &doc.profile) {
            warnings.push(SoaWarning {
                control_id: control.id.clone(),
                message,
            });
        }
        controls.push(SoaEntry {
            control_id: control.id.clone(),
            title: control.title.clone(),
            theme: control.theme,
            applicable,
            justification,
            status,
        });
    }
    StatementOfApplicability {
        questionnaire_version: questionnaire.version.clone(),
        mode: questionnaire.mode,
        controls,
        warnings,
    }
}

fn status(value: AnswerValue) -> ImplementationStatus {
    match value {
        AnswerValue::Yes => ImplementationStatus::Implemented,
        AnswerValue::Partial => ImplementationStatus::PartiallyImplemented,
        AnswerValue::No => ImplementationStatus::NotImplemented,
        AnswerValue::Unsure => ImplementationStatus::Unknown,
        AnswerValue::NotApplicable => ImplementationStatus::NotAssessed,
    }
}

/// Annex A number of `A.t.n` as (theme, number).
fn number(id: &str) -> Option<(u32, u32)> {
    let mut parts = id.strip_prefix("A.")?.split('.');
    let theme = parts.next()?.parse().ok()?;
    let n = parts.next()?.parse().ok()?;
    Some((theme, n))
}

/// Why excluding `id` is doubtful for this profile, or `None` when the exclusion is plausible.
fn doubtful_exclusion(id: &str, profile: &Profile) -> Option<String> {
    let (theme, n) = number(id)?;
    let yes = |flag: Option<bool>| flag == Some(true);
    let message = match (theme, n) {
        (5, 1) => "every ISMS needs information security policies; an auditor will not accept this exclusion".to_owned(),
        (5, 15) => "every organisation controls who may access its information; access control is hard to justify excluding".to_owned(),
        (5, 23) if yes(profile.uses_cloud) => "you said you use cloud services, so their security must be managed".to_owned(),
        (5, 19..=22) if yes(profile.outsourced_it) => "you said your IT is run mostly by an outside provider, so supplier security controls apply".to_owned(),
        (5, 24..=28) => "every organisation can suffer an incident; incident management controls are expected in every ISMS".to_owned(),
        (5, 31) => "every organisation has legal, regulatory and contractual requirements to identify".to_owned(),
        (5, 34) if profile.data.iter().any(|d| matches!(d, crate::DataCategory::EuPersonal | crate::DataCategory::Phi)) => {
            "you said you handle personal data (of people in the EU, or health information about patients), so privacy and PII protection apply".to_owned()
        }
        (6, _) if profile.persons_in_scope.is_some_and(|p| p > 1) => format!(
            "you said {} people work within the scope, so people controls apply",
            profile.persons_in_scope.unwrap_or_default()
        ),
        (8, 4 | 25..=29) if yes(profile.develops_software) => "you said you build software yourselves, so secure development controls apply".to_owned(),
        (8, 7) => "protection against malware is expected wherever computers are used".to_owned(),
        (8, 8) => "managing technical vulnerabilities is expected wherever IT systems are used".to_owned(),
        (8, 13) => "every organisation needs backups of the information it depends on".to_owned(),
        _ => return None,
    };
    Some(format!("Excluding {id} is doubtful: {message}."))
}

impl StatementOfApplicability {
    /// The SoA as RFC 4180 CSV: a header row, every field quoted, CRLF line ends. Columns:
    /// `control_id,title,theme,applicable,justification,status,warning`. A field starting with
    /// `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, so spreadsheets show it as
    /// text instead of running it as a formula.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        crate::csv::write_row::<&str>(
            &mut out,
            &[
                "control_id",
                "title",
                "theme",
                "applicable",
                "justification",
                "status",
                "warning",
            ],
            crate::csv::CsvMode::Spreadsheet,
        );
        for entry in &self.controls {
            let warning = self
                .warnings
                .iter()
                .filter(|w| w.control_id == entry.control_id)
                .map(|w| w.message.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            crate::csv::write_row::<&str>(
                &mut out,
                &[
                    &entry.control_id,
                    &entry.title,
                    entry.theme.title(),
                    if entry.applicable { "yes" } else { "no" },
                    &entry.justification,
                    entry.status.map_or("", ImplementationStatus::as_str),
                    &warning,
                ],
                crate::csv::CsvMode::Spreadsheet,
            );
        }
        out
    }
}

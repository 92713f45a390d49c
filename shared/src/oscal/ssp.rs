//! The Statement of Applicability as an OSCAL system security plan, and back.
//!
//! Each of the 93 Annex A controls is an `implemented-requirement` of one component, the ISMS
//! (`this-system`). Its `implementation-status` state is `implemented` (answered yes), `partial`
//! (partial), `planned` (no, unsure or not answered: needed but not in place) or `not-applicable`
//! (excluded, with the visitor's justification in its remarks). The exact SoA status and the
//! auditor warnings are kept as Annexa props, so [`soa_from_ssp`] gives back the very SoA the
//! plan was built from.

use serde::{Deserialize, Serialize};

use super::catalog::PROFILE_HREF;
use super::model::{Metadata, Property};
use super::uuid::Uuid;
use super::{ANNEXA_NS, OscalError, check_timestamp, document_uuid, oscal_id, requirement_id};
use crate::answers::AnswersDocument;
use crate::catalog::catalog;
use crate::questionnaire::Mode;
use crate::soa::{
    ImplementationStatus as SoaStatus, SoaEntry, SoaWarning, StatementOfApplicability,
    statement_of_applicability,
};

/// An OSCAL system security plan document: `{"system-security-plan": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct OscalSsp {
    /// The plan.
    pub system_security_plan: SystemSecurityPlan,
}

/// The system security plan model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SystemSecurityPlan {
    /// Derived from the answers and the generation time.
    pub uuid: String,
    /// Title, dates, the questionnaire version and mode as Annexa props.
    pub metadata: Metadata,
    /// The profile whose controls this plan implements ([`PROFILE_HREF`]).
    pub import_profile: ImportProfile,
    /// The system: the organisation's ISMS.
    pub system_characteristics: SystemCharacteristics,
    /// Its one component.
    pub system_implementation: SystemImplementation,
    /// One implemented requirement per Annex A control.
    pub control_implementation: ControlImplementation,
}

/// The `import-profile` of an SSP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProfile {
    /// Where the profile is.
    pub href: String,
}

/// The minimal system description OSCAL requires; Annexa knows only what the profile says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SystemCharacteristics {
    /// One id: the plan's UUID, in Annexa's namespace.
    pub system_ids: Vec<SystemId>,
    /// "Information security management system".
    pub system_name: String,
    /// What the plan covers and where the data comes from.
    pub description: String,
    /// Extra facts (none from Annexa: the profile facts are metadata props).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The information the ISMS protects, as far as the profile tells.
    pub system_information: SystemInformation,
    /// `under-development`: the ISMS is preparing for certification.
    pub status: Status,
    /// The ISMS scope, which Annexa does not record.
    pub authorization_boundary: Description,
}

/// A system identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SystemId {
    /// The scheme of the id ([`ANNEXA_NS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier_type: Option<String>,
    /// The id.
    pub id: String,
}

/// The information types of a system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SystemInformation {
    /// At least one.
    pub information_types: Vec<InformationType>,
}

/// One kind of information the system handles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InformationType {
    /// A name.
    pub title: String,
    /// What it is.
    pub description: String,
}

/// An operational state with optional remarks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// `under-development`, `operational`, ….
    pub state: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A description-only assembly (the authorization boundary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description {
    /// The text.
    pub description: String,
}

/// The users and components that implement the controls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemImplementation {
    /// Who runs the ISMS (OSCAL 1.1 requires at least one user; 1.2 allows none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<SystemUser>,
    /// The ISMS as a `this-system` component.
    pub components: Vec<SystemComponent>,
}

/// A kind of user of the system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemUser {
    /// Stable within the plan.
    pub uuid: String,
    /// A name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Who they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A system component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemComponent {
    /// Its UUID, referenced by every `by-component`.
    pub uuid: String,
    /// `this-system`.
    #[serde(rename = "type")]
    pub component_type: String,
    /// A name.
    pub title: String,
    /// What it is.
    pub description: String,
    /// `under-development`.
    pub status: Status,
}

/// The control implementation: the SoA lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ControlImplementation {
    /// How the statuses were obtained.
    pub description: String,
    /// One per Annex A control, in Annex A order.
    pub implemented_requirements: Vec<ImplementedRequirement>,
}

/// One SoA line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ImplementedRequirement {
    /// Stable within the plan.
    pub uuid: String,
    /// The catalog control (`a-5.1`).
    pub control_id: String,
    /// The Annexa `soa-status` and `soa-warning` props.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// How the ISMS implements it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_components: Vec<ByComponent>,
    /// The SoA justification: why the control is included, or the visitor's exclusion reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A component's part in implementing a control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ByComponent {
    /// The component ([`SystemComponent::uuid`]).
    pub component_uuid: String,
    /// Stable within the plan.
    pub uuid: String,
    /// What the self-assessment says.
    pub description: String,
    /// The implementation status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation_status: Option<ImplementationStatus>,
}

/// OSCAL's implementation status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImplementationStatus {
    /// `implemented`, `partial`, `planned` or `not-applicable`.
    pub state: String,
    /// For `not-applicable`: the exclusion justification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

const SOA_STATUS: &str = "soa-status";
const SOA_WARNING: &str = "soa-warning";
const QUESTIONNAIRE_VERSION_PROP: &str = "questionnaire-version";
const MODE_PROP: &str = "assessment-mode";

/// The SoA of `doc` as an OSCAL system security plan generated at `generated_at` (RFC 3339 with a
/// time zone, e.g. `2026-11-29T19:00:00Z`; the crate has no clock).
pub fn system_security_plan(
    doc: &AnswersDocument,
    generated_at: &str,
) -> Result<OscalSsp, OscalError> {
    check_timestamp(generated_at)?;
    let soa = statement_of_applicability(doc)?;
    let plan_uuid = document_uuid("ssp", doc, generated_at);
    let uuid = |name: &str| Uuid::v5(plan_uuid, name).to_string();
    let component = uuid("component/this-system");

    let implemented_requirements = soa
        .controls
        .iter()
        .map(|entry| {
            let id = oscal_id(&entry.control_id);
            // No OSCAL `label` here: OSCAL allows only its listed prop names on an implemented
            // requirement; the ISO id is the catalog control's label.
            let mut props = Vec::new();
            if let Some(status) = entry.status {
                props.push(Property::annexa(SOA_STATUS, status.as_str()));
            }
            for warning in soa
                .warnings
                .iter()
                .filter(|w| w.control_id == entry.control_id)
            {
                props.push(Property::annexa(SOA_WARNING, warning.message.clone()));
            }
            let (state, remarks) = match entry.status {
                None => ("not-applicable", Some(entry.justification.clone())),
                Some(status) => (oscal_state(status), None),
            };
            ImplementedRequirement {
                uuid: uuid(&format!("implemented-requirement/{id}")),
                control_id: id.clone(),
                props,
                by_components: vec![ByComponent {
                    component_uuid: component.clone(),
                    uuid: uuid(&format!("by-component/{id}")),
                    description: describe(entry.status).to_owned(),
                    implementation_status: Some(ImplementationStatus {
                        state: state.to_owned(),
                        remarks,
                    }),
                }],
                remarks: Some(entry.justification.clone()),
            }
        })
        .collect();

    let mut metadata = Metadata::new(
        "Statement of Applicability — ISO/IEC 27001:2022 Annex A (draft from an Annexa self-assessment)",
        generated_at,
        &soa.questionnaire_version,
    );
    metadata.props = vec![
        Property::annexa(
            QUESTIONNAIRE_VERSION_PROP,
            soa.questionnaire_version.clone(),
        ),
        Property::annexa(MODE_PROP, soa.mode.as_str()),
    ];
    // The profile facts go in the metadata rather than on system-characteristics, where some
    // validators check every prop value against OSCAL's identity-assurance-level values.
    metadata.props.extend(profile_props(doc));
    metadata.remarks = Some(
        "A draft generated from a self-assessment questionnaire: statuses are the organisation's \
         own answers, not audited evidence."
            .to_owned(),
    );

    Ok(OscalSsp {
        system_security_plan: SystemSecurityPlan {
            uuid: plan_uuid.to_string(),
            metadata,
            import_profile: ImportProfile {
                href: PROFILE_HREF.to_owned(),
            },
            system_characteristics: SystemCharacteristics {
                system_ids: vec![SystemId {
                    identifier_type: Some(ANNEXA_NS.to_owned()),
                    id: plan_uuid.to_string(),
                }],
                system_name: "Information security management system (ISMS)".to_owned(),
                description: "The organisation's ISMS as described in an Annexa ISO/IEC \
                              27001:2022 readiness self-assessment."
                    .to_owned(),
                props: Vec::new(),
                system_information: SystemInformation {
                    information_types: vec![InformationType {
                        title: "Information within the ISMS scope".to_owned(),
                        description: "All information the organisation protects within the \
                                      scope of its ISMS; the self-assessment does not list it."
                            .to_owned(),
                    }],
                },
                status: Status {
                    state: "under-development".to_owned(),
                    remarks: Some("Preparing for ISO/IEC 27001:2022 certification.".to_owned()),
                },
                authorization_boundary: Description {
                    description: "The ISMS scope declared by the organisation (clause 4.3); the \
                                  self-assessment does not record it."
                        .to_owned(),
                },
            },
            system_implementation: SystemImplementation {
                users: vec![SystemUser {
                    uuid: uuid("user/isms-owner"),
                    title: Some("ISMS owner".to_owned()),
                    description: Some(
                        "The person or team accountable for the ISMS; the self-assessment does \
                         not record who."
                            .to_owned(),
                    ),
                }],
                components: vec![SystemComponent {
                    uuid: component,
                    component_type: "this-system".to_owned(),
                    title: "Information security management system".to_owned(),
                    description: "The ISMS that implements the Annex A controls.".to_owned(),
                    status: Status {
                        state: "under-development".to_owned(),
                        remarks: None,
                    },
                }],
            },
            control_implementation: ControlImplementation {
                description: "The draft Statement of Applicability: every Annex A control, \
                              included or excluded with its justification, with the \
                              implementation status the organisation answered."
                    .to_owned(),
                implemented_requirements,
            },
        },
    })
}

/// Reads the Statement of Applicability back from a plan made by [`system_security_plan`]:
/// applicability, justification and status of every Annex A control, the questionnaire version,
/// the mode and the warnings. A plan edited elsewhere is read as far as it carries those facts;
/// without the Annexa `soa-status` prop, `planned` reads as not implemented.
pub fn soa_from_ssp(ssp: &OscalSsp) -> Result<StatementOfApplicability, OscalError> {
    let plan = &ssp.system_security_plan;
    let unreadable = |reason: String| OscalError::UnreadableSsp { reason };
    let meta = |name: &str| {
        plan.metadata
            .props
            .iter()
            .find(|p| p.is_annexa(name))
            .map(|p| p.value.clone())
    };
    let questionnaire_version = meta(QUESTIONNAIRE_VERSION_PROP)
        .ok_or_else(|| unreadable("metadata has no Annexa questionnaire-version prop".into()))?;
    let mode_name = meta(MODE_PROP);
    let mode = mode_name
        .as_deref()
        .and_then(Mode::from_name)
        .ok_or_else(|| {
            unreadable(format!(
                "metadata assessment-mode is {mode_name:?}, expected \"quick\" or \"full\""
            ))
        })?;

    let catalog = catalog();
    let mut controls = Vec::new();
    let mut warnings = Vec::new();
    for requirement in &plan.control_implementation.implemented_requirements {
        let Some(control_id) =
            requirement_id(&requirement.control_id).filter(|id| id.starts_with("A."))
        else {
            continue;
        };
        let control = catalog.control(&control_id).ok_or_else(|| {
            unreadable(format!(
                "control-id '{}' is not an Annex A control",
                requirement.control_id
            ))
        })?;
        let status = requirement
            .by_components
            .iter()
            .find_map(|b| b.implementation_status.as_ref())
            .ok_or_else(|| {
                unreadable(format!(
                    "{} has no implementation-status",
                    requirement.control_id
                ))
            })?;
        let annexa_status = requirement
            .props
            .iter()
            .find(|p| p.is_annexa(SOA_STATUS))
            .map(|p| p.value.as_str());
        let status = match (status.state.as_str(), annexa_status) {
            ("not-applicable", _) => None,
            (_, Some(value)) => Some(soa_status(value).ok_or_else(|| {
                unreadable(format!(
                    "{}: unknown soa-status '{value}'",
                    requirement.control_id
                ))
            })?),
            ("implemented", None) => Some(SoaStatus::Implemented),
            ("partial", None) => Some(SoaStatus::PartiallyImplemented),
            ("planned", None) => Some(SoaStatus::NotImplemented),
            (state, None) => {
                return Err(unreadable(format!(
                    "{}: implementation-status '{state}' has no SoA equivalent",
                    requirement.control_id
                )));
            }
        };
        for warning in requirement
            .props
            .iter()
            .filter(|p| p.is_annexa(SOA_WARNING))
        {
            warnings.push(SoaWarning {
                control_id: control_id.clone(),
                message: warning.value.clone(),
            });
        }
        controls.push(SoaEntry {
            control_id,
            title: control.title.clone(),
            theme: control.theme,
            applicable: status.is_some(),
            justification: requirement.remarks.clone().unwrap_or_default(),
            status,
        });
    }
    Ok(StatementOfApplicability {
        questionnaire_version,
        mode,
        controls,
        warnings,
    })
}

fn oscal_state(status: SoaStatus) -> &'static str {
    match status {
        SoaStatus::Implemented => "implemented",
        SoaStatus::PartiallyImplemented => "partial",
        SoaStatus::NotImplemented | SoaStatus::Unknown | SoaStatus::NotAssessed => "planned",
    }
}

fn soa_status(value: &str) -> Option<SoaStatus> {
    [
        SoaStatus::Implemented,
        SoaStatus::PartiallyImplemented,
        SoaStatus::NotImplemented,
        SoaStatus::Unknown,
        SoaStatus::NotAssessed,
    ]
    .into_iter()
    .find(|s| s.as_str() == value)
}

fn describe(status: Option<SoaStatus>) -> &'static str {
    match status {
        None => "Excluded from the Statement of Applicability.",
        Some(SoaStatus::Implemented) => "The organisation answered that this control is in place.",
        Some(SoaStatus::PartiallyImplemented) => {
            "The organisation answered that this control is partly in place."
        }
        Some(SoaStatus::NotImplemented) => {
            "The organisation answered that this control is not in place yet."
        }
        Some(SoaStatus::Unknown) => {
            "The organisation did not know whether this control is in place: treated as not in place."
        }
        Some(SoaStatus::NotAssessed) => {
            "Not assessed: the question was not answered or not asked in this mode."
        }
    }
}

/// The profile facts that describe the system, as Annexa props.
fn profile_props(doc: &AnswersDocument) -> Vec<Property> {
    let profile = &doc.profile;
    let mut props = Vec::new();
    if let Some(persons) = profile.persons_in_scope {
        props.push(Property::annexa("persons-in-scope", persons.to_string()));
    }
    if let Some(sites) = profile.sites {
        props.push(Property::annexa("sites", sites.to_string()));
    }
    for (name, flag) in [
        ("develops-software", profile.develops_software),
        ("uses-cloud", profile.uses_cloud),
        ("outsourced-it", profile.outsourced_it),
    ] {
        if let Some(flag) = flag {
            props.push(Property::annexa(name, flag.to_string()));
        }
    }
    props
}

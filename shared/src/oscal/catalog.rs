//! The OSCAL catalog of ISO/IEC 27001:2022 as Annexa models it, and the profile that selects it.
//!
//! Groups: `c-4` … `c-10` (class `clause`) and `a-5` … `a-8` (class `annex-a-theme`). A
//! sub-clause that has sub-clauses (`6.1`) is a control holding them as child controls, because
//! an OSCAL group holds either groups or controls, never both. Every one of the 123 requirements
//! carries our full-mode question as its `assessment-objective` part and our one-line "why it
//! matters" as its `guidance` part; Annex A controls also carry their ISO/IEC 27002:2022
//! attribute values as Annexa props. No text of the standard is shipped.

use serde::{Deserialize, Serialize};

use super::model::{IncludeAll, Metadata, Part, Property};
use super::{ANNEXA_NS, annexa_namespace, objective_id, oscal_id, version_timestamp};
use crate::catalog::{AttributeKind, Clause, Theme, catalog as iso_catalog};
use crate::questionnaire::{Mode, QUESTIONNAIRE_VERSION, Question, questionnaire};

use super::uuid::Uuid;

/// Where SSPs and profiles expect the catalog: the file name the CLI writes and the API serves.
pub const CATALOG_HREF: &str = "annexa-iso27001-2022-catalog.json";
/// Where SSPs expect the profile.
pub const PROFILE_HREF: &str = "annexa-iso27001-2022-profile.json";

/// An OSCAL catalog document: `{"catalog": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OscalCatalog {
    /// The catalog.
    pub catalog: CatalogModel,
}

/// The catalog model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct CatalogModel {
    /// Stable UUID of this catalog version.
    pub uuid: String,
    /// Title, version, dates.
    pub metadata: Metadata,
    /// Clauses 4–10, then the Annex A themes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<CatalogGroup>,
}

/// A group: a main clause or an Annex A theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct CatalogGroup {
    /// `c-6`, `a-5`.
    pub id: String,
    /// `clause` or `annex-a-theme`.
    pub class: String,
    /// The section title.
    pub title: String,
    /// The ISO label (`6`, `A.5`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Its sub-clauses or controls.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
}

/// A control: a clause requirement, a sub-clause heading or an Annex A control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Control {
    /// `c-6.1.2`, `a-5.1`.
    pub id: String,
    /// `clause` or `annex-a-control`.
    pub class: String,
    /// The short title.
    pub title: String,
    /// The ISO label, sort id and Annexa facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Our question and guidance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    /// Sub-clauses (`6.1` holds `6.1.1` … `6.1.3`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
}

/// An OSCAL profile document: `{"profile": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OscalProfile {
    /// The profile.
    pub profile: ProfileModel,
}

/// The profile model: every control of the Annexa catalog, untailored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileModel {
    /// Stable UUID of this profile version.
    pub uuid: String,
    /// Title, version, dates.
    pub metadata: Metadata,
    /// The catalog it selects from.
    pub imports: Vec<ProfileImport>,
}

/// One import of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ProfileImport {
    /// The catalog ([`CATALOG_HREF`]).
    pub href: String,
    /// Every control.
    pub include_all: IncludeAll,
}

/// The Annexa ISO/IEC 27001:2022 catalog for the current [`QUESTIONNAIRE_VERSION`]. The same
/// build always returns the same document, UUIDs and `last-modified` included.
pub fn catalog() -> OscalCatalog {
    let iso = iso_catalog();
    let questions = questionnaire(Mode::Full);
    let question = |id: &str| {
        questions
            .questions
            .iter()
            .find(|q| q.requirement_ids.iter().any(|r| r == id))
    };

    let mut groups: Vec<CatalogGroup> = iso
        .clauses
        .iter()
        .filter(|c| c.level == 1)
        .map(|main| CatalogGroup {
            id: oscal_id(&main.id),
            class: "clause".to_owned(),
            title: section_title(&main.id, &main.title),
            props: vec![Property::oscal("label", main.id.clone())],
            controls: children(&iso.clauses, &main.id)
                .map(|c| clause_control(&iso.clauses, c, &question))
                .collect(),
        })
        .collect();
    for theme in Theme::ALL {
        groups.push(CatalogGroup {
            id: oscal_id(theme.section_id()),
            class: "annex-a-theme".to_owned(),
            title: theme.title().to_owned(),
            props: vec![Property::oscal("label", theme.section_id())],
            controls: iso
                .controls
                .iter()
                .filter(|c| c.theme == theme)
                .map(|control| {
                    let mut props = vec![
                        Property::oscal("label", control.id.clone()),
                        Property::oscal("sort-id", sort_id(&control.id)),
                    ];
                    for kind in AttributeKind::ALL {
                        for value in control.attributes.values(kind) {
                            props.push(
                                Property::annexa(attribute_prop(kind), value.clone())
                                    .with_class(kind.as_str().replace('_', "-")),
                            );
                        }
                    }
                    if control.new_in_2022 {
                        props.push(Property::annexa("new-in-2022", "true"));
                    }
                    Control {
                        id: oscal_id(&control.id),
                        class: "annex-a-control".to_owned(),
                        title: control.title.clone(),
                        props,
                        parts: question_parts(&control.id, question(&control.id)),
                        controls: Vec::new(),
                    }
                })
                .collect(),
        });
    }

    let mut metadata = Metadata::new(
        "ISO/IEC 27001:2022 requirements and Annex A controls (Annexa model)",
        &version_timestamp(QUESTIONNAIRE_VERSION),
        QUESTIONNAIRE_VERSION,
    );
    metadata.props.push(Property::annexa(
        "questionnaire-version",
        QUESTIONNAIRE_VERSION,
    ));
    metadata.remarks = Some(
        "Identifiers and short titles of ISO/IEC 27001:2022 with Annexa's own assessment \
         questions and guidance. The text of the standard is not included: obtain it from ISO or \
         your national standards body."
            .to_owned(),
    );
    OscalCatalog {
        catalog: CatalogModel {
            uuid: catalog_uuid().to_string(),
            metadata,
            groups,
        },
    }
}

/// The profile that imports every control of [`catalog()`] from [`CATALOG_HREF`].
pub fn profile() -> OscalProfile {
    let mut metadata = Metadata::new(
        "ISO/IEC 27001:2022 — every requirement and Annex A control (Annexa baseline)",
        &version_timestamp(QUESTIONNAIRE_VERSION),
        QUESTIONNAIRE_VERSION,
    );
    metadata.props.push(Property::annexa(
        "questionnaire-version",
        QUESTIONNAIRE_VERSION,
    ));
    OscalProfile {
        profile: ProfileModel {
            uuid: Uuid::v5(
                annexa_namespace(),
                &format!("profile/iso27001-2022/{QUESTIONNAIRE_VERSION}"),
            )
            .to_string(),
            metadata,
            imports: vec![ProfileImport {
                href: CATALOG_HREF.to_owned(),
                include_all: IncludeAll {},
            }],
        },
    }
}

/// The catalog's UUID: one per questionnaire version.
fn catalog_uuid() -> Uuid {
    Uuid::v5(
        annexa_namespace(),
        &format!("catalog/iso27001-2022/{QUESTIONNAIRE_VERSION}"),
    )
}

fn children<'a>(clauses: &'a [Clause], parent: &'a str) -> impl Iterator<Item = &'a Clause> {
    clauses
        .iter()
        .filter(move |c| c.parent.as_deref() == Some(parent))
}

fn clause_control<'q>(
    clauses: &[Clause],
    clause: &Clause,
    question: &impl Fn(&str) -> Option<&'q Question>,
) -> Control {
    let mut props = vec![
        Property::oscal("label", clause.id.clone()),
        Property::oscal("sort-id", sort_id(&clause.id)),
    ];
    if clause.is_requirement {
        props.push(Property::annexa(
            "requires-documented-information",
            if clause.requires_documented_information {
                "true"
            } else {
                "false"
            },
        ));
    }
    Control {
        id: oscal_id(&clause.id),
        class: "clause".to_owned(),
        title: clause.title.clone(),
        props,
        parts: if clause.is_requirement {
            question_parts(&clause.id, question(&clause.id))
        } else {
            Vec::new()
        },
        controls: children(clauses, &clause.id)
            .map(|c| clause_control(clauses, c, question))
            .collect(),
    }
}

/// Our question as the assessment objective and its "why it matters" line as guidance.
fn question_parts(requirement_id: &str, question: Option<&Question>) -> Vec<Part> {
    let Some(question) = question else {
        return Vec::new();
    };
    let id = oscal_id(requirement_id);
    let mut parts = vec![Part {
        id: Some(objective_id(requirement_id)),
        name: "assessment-objective".to_owned(),
        ns: None,
        title: None,
        props: vec![Property::annexa("question-id", question.id.clone())],
        prose: Some(question.text.clone()),
    }];
    if !question.help.is_empty() {
        parts.push(Part {
            id: Some(format!("{id}_gdn")),
            name: "guidance".to_owned(),
            ns: None,
            title: None,
            props: Vec::new(),
            prose: Some(question.help.clone()),
        });
    }
    if let Some(recommendation) = crate::guidance::recommendation(requirement_id) {
        parts.push(Part {
            id: Some(format!("{id}_rec")),
            name: "recommendation".to_owned(),
            ns: Some(ANNEXA_NS.to_owned()),
            title: Some("How to close a gap".to_owned()),
            props: Vec::new(),
            prose: Some(recommendation.to_owned()),
        });
    }
    parts
}

/// A sort key that orders `A.5.9` before `A.5.10`: every number zero-padded to two digits.
fn sort_id(id: &str) -> String {
    id.trim_start_matches("A.")
        .split('.')
        .map(|n| format!("{:0>2}", n))
        .collect::<Vec<_>>()
        .join(".")
}

fn attribute_prop(kind: AttributeKind) -> &'static str {
    match kind {
        AttributeKind::ControlType => "control-type",
        AttributeKind::InfosecProperties => "information-security-property",
        AttributeKind::CybersecurityConcepts => "cybersecurity-concept",
        AttributeKind::OperationalCapabilities => "operational-capability",
        AttributeKind::SecurityDomains => "security-domain",
    }
}

fn section_title(id: &str, fallback: &str) -> String {
    crate::guidance::section_title(id)
        .unwrap_or(fallback)
        .to_owned()
}

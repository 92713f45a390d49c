//! The OSCAL building blocks every model shares (the `metadata` module of OSCAL): document
//! metadata, properties, parts, links and back-matter resources.
//!
//! Field names follow the OSCAL JSON format (kebab-case). Optional lists are left out when empty,
//! because the OSCAL schemas require every array that is present to have at least one item.

use serde::{Deserialize, Serialize};

use super::{ANNEXA_NS, OSCAL_VERSION};

/// The `metadata` of an OSCAL document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Metadata {
    /// The document title.
    pub title: String,
    /// When the document content last changed (RFC 3339 with a time zone).
    pub last_modified: String,
    /// The document's own version.
    pub version: String,
    /// The OSCAL version the document conforms to ([`OSCAL_VERSION`]).
    pub oscal_version: String,
    /// Extra facts as name/value pairs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Links to related resources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Free text for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

impl Metadata {
    /// Metadata with the current [`OSCAL_VERSION`] and no props.
    pub(crate) fn new(title: &str, last_modified: &str, version: &str) -> Metadata {
        Metadata {
            title: title.to_owned(),
            last_modified: last_modified.to_owned(),
            version: version.to_owned(),
            oscal_version: OSCAL_VERSION.to_owned(),
            props: Vec::new(),
            links: Vec::new(),
            remarks: None,
        }
    }
}

/// An OSCAL property: a name/value pair, in OSCAL's namespace unless `ns` says otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Property {
    /// A token naming the property (`label`, `overall-score`).
    pub name: String,
    /// The namespace of the name; absent for OSCAL's own names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ns: Option<String>,
    /// The value: one line, no leading or trailing white space.
    pub value: String,
    /// A token that sub-classes the property (we put section and attribute ids here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Free text for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

impl Property {
    /// A property with an OSCAL-defined name (`label`, `sort-id`).
    pub fn oscal(name: &str, value: impl Into<String>) -> Property {
        Property {
            name: name.to_owned(),
            ns: None,
            value: value.into(),
            class: None,
            remarks: None,
        }
    }

    /// A property in Annexa's namespace ([`ANNEXA_NS`]).
    pub fn annexa(name: &str, value: impl Into<String>) -> Property {
        Property {
            ns: Some(ANNEXA_NS.to_owned()),
            ..Property::oscal(name, value)
        }
    }

    /// The same property with a `class`.
    pub fn with_class(mut self, class: impl Into<String>) -> Property {
        self.class = Some(class.into());
        self
    }

    /// Whether this is the Annexa property `name`.
    pub fn is_annexa(&self, name: &str) -> bool {
        self.name == name && self.ns.as_deref() == Some(ANNEXA_NS)
    }
}

/// A link to another resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Link {
    /// The target: a URL, a relative path or `#uuid` of a back-matter resource.
    pub href: String,
    /// How the target relates (`reference`, `related`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rel: Option<String>,
    /// The target's media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Text for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A part of a control: our question, our guidance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Part {
    /// A token id, unique in the document (`a-5.1_obj`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What kind of part (`assessment-objective`, `guidance`).
    pub name: String,
    /// The namespace of `name`; absent for OSCAL's own names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ns: Option<String>,
    /// A heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Extra facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// The text (OSCAL markup-multiline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prose: Option<String>,
}

/// The `back-matter` of a document: resources other parts point to with `#uuid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackMatter {
    /// The resources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
}

/// One back-matter resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    /// Its UUID, the target of `#uuid` references.
    pub uuid: String,
    /// A name for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Extra facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Property>,
    /// Where to get it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rlinks: Vec<ResourceLink>,
}

/// A URL of a back-matter resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct ResourceLink {
    /// The URL or relative path.
    pub href: String,
    /// Its media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
}

/// An empty JSON object (`{}`), as OSCAL's `include-all` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IncludeAll {}

/// A control named by id, in profile imports and reviewed-controls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SelectControlById {
    /// The control id (`a-5.1`).
    pub control_id: String,
}

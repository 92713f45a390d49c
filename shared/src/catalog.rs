//! The ISO/IEC 27001:2022 control model: clauses 4–10, the 93 Annex A controls with their
//! ISO/IEC 27002:2022 attributes, and the 2013 → 2022 correspondence.
//!
//! The facts are compiled in from `shared/data/*.csv` (sources in `shared/data/SOURCES.md`) and
//! parsed once, on first use, into a [`Catalog`]. Only identifiers, short titles and
//! classifications are shipped — never text of the standard.
//!
//! Identifiers: clauses are bare (`6.1.2`); Annex A controls carry the `A.` prefix (`A.5.1`), so
//! clause 5.1 and control A.5.1 can never be confused.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::csv;

const CLAUSES_CSV: &str = data_csv!("clauses_2022.csv");
const ANNEX_A_CSV: &str = data_csv!("annex_a_2022.csv");
const MAPPING_2013_CSV: &str = include_str!("../data/mapping_2013_2022.csv");
#[cfg(feature = "control-details")]
const VOCABULARY_CSV: &str = data_csv!("attribute_vocabulary_27002_2022.csv");
/// Without `control-details` no control carries attributes, so the vocabulary is left out too.
#[cfg(not(feature = "control-details"))]
const VOCABULARY_CSV: &str = "";

/// One of the four Annex A themes of ISO/IEC 27001:2022.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// A.5, 37 controls.
    Organizational,
    /// A.6, 8 controls.
    People,
    /// A.7, 14 controls.
    Physical,
    /// A.8, 34 controls.
    Technological,
}

impl Theme {
    /// All themes in Annex A order.
    pub const ALL: [Theme; 4] = [
        Theme::Organizational,
        Theme::People,
        Theme::Physical,
        Theme::Technological,
    ];

    /// Its JSON name (`organizational`): an identifier, never shown to a visitor.
    pub const fn code(self) -> &'static str {
        match self {
            Theme::Organizational => "organizational",
            Theme::People => "people",
            Theme::Physical => "physical",
            Theme::Technological => "technological",
        }
    }

    /// The section id of the theme: `A.5` … `A.8`.
    pub fn section_id(self) -> &'static str {
        match self {
            Theme::Organizational => "A.5",
            Theme::People => "A.6",
            Theme::Physical => "A.7",
            Theme::Technological => "A.8",
        }
    }

    /// The theme's name for people: "Organizational controls", ….
    pub fn title(self) -> &'static str {
        match self {
            Theme::Organizational => "Organizational controls",
            Theme::People => "People controls",
            Theme::Physical => "Physical controls",
            Theme::Technological => "Technological controls",
        }
    }

    fn from_csv(value: &str) -> Option<Theme> {
        match value {
            "Organizational" => Some(Theme::Organizational),
            "People" => Some(Theme::People),
            "Physical" => Some(Theme::Physical),
            "Technological" => Some(Theme::Technological),
            _ => None,
        }
    }
}

/// The five ISO/IEC 27002:2022 attribute kinds by which controls can be viewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributeKind {
    /// Preventive, Detective, Corrective.
    ControlType,
    /// Confidentiality, Integrity, Availability.
    InfosecProperties,
    /// Identify, Protect, Detect, Respond, Recover.
    CybersecurityConcepts,
    /// Governance, Asset management, … (15 values).
    OperationalCapabilities,
    /// Governance and ecosystem, Protection, Defence, Resilience.
    SecurityDomains,
}

impl AttributeKind {
    /// All kinds in the order ISO/IEC 27002 lists them.
    pub const ALL: [AttributeKind; 5] = [
        AttributeKind::ControlType,
        AttributeKind::InfosecProperties,
        AttributeKind::CybersecurityConcepts,
        AttributeKind::OperationalCapabilities,
        AttributeKind::SecurityDomains,
    ];

    /// The snake_case name used in data files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeKind::ControlType => "control_type",
            AttributeKind::InfosecProperties => "infosec_properties",
            AttributeKind::CybersecurityConcepts => "cybersecurity_concepts",
            AttributeKind::OperationalCapabilities => "operational_capabilities",
            AttributeKind::SecurityDomains => "security_domains",
        }
    }

    /// A heading for people: "Cybersecurity concepts".
    pub fn title(self) -> &'static str {
        match self {
            AttributeKind::ControlType => "Control type",
            AttributeKind::InfosecProperties => "Information security properties",
            AttributeKind::CybersecurityConcepts => "Cybersecurity concepts",
            AttributeKind::OperationalCapabilities => "Operational capabilities",
            AttributeKind::SecurityDomains => "Security domains",
        }
    }

    fn from_csv(value: &str) -> Option<AttributeKind> {
        AttributeKind::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// One permitted value of an attribute, e.g. `cybersecurity_concepts` / `Identify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeValue {
    /// Which attribute this value belongs to.
    pub kind: AttributeKind,
    /// The value as written in the data (`Identity_and_access_management`).
    pub value: String,
    /// The value for people (`Identity and access management`).
    pub label: String,
}

/// The ISO/IEC 27002:2022 attribute values of one control. Values are those of
/// [`Catalog::attribute_vocabulary`], in its order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ControlAttributes {
    /// Preventive / Detective / Corrective.
    pub control_type: Vec<String>,
    /// Confidentiality / Integrity / Availability.
    pub infosec_properties: Vec<String>,
    /// Identify / Protect / Detect / Respond / Recover.
    pub cybersecurity_concepts: Vec<String>,
    /// Governance, Asset_management, ….
    pub operational_capabilities: Vec<String>,
    /// Governance_and_Ecosystem, Protection, Defence, Resilience.
    pub security_domains: Vec<String>,
}

impl ControlAttributes {
    /// The values this control carries for `kind`.
    pub fn values(&self, kind: AttributeKind) -> &[String] {
        match kind {
            AttributeKind::ControlType => &self.control_type,
            AttributeKind::InfosecProperties => &self.infosec_properties,
            AttributeKind::CybersecurityConcepts => &self.cybersecurity_concepts,
            AttributeKind::OperationalCapabilities => &self.operational_capabilities,
            AttributeKind::SecurityDomains => &self.security_domains,
        }
    }
}

/// A clause or sub-clause of ISO/IEC 27001:2022 (4 to 10.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// Bare id: `4`, `6.1.2`.
    pub id: String,
    /// Short title.
    pub title: String,
    /// 1 for a main clause (`6`), 2 for `6.1`, 3 for `6.1.2`.
    pub level: u8,
    /// The enclosing clause, `None` for a main clause.
    pub parent: Option<String>,
    /// Whether this is a requirement an organisation answers for: a leaf of the clause tree.
    pub is_requirement: bool,
    /// Whether the clause requires documented information (missing → Stage 1 blocker).
    pub requires_documented_information: bool,
    /// What documented information is expected, in our words; `None` when none is required.
    /// Only with the `catalog-notes` feature: the widget module never shows it.
    #[cfg(feature = "catalog-notes")]
    pub documented_information: Option<String>,
    /// What changed in 2022 or with Amendment 1:2024, in our words; `None` when nothing did.
    /// Only with the `catalog-notes` feature: the widget module never shows it.
    #[cfg(feature = "catalog-notes")]
    pub change_note: Option<String>,
}

/// One of the 93 controls of ISO/IEC 27001:2022 Annex A.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnexAControl {
    /// `A.5.1` … `A.8.34`.
    pub id: String,
    /// Short title. Empty without the `control-details` feature (the questionnaire module never
    /// shows it).
    pub title: String,
    /// The theme (A.5–A.8).
    pub theme: Theme,
    /// One of the 11 controls added in 2022.
    pub new_in_2022: bool,
    /// The ISO/IEC 27002:2022 attributes. Empty without the `control-details` feature.
    pub attributes: ControlAttributes,
}

/// How a 2013 control became a 2022 control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeType {
    /// The 2013 control became one 2022 control on its own.
    OneToOne,
    /// Several 2013 controls were merged into one 2022 control.
    Merged,
    /// The 2013 control feeds several 2022 controls, each of which also takes in other 2013
    /// controls (A.18.2.3 → A.5.36 and A.8.8): one row per 2022 control.
    SplitAndMerged,
    /// A 2022 control with no 2013 predecessor (`id_2013` is `None`).
    New,
}

impl ChangeType {
    /// Reads the relation column of `mapping_2013_2022.csv`: a relation name, optionally
    /// followed by an explanation in parentheses (`split+merged (2013 control feeds several
    /// 2022 controls)`). `None` for a relation this code does not know, so that a new relation
    /// in the data is never served as a wrong one.
    fn from_relation(text: &str) -> Option<ChangeType> {
        let name = text.split_once('(').map_or(text, |(name, _)| name).trim();
        match name {
            "one-to-one" => Some(ChangeType::OneToOne),
            "merged" => Some(ChangeType::Merged),
            "split+merged" => Some(ChangeType::SplitAndMerged),
            "new in 2022" => Some(ChangeType::New),
            _ => None,
        }
    }
}

/// One row of the ISO/IEC 27001:2013 → 2022 correspondence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correspondence2013 {
    /// The 2013 control (`A.9.4.2`); `None` for a control new in 2022.
    pub id_2013: Option<String>,
    /// Its 2013 short title.
    pub title_2013: Option<String>,
    /// The 2022 control it maps to (`A.8.5`).
    pub id_2022: String,
    /// How it changed.
    pub change: ChangeType,
}

/// Whether a requirement is a clause or an Annex A control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequirementKind {
    /// A clause requirement (4–10): mandatory, never not-applicable.
    Clause,
    /// An Annex A control: may be excluded with a justification.
    Control,
}

/// A requirement an organisation answers for: a leaf clause or an Annex A control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement<'a> {
    /// `6.1.2` or `A.8.5`.
    pub id: &'a str,
    /// Short title (a control's is empty without the `control-details` feature).
    pub title: &'a str,
    /// Clause or control.
    pub kind: RequirementKind,
    /// The report section it belongs to: `4` … `10` or `A.5` … `A.8`.
    pub section_id: &'a str,
}

/// The whole control model. Get it with [`catalog()`]. Its JSON (`annexa catalog`, the API's
/// catalog route) also carries [`Catalog::correspondence_2013`], which is read on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// Clauses 4–10 with every sub-clause, in document order.
    pub clauses: Vec<Clause>,
    /// The 93 Annex A controls in order.
    pub controls: Vec<AnnexAControl>,
    /// Every permitted attribute value, in canonical order. Empty without the
    /// `control-details` feature.
    pub attribute_vocabulary: Vec<AttributeValue>,
    /// Requirement id → (kind, position in `clauses` or `controls`): scoring looks requirements
    /// up by id for every answer, so lookups must not scan the lists.
    index: csv::Lookup<String, (RequirementKind, usize)>,
}

impl Serialize for Catalog {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// The published shape, fields in this order.
        #[derive(Serialize)]
        struct Published<'a> {
            clauses: &'a [Clause],
            controls: &'a [AnnexAControl],
            correspondence_2013: &'a [Correspondence2013],
            attribute_vocabulary: &'a [AttributeValue],
        }
        Published {
            clauses: &self.clauses,
            controls: &self.controls,
            correspondence_2013: self.correspondence_2013(),
            attribute_vocabulary: &self.attribute_vocabulary,
        }
        .serialize(serializer)
    }
}

/// The catalog, parsed once from the compiled-in data.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::load)
}

impl Catalog {
    /// The catalog in the compiled-in data.
    fn load() -> Catalog {
        Catalog::from_csv(CLAUSES_CSV, ANNEX_A_CSV, VOCABULARY_CSV)
    }

    /// The catalog in the texts of `clauses_2022.csv`, `annex_a_2022.csv` and
    /// `attribute_vocabulary_27002_2022.csv` or of their copies (`build.rs`). A column a copy
    /// leaves out reads as empty: a control without its title and attribute columns (no
    /// `control-details`) has an empty title and no attributes, with its id, theme and
    /// requirement as from the file.
    fn from_csv(clauses: &str, annex_a: &str, vocabulary: &str) -> Catalog {
        let clause_rows = csv::records(clauses);
        let ids: Vec<String> = clause_rows
            .iter()
            .map(|r| r.get("clause_id").to_owned())
            .collect();
        let clauses: Vec<Clause> = clause_rows
            .iter()
            .map(|r| {
                let id = r.get("clause_id").to_owned();
                let parent = id.rsplit_once('.').map(|(p, _)| p.to_owned());
                let prefix = format!("{id}.");
                let has_children = ids.iter().any(|other| other.starts_with(&prefix));
                Clause {
                    title: r.get("title").to_owned(),
                    level: r.get("level").parse().unwrap_or(1),
                    parent,
                    is_requirement: !has_children,
                    requires_documented_information: r.get("documented_information") == "yes",
                    #[cfg(feature = "catalog-notes")]
                    documented_information: non_empty(r.get("documented_information_required")),
                    #[cfg(feature = "catalog-notes")]
                    change_note: non_empty(r.get("change_vs_2013_or_amendment")),
                    id,
                }
            })
            .collect();
        let controls: Vec<AnnexAControl> = csv::records(annex_a)
            .iter()
            .map(|r| AnnexAControl {
                id: format!("A.{}", r.get("id")),
                title: r.get("title").to_owned(),
                theme: Theme::from_csv(r.get("theme")).unwrap_or(Theme::Organizational),
                new_in_2022: r.get("new_in_2022") == "yes",
                attributes: ControlAttributes {
                    control_type: owned(r.list("control_type")),
                    infosec_properties: owned(r.list("infosec_properties")),
                    cybersecurity_concepts: owned(r.list("cybersecurity_concepts")),
                    operational_capabilities: owned(r.list("operational_capabilities")),
                    security_domains: owned(r.list("security_domains")),
                },
            })
            .collect();
        let attribute_vocabulary = csv::records(vocabulary)
            .iter()
            .filter_map(|r| {
                let value = r.get("value");
                Some(AttributeValue {
                    kind: AttributeKind::from_csv(r.get("attribute"))?,
                    value: value.to_owned(),
                    label: value.replace('_', " "),
                })
            })
            .collect();
        let clause_ids = clauses
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), (RequirementKind::Clause, i)));
        let control_ids = controls
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), (RequirementKind::Control, i)));
        let index = csv::Lookup::new(clause_ids.chain(control_ids));
        Catalog {
            clauses,
            controls,
            attribute_vocabulary,
            index,
        }
    }

    /// The clause with this bare id (`6.1.2`).
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        match self.index.get(id) {
            Some(&(RequirementKind::Clause, i)) => self.clauses.get(i),
            _ => None,
        }
    }

    /// The Annex A control with this id (`A.8.5`).
    pub fn control(&self, id: &str) -> Option<&AnnexAControl> {
        match self.index.get(id) {
            Some(&(RequirementKind::Control, i)) => self.controls.get(i),
            _ => None,
        }
    }

    /// Every requirement an organisation answers for: the leaf clauses, then the 93 controls.
    pub fn requirements(&self) -> impl Iterator<Item = Requirement<'_>> {
        let clauses = self
            .clauses
            .iter()
            .filter(|c| c.is_requirement)
            .map(|c| Requirement {
                id: &c.id,
                title: &c.title,
                kind: RequirementKind::Clause,
                section_id: main_clause(&c.id),
            });
        let controls = self.controls.iter().map(|c| Requirement {
            id: &c.id,
            title: &c.title,
            kind: RequirementKind::Control,
            section_id: c.theme.section_id(),
        });
        clauses.chain(controls)
    }

    /// The 2013 → 2022 correspondence (114 old controls in 115 rows, since A.18.2.3 feeds two
    /// 2022 controls, plus the 11 new ones). Read on first use, apart from the rest of the
    /// catalog: scoring and the widget never need it, and so the widget module carries neither
    /// its 13 KB of CSV nor the code that reads it.
    pub fn correspondence_2013(&self) -> &'static [Correspondence2013] {
        static CORRESPONDENCE: OnceLock<Vec<Correspondence2013>> = OnceLock::new();
        CORRESPONDENCE.get_or_init(|| {
            // A row with an unknown relation is left out rather than guessed; the tests count
            // the rows.
            csv::records(MAPPING_2013_CSV)
                .iter()
                .filter_map(|r| {
                    Some(Correspondence2013 {
                        id_2013: non_empty(r.get("iso27001_2013_id")).filter(|id| id != "NEW"),
                        title_2013: non_empty(r.get("iso27001_2013_title")),
                        id_2022: r.get("iso27001_2022_id").to_owned(),
                        change: ChangeType::from_relation(r.get("change_type"))?,
                    })
                })
                .collect()
        })
    }

    /// The requirement with this id, clause or control.
    pub fn requirement(&self, id: &str) -> Option<Requirement<'_>> {
        match *self.index.get(id)? {
            (RequirementKind::Clause, i) => self
                .clauses
                .get(i)
                .filter(|c| c.is_requirement)
                .map(clause_requirement),
            (RequirementKind::Control, i) => self.controls.get(i).map(control_requirement),
        }
    }

    /// The attribute values of `kind`, in canonical order.
    pub fn attribute_values(&self, kind: AttributeKind) -> impl Iterator<Item = &AttributeValue> {
        self.attribute_vocabulary
            .iter()
            .filter(move |v| v.kind == kind)
    }
}

fn clause_requirement(clause: &Clause) -> Requirement<'_> {
    Requirement {
        id: &clause.id,
        title: &clause.title,
        kind: RequirementKind::Clause,
        section_id: main_clause(&clause.id),
    }
}

fn control_requirement(control: &AnnexAControl) -> Requirement<'_> {
    Requirement {
        id: &control.id,
        title: &control.title,
        kind: RequirementKind::Control,
        section_id: control.theme.section_id(),
    }
}

/// The main clause (`6`) of a clause id (`6.1.2`).
pub fn main_clause(id: &str) -> &str {
    id.split('.').next().unwrap_or(id)
}

fn non_empty(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

fn owned(values: Vec<&str>) -> Vec<String> {
    values.into_iter().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_published_catalog_carries_the_2013_correspondence_in_its_place() {
        let text = serde_json::to_string(catalog()).unwrap();
        let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap();
        assert!(at("clauses") < at("controls"));
        assert!(at("controls") < at("correspondence_2013"));
        assert!(at("correspondence_2013") < at("attribute_vocabulary"));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            json["correspondence_2013"].as_array().map(Vec::len),
            Some(126)
        );
        assert_eq!(json["correspondence_2013"][0]["id_2022"], "A.5.1");
    }

    #[test]
    fn annex_a_has_93_controls_in_four_themes() {
        let catalog = catalog();
        assert_eq!(catalog.controls.len(), 93);
        let count = |t| catalog.controls.iter().filter(|c| c.theme == t).count();
        assert_eq!(
            Theme::ALL.map(count),
            [37, 8, 14, 34],
            "Organizational/People/Physical/Technological"
        );
        assert_eq!(
            catalog.controls.iter().filter(|c| c.new_in_2022).count(),
            11
        );
        assert_eq!(catalog.controls[0].id, "A.5.1");
        assert_eq!(catalog.controls[92].id, "A.8.34");
        assert_eq!(catalog.control("A.5.7").map(|c| c.new_in_2022), Some(true));
    }

    #[test]
    fn every_2013_control_maps_to_a_2022_control() {
        let catalog = catalog();
        let old: BTreeSet<&str> = catalog
            .correspondence_2013()
            .iter()
            .filter_map(|m| m.id_2013.as_deref())
            .collect();
        assert_eq!(old.len(), 114);
        for row in catalog.correspondence_2013() {
            assert!(
                catalog.control(&row.id_2022).is_some(),
                "{} unmapped",
                row.id_2022
            );
        }
        let new: BTreeSet<&str> = catalog
            .correspondence_2013()
            .iter()
            .filter(|m| m.change == ChangeType::New)
            .map(|m| m.id_2022.as_str())
            .collect();
        let flagged: BTreeSet<&str> = catalog
            .controls
            .iter()
            .filter(|c| c.new_in_2022)
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(new, flagged);
    }

    #[test]
    fn a_2013_control_that_feeds_two_2022_controls_is_served_as_split() {
        let catalog = catalog();
        let rows: Vec<(&str, ChangeType)> = catalog
            .correspondence_2013()
            .iter()
            .filter(|m| m.id_2013.as_deref() == Some("A.18.2.3"))
            .map(|m| (m.id_2022.as_str(), m.change))
            .collect();
        assert_eq!(
            rows,
            [
                ("A.5.36", ChangeType::SplitAndMerged),
                ("A.8.8", ChangeType::SplitAndMerged)
            ]
        );
        let json = serde_json::to_value(catalog.correspondence_2013()).expect("serializes");
        let served = json
            .as_array()
            .expect("rows")
            .iter()
            .filter(|row| row["id_2013"] == "A.18.2.3")
            .map(|row| row["change"].as_str())
            .collect::<Vec<_>>();
        assert_eq!(served, [Some("split-and-merged"); 2]);
        // Every row of the data is read: 114 old controls in 115 rows, plus 11 new controls.
        assert_eq!(catalog.correspondence_2013().len(), 126);
        assert_eq!(csv::records(MAPPING_2013_CSV).len(), 126);
        // Only A.18.2.3 is split; nothing else claims to be.
        let split: BTreeSet<&str> = catalog
            .correspondence_2013()
            .iter()
            .filter(|m| m.change == ChangeType::SplitAndMerged)
            .filter_map(|m| m.id_2013.as_deref())
            .collect();
        assert_eq!(split, BTreeSet::from(["A.18.2.3"]));
    }

    #[test]
    fn relation_texts_are_read_by_name_whatever_follows_in_parentheses() {
        for (text, expected) in [
            ("one-to-one", Some(ChangeType::OneToOne)),
            ("merged", Some(ChangeType::Merged)),
            (
                "split+merged (2013 control feeds several 2022 controls)",
                Some(ChangeType::SplitAndMerged),
            ),
            ("new in 2022", Some(ChangeType::New)),
            ("renamed", None),
        ] {
            assert_eq!(ChangeType::from_relation(text), expected, "{text}");
        }
    }

    #[test]
    fn titles_of_2013_controls_are_clean_and_spelt_right() {
        let catalog = catalog();
        for row in catalog.correspondence_2013() {
            if let Some(title) = &row.title_2013 {
                assert_eq!(title, title.trim(), "{:?}: stray spaces", row.id_2013);
            }
        }
        let title = |id: &str| {
            catalog
                .correspondence_2013()
                .iter()
                .find(|m| m.id_2013.as_deref() == Some(id))
                .and_then(|m| m.title_2013.as_deref())
        };
        assert_eq!(
            title("A.12.6.1"),
            Some("Management of technical vulnerabilities")
        );
        assert_eq!(title("A.7.1.2"), Some("Terms and conditions of employment"));
        assert_eq!(title("A.14.2.1"), Some("Secure development policy"));
        assert_eq!(
            title("A.15.2.1"),
            Some("Monitoring and review of supplier services")
        );
    }

    #[test]
    fn clauses_cover_4_to_10_including_6_3_and_documented_information() {
        let catalog = catalog();
        let mains: Vec<&str> = catalog
            .clauses
            .iter()
            .filter(|c| c.level == 1)
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(mains, ["4", "5", "6", "7", "8", "9", "10"]);
        assert!(catalog.clause("6.3").is_some_and(|c| c.is_requirement));
        assert!(!catalog.clause("9.2").is_some_and(|c| c.is_requirement));
        assert!(
            catalog
                .clause("6.1.3")
                .is_some_and(|c| c.requires_documented_information)
        );
        #[cfg(feature = "catalog-notes")]
        assert!(catalog.clause("4.1").is_some_and(|c| {
            c.change_note
                .as_deref()
                .is_some_and(|n| n.contains("climate"))
        }));
        assert_eq!(
            catalog
                .requirements()
                .filter(|r| r.kind == RequirementKind::Clause)
                .count(),
            30
        );
        assert_eq!(catalog.requirements().count(), 123);
    }

    /// The catalog is served as JSON: its notes must be our descriptions, never the
    /// standard's normative sentences ("shall") or quotations from it.
    #[test]
    #[cfg(feature = "catalog-notes")]
    fn clause_notes_are_in_our_words_and_state_the_2022_changes_right() {
        let catalog = catalog();
        for clause in &catalog.clauses {
            let notes = [&clause.documented_information, &clause.change_note];
            for note in notes.into_iter().flatten() {
                assert!(
                    !note.to_lowercase().contains("shall") && !note.contains('"'),
                    "{}: {note}",
                    clause.id
                );
            }
        }
        let note = |id: &str| {
            catalog
                .clause(id)
                .and_then(|c| c.change_note.as_deref())
                .unwrap_or_else(|| panic!("{id} has a change note"))
        };
        assert!(note("4.1").contains("climate change"), "{}", note("4.1"));
        assert!(
            !note("4.1").contains("is a relevant issue"),
            "the amendment's sentence: {}",
            note("4.1")
        );
        // 6.2: "kept as documented information" is item g), monitoring is item d).
        assert!(note("6.2").contains("(item g)"), "{}", note("6.2"));
        assert!(
            note("6.2").contains("monitored (item d)"),
            "{}",
            note("6.2")
        );
        // 7.4: 2022 asks how to communicate and no longer who communicates.
        assert!(
            note("7.4").contains("how to communicate"),
            "{}",
            note("7.4")
        );
        assert!(note("7.4").contains("who communicates"), "{}", note("7.4"));
        let documents = |id: &str| {
            catalog
                .clause(id)
                .and_then(|c| c.documented_information.as_deref())
        };
        assert_eq!(documents("4.3"), Some("The ISMS scope, written down."));
        assert_eq!(documents("4.1"), None);
    }

    #[test]
    #[cfg(feature = "control-details")]
    fn every_attribute_value_is_in_the_vocabulary_with_the_published_counts() {
        let catalog = catalog();
        for value in &catalog.attribute_vocabulary {
            let used = catalog
                .controls
                .iter()
                .filter(|c| c.attributes.values(value.kind).contains(&value.value))
                .count();
            assert!(used > 0, "{} unused", value.value);
        }
        for control in &catalog.controls {
            for kind in AttributeKind::ALL {
                let values = control.attributes.values(kind);
                assert!(!values.is_empty(), "{} lacks {kind:?}", control.id);
                for v in values {
                    assert!(
                        catalog.attribute_values(kind).any(|a| &a.value == v),
                        "{} has unknown {v}",
                        control.id
                    );
                }
            }
        }
    }

    /// Without `catalog-notes` or `control-details` the crate reads build.rs's copies of the
    /// data files: each copy has every row of its file, it lacks exactly the columns this build
    /// leaves out, and every column it keeps reads exactly as in the file.
    #[test]
    #[cfg(not(all(feature = "catalog-notes", feature = "control-details")))]
    fn the_copies_without_the_notes_read_as_their_files() {
        let pairs = [
            (
                "clauses_2022.csv",
                data_csv!("clauses_2022.csv"),
                include_str!("../data/clauses_2022.csv"),
            ),
            (
                "annex_a_2022.csv",
                data_csv!("annex_a_2022.csv"),
                include_str!("../data/annex_a_2022.csv"),
            ),
            (
                "attribute_vocabulary_27002_2022.csv",
                data_csv!("attribute_vocabulary_27002_2022.csv"),
                include_str!("../data/attribute_vocabulary_27002_2022.csv"),
            ),
            (
                "audit_time_27006.csv",
                data_csv!("audit_time_27006.csv"),
                include_str!("../data/audit_time_27006.csv"),
            ),
        ];
        for (name, copy, file) in pairs {
            let left_out = crate::data_copies::left_out(
                name,
                cfg!(feature = "catalog-notes"),
                cfg!(feature = "control-details"),
            );
            assert!(copy.len() <= file.len(), "{name}");
            assert!(left_out.is_empty() || copy.len() < file.len(), "{name}");
            let copy = csv::parse(copy);
            let file = csv::parse(file);
            assert_eq!(copy.len(), file.len());
            let missing: BTreeSet<&str> = file[0]
                .iter()
                .filter(|h| !copy[0].contains(h))
                .map(String::as_str)
                .collect();
            assert_eq!(missing, left_out.into_iter().collect(), "{name}");
            let columns: Vec<usize> = copy[0]
                .iter()
                .map(|name| {
                    file[0]
                        .iter()
                        .position(|h| h == name)
                        .expect("a column of the file")
                })
                .collect();
            for (copied, original) in copy.iter().zip(&file) {
                let kept: Vec<&String> = columns.iter().map(|&i| &original[i]).collect();
                assert_eq!(copied.iter().collect::<Vec<_>>(), kept);
            }
        }
    }

    /// The questionnaire module's catalog: build.rs's copies without the notes and without the
    /// controls' titles and attributes, and no vocabulary (neither `catalog-notes` nor
    /// `control-details`). It reads without a panic and gives the requirements of the full
    /// catalog — ids, sections, kinds, in order — and the clauses' titles (the questionnaire's
    /// section titles) and the controls' themes as they are; only the controls' titles and
    /// attributes are empty. Whatever features this test build has.
    #[test]
    fn the_catalog_without_control_details_has_the_same_requirements() {
        use crate::data_copies::{FILES, left_out, without_columns};
        let files = [
            include_str!("../data/clauses_2022.csv"),
            include_str!("../data/annex_a_2022.csv"),
            include_str!("../data/attribute_vocabulary_27002_2022.csv"),
            include_str!("../data/audit_time_27006.csv"),
        ];
        let copies: Vec<String> = FILES
            .iter()
            .zip(files)
            .map(|(name, text)| {
                without_columns(text, &left_out(name, false, false))
                    .unwrap_or_else(|e| panic!("{name}: {e}"))
            })
            .collect();
        // The questionnaire module carries a fifth of the controls' text.
        assert!(copies[1].len() * 5 < files[1].len(), "{}", copies[1].len());
        let full = Catalog::from_csv(files[0], files[1], files[2]);
        let trimmed = Catalog::from_csv(&copies[0], &copies[1], "");
        let requirement = |r: Requirement<'_>| (r.id.to_owned(), r.section_id.to_owned(), r.kind);
        let expected: Vec<_> = full.requirements().map(requirement).collect();
        assert_eq!(expected.len(), 123);
        assert_eq!(
            trimmed.requirements().map(requirement).collect::<Vec<_>>(),
            expected
        );
        for id in expected.iter().map(|(id, _, _)| id) {
            let (found, kind) = (
                trimmed.requirement(id),
                full.requirement(id).map(|r| r.kind),
            );
            assert_eq!(found.map(|r| r.kind), kind, "{id}");
        }
        // The notes read empty (no `catalog-notes`); everything else as in the file.
        let clause = |c: &Clause| {
            let (id, title, parent) = (c.id.clone(), c.title.clone(), c.parent.clone());
            (id, title, c.level, parent, c.is_requirement)
        };
        assert_eq!(
            trimmed.clauses.iter().map(clause).collect::<Vec<_>>(),
            full.clauses.iter().map(clause).collect::<Vec<_>>()
        );
        for (c, in_full) in trimmed.clauses.iter().zip(&full.clauses) {
            let documents = in_full.requires_documented_information;
            assert_eq!(c.requires_documented_information, documents, "{}", c.id);
        }
        assert_eq!(trimmed.controls.len(), 93);
        for (control, in_full) in trimmed.controls.iter().zip(&full.controls) {
            assert_eq!(control.id, in_full.id);
            assert_eq!(control.theme, in_full.theme, "{}", control.id);
            assert_eq!(control.new_in_2022, in_full.new_in_2022, "{}", control.id);
            assert!(!in_full.title.is_empty(), "{}", control.id);
            assert_eq!(control.title, "", "{}", control.id);
            assert_eq!(control.attributes, ControlAttributes::default());
        }
        assert!(trimmed.attribute_vocabulary.is_empty());
        assert!(!full.attribute_vocabulary.is_empty());
        // This build's own catalog has the same requirements, whichever copies it reads.
        assert_eq!(
            catalog()
                .requirements()
                .map(requirement)
                .collect::<Vec<_>>(),
            expected
        );
    }
}

//! The published mappings from other frameworks to ISO/IEC 27001:2022, compiled in from
//! `shared/data/mappings/*.csv` (sources and licences in `shared/data/mappings/LICENSE.md`) and
//! parsed once, on first use.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::csv;

const CSF_CSV: &str = include_str!("../../data/mappings/map_nist_csf_2_0_to_iso27001_2022.csv");
const SP800_53_CSV: &str =
    include_str!("../../data/mappings/map_nist_sp800_53r5_to_iso27001_2022.csv");
const NIS2_CSV: &str =
    include_str!("../../data/mappings/map_nis2_cir2024_2690_to_iso27001_2022.csv");

/// A framework Annexa maps ISO/IEC 27001:2022 to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MappedFramework {
    /// NIST Cybersecurity Framework 2.0: subcategories, grouped by function.
    NistCsf2,
    /// NIST SP 800-53 Rev. 5: controls, grouped by family.
    NistSp800_53r5,
    /// NIS2 Implementing Regulation (EU) 2024/2690: annex requirements, grouped by the point of
    /// NIS2 Art. 21(2) they implement.
    Nis2Cir2024_2690,
}

impl MappedFramework {
    /// All frameworks, in report order.
    pub const ALL: [MappedFramework; 3] = [
        MappedFramework::NistCsf2,
        MappedFramework::NistSp800_53r5,
        MappedFramework::Nis2Cir2024_2690,
    ];

    /// The snake_case name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            MappedFramework::NistCsf2 => "nist_csf_2",
            MappedFramework::NistSp800_53r5 => "nist_sp800_53r5",
            MappedFramework::Nis2Cir2024_2690 => "nis2_cir2024_2690",
        }
    }

    /// The framework's name for people.
    pub fn title(self) -> &'static str {
        match self {
            MappedFramework::NistCsf2 => "NIST Cybersecurity Framework 2.0",
            MappedFramework::NistSp800_53r5 => "NIST SP 800-53 Rev. 5",
            MappedFramework::Nis2Cir2024_2690 => {
                "NIS2 — Commission Implementing Regulation (EU) 2024/2690"
            }
        }
    }

    /// Where the mapping comes from and under which terms, to ship with every output.
    pub fn source(self) -> &'static str {
        match self {
            MappedFramework::NistCsf2 => {
                "NIST CSF 2.0 informative references to ISO/IEC 27001:2022 (NIST, public domain)"
            }
            MappedFramework::NistSp800_53r5 => {
                "NIST OLIR mapping of SP 800-53 Rev. 5 to ISO/IEC 27001:2022 (NIST, public domain)"
            }
            MappedFramework::Nis2Cir2024_2690 => {
                "ENISA NIS2 Technical Implementation Guidance v1.0 (June 2025), © ENISA, CC BY 4.0; \
                 ENISA notes that a mapping does not imply equivalence"
            }
        }
    }
}

/// One item of a framework with the ISO requirements mapped to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MappedItem {
    /// `PR.AA-01`, `AC-2`, `6.7.2.a`.
    pub id: String,
    /// The outcome, control name or annex section title.
    pub title: String,
    /// The group ids it belongs to (a NIS2 requirement may serve several Art. 21(2) points).
    pub groups: Vec<&'static str>,
    /// ISO requirement ids (`5.2`, `A.5.1`), without duplicates, in file order.
    pub iso_ids: Vec<String>,
}

/// A framework's grouping: CSF functions, 800-53 families, Art. 21(2) points.
pub(crate) fn groups(framework: MappedFramework) -> &'static [(&'static str, &'static str)] {
    match framework {
        MappedFramework::NistCsf2 => &[
            ("GV", "Govern"),
            ("ID", "Identify"),
            ("PR", "Protect"),
            ("DE", "Detect"),
            ("RS", "Respond"),
            ("RC", "Recover"),
        ],
        MappedFramework::NistSp800_53r5 => &[
            ("AC", "Access Control"),
            ("AT", "Awareness and Training"),
            ("AU", "Audit and Accountability"),
            ("CA", "Assessment, Authorization, and Monitoring"),
            ("CM", "Configuration Management"),
            ("CP", "Contingency Planning"),
            ("IA", "Identification and Authentication"),
            ("IR", "Incident Response"),
            ("MA", "Maintenance"),
            ("MP", "Media Protection"),
            ("PE", "Physical and Environmental Protection"),
            ("PL", "Planning"),
            ("PM", "Program Management"),
            ("PS", "Personnel Security"),
            ("PT", "PII Processing and Transparency"),
            ("RA", "Risk Assessment"),
            ("SA", "System and Services Acquisition"),
            ("SC", "System and Communications Protection"),
            ("SI", "System and Information Integrity"),
            ("SR", "Supply Chain Risk Management"),
        ],
        MappedFramework::Nis2Cir2024_2690 => &[
            (
                "21(2)(a)",
                "Risk analysis and information system security policies",
            ),
            ("21(2)(b)", "Incident handling"),
            (
                "21(2)(c)",
                "Business continuity, backup management, disaster recovery and crisis management",
            ),
            ("21(2)(d)", "Supply chain security"),
            (
                "21(2)(e)",
                "Security in acquisition, development and maintenance, including vulnerability handling",
            ),
            (
                "21(2)(f)",
                "Assessing the effectiveness of cybersecurity risk-management measures",
            ),
            ("21(2)(g)", "Basic cyber hygiene and cybersecurity training"),
            ("21(2)(h)", "Cryptography and encryption"),
            (
                "21(2)(i)",
                "Human resources security, access control and asset management",
            ),
            (
                "21(2)(j)",
                "Multi-factor authentication and secured communications",
            ),
        ],
    }
}

/// The titles of the sections of the annex to Implementing Regulation (EU) 2024/2690.
const NIS2_SECTIONS: [&str; 13] = [
    "Policy on the security of network and information systems",
    "Risk management policy",
    "Incident handling",
    "Business continuity and crisis management",
    "Supply chain security",
    "Security in network and information systems acquisition, development and maintenance",
    "Policies and procedures to assess the effectiveness of cybersecurity risk-management measures",
    "Basic cyber hygiene practices and security training",
    "Cryptography",
    "Human resources security",
    "Access control",
    "Asset management",
    "Environmental and physical security",
];

/// The items of `framework`, grouped in the order of [`groups`], file order within a group.
pub(crate) fn items(framework: MappedFramework) -> &'static [MappedItem] {
    static CSF: OnceLock<Vec<MappedItem>> = OnceLock::new();
    static SP800_53: OnceLock<Vec<MappedItem>> = OnceLock::new();
    static NIS2: OnceLock<Vec<MappedItem>> = OnceLock::new();
    match framework {
        MappedFramework::NistCsf2 => CSF.get_or_init(|| {
            load(framework, CSF_CSV, "csf_2_0_id", |r| {
                let id = r.get("csf_2_0_id");
                let function = id.split('.').next().unwrap_or_default();
                (
                    r.get("csf_2_0_outcome").to_owned(),
                    vec![function.to_owned()],
                )
            })
        }),
        MappedFramework::NistSp800_53r5 => SP800_53.get_or_init(|| {
            load(framework, SP800_53_CSV, "sp800_53r5_id", |r| {
                let id = r.get("sp800_53r5_id");
                let family = id.split('-').next().unwrap_or_default();
                (r.get("sp800_53r5_name").to_owned(), vec![family.to_owned()])
            })
        }),
        MappedFramework::Nis2Cir2024_2690 => NIS2.get_or_init(|| {
            load(framework, NIS2_CSV, "cir_2024_2690_annex_req_id", |r| {
                let section = r.get("annex_section");
                let title = section
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| NIS2_SECTIONS.get(n.wrapping_sub(1)))
                    .map_or_else(
                        || format!("Annex section {section}"),
                        |t| format!("Annex section {section}: {t}"),
                    );
                let points = r
                    .list("nis2_article_21_2_point")
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                (title, points)
            })
        }),
    }
}

/// Reads one mapping file: one row per (item, ISO requirement) pair.
fn load(
    framework: MappedFramework,
    text: &str,
    id_column: &str,
    describe: impl Fn(&csv::Record) -> (String, Vec<String>),
) -> Vec<MappedItem> {
    let known = groups(framework);
    let mut items: Vec<MappedItem> = Vec::new();
    for record in csv::records(text) {
        let id = record.get(id_column);
        let iso = record.get("iso27001_2022_id");
        if id.is_empty() || iso.is_empty() {
            continue;
        }
        if let Some(item) = items.iter_mut().find(|i| i.id == id) {
            if !item.iso_ids.iter().any(|i| i == iso) {
                item.iso_ids.push(iso.to_owned());
            }
            continue;
        }
        let (title, group_ids) = describe(&record);
        let groups = group_ids
            .iter()
            .filter_map(|g| known.iter().find(|(k, _)| k == g).map(|(k, _)| *k))
            .collect();
        items.push(MappedItem {
            id: id.to_owned(),
            title,
            groups,
            iso_ids: vec![iso.to_owned()],
        });
    }
    // Group order first (CSF functions Govern → Recover), file order within a group.
    let rank = |item: &MappedItem| {
        item.groups
            .first()
            .and_then(|g| known.iter().position(|(k, _)| k == g))
            .unwrap_or(known.len())
    };
    items.sort_by_key(|item| rank(item));
    items
}

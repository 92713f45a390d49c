//! Which security frameworks apply besides ISO/IEC 27001, and why, from the organisation
//! [`Profile`]. Every reason names the profile facts that triggered it; the rules are in
//! `docs/SCORING.md`.
//!
//! The advice orients, it does not decide: ISO/IEC 27001 certification overlaps with HIPAA, the
//! FTC Safeguards Rule, NYDFS Part 500 and NIS2, but certification is never compliance with them.

use serde::{Deserialize, Serialize};

use crate::answers::{CustomerCategory, DataCategory, ExistingCertification, Profile, Sector};
use crate::validation::snake_name;

/// A framework Annexa can advise on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Framework {
    /// ISO/IEC 27001:2022.
    #[serde(rename = "iso27001")]
    Iso27001,
    /// AICPA SOC 2.
    #[serde(rename = "soc2")]
    Soc2,
    /// NIST SP 800-53 Rev. 5.
    #[serde(rename = "nist-800-53")]
    Nist80053,
    /// FedRAMP.
    #[serde(rename = "fedramp")]
    Fedramp,
    /// CMMC 2.0.
    #[serde(rename = "cmmc")]
    Cmmc,
    /// EU NIS2 Directive.
    #[serde(rename = "nis2")]
    Nis2,
    /// HIPAA Security Rule.
    #[serde(rename = "hipaa")]
    Hipaa,
    /// FTC Safeguards Rule.
    #[serde(rename = "ftc-safeguards")]
    FtcSafeguards,
    /// NYDFS 23 NYCRR Part 500.
    #[serde(rename = "nydfs-500")]
    Nydfs500,
    /// CIS Critical Security Controls.
    #[serde(rename = "cis-controls")]
    CisControls,
}

impl Framework {
    /// The framework id used in JSON (`nist-800-53`).
    pub fn id(self) -> &'static str {
        match self {
            Framework::Iso27001 => "iso27001",
            Framework::Soc2 => "soc2",
            Framework::Nist80053 => "nist-800-53",
            Framework::Fedramp => "fedramp",
            Framework::Cmmc => "cmmc",
            Framework::Nis2 => "nis2",
            Framework::Hipaa => "hipaa",
            Framework::FtcSafeguards => "ftc-safeguards",
            Framework::Nydfs500 => "nydfs-500",
            Framework::CisControls => "cis-controls",
        }
    }
}

/// How strongly a framework applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdviceLevel {
    /// Law, contract or the market leave little choice.
    Required,
    /// Very likely worth doing.
    Recommended,
    /// Worth a look.
    Consider,
}

/// One piece of advice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkAdvice {
    /// The framework id (`nist-800-53`).
    pub framework: Framework,
    /// How strongly it applies.
    pub level: AdviceLevel,
    /// Why, naming the profile facts that triggered it.
    pub reason: String,
}

/// The frameworks that apply to `profile`, most binding first (then in the fixed framework
/// order). ISO/IEC 27001 is always listed.
pub fn advise(profile: &Profile) -> Vec<FrameworkAdvice> {
    let facts = Facts::new(profile);
    let mut advice = vec![iso27001(&facts)];
    advice.extend(
        [
            soc2(&facts),
            nist_800_53(&facts),
            fedramp(&facts),
            cmmc(&facts),
            nis2(&facts),
            hipaa(&facts),
            ftc_safeguards(&facts),
            nydfs_500(&facts),
            cis_controls(&facts),
        ]
        .into_iter()
        .flatten(),
    );
    advice.sort_by_key(|a| (a.level, a.framework));
    advice
}

/// Profile questions answered in a way the rules test, with how to name them in a reason.
struct Facts<'a> {
    profile: &'a Profile,
}

impl Facts<'_> {
    fn new(profile: &Profile) -> Facts<'_> {
        Facts { profile }
    }

    fn customer(&self, c: CustomerCategory) -> bool {
        self.profile.customers.contains(&c)
    }

    fn data(&self, d: DataCategory) -> bool {
        self.profile.data.contains(&d)
    }

    fn sector_in(&self, sectors: &[Sector]) -> Option<Sector> {
        self.profile.sector.filter(|s| sectors.contains(s))
    }

    fn has(&self, c: ExistingCertification) -> bool {
        self.profile.existing_certifications.contains(&c)
    }

    /// Any sign of business in the United States.
    fn us_nexus(&self) -> bool {
        self.profile.customers.iter().any(|c| {
            matches!(
                c,
                CustomerCategory::UsFederal
                    | CustomerCategory::UsDefense
                    | CustomerCategory::NyFinancial
                    | CustomerCategory::UsSaasBuyers
            )
        }) || self.profile.data.iter().any(|d| {
            matches!(
                d,
                DataCategory::Phi | DataCategory::Cui | DataCategory::UsFederal
            )
        })
    }

    /// Offers cloud or hosted services itself (software or IT services sector).
    fn cloud_provider(&self) -> Option<Sector> {
        self.sector_in(&[Sector::Software, Sector::ItServices])
    }
}

fn advice(framework: Framework, level: AdviceLevel, reason: String) -> Option<FrameworkAdvice> {
    Some(FrameworkAdvice {
        framework,
        level,
        reason,
    })
}

fn name<T: std::fmt::Debug>(value: T) -> String {
    snake_name(&value)
}

fn iso27001(f: &Facts) -> FrameworkAdvice {
    let (level, mut reason) = if f.has(ExistingCertification::Iso27001_2013) {
        (
            AdviceLevel::Required,
            "existing_certifications includes iso27001_2013: every ISO/IEC 27001:2013 certificate ended on 2025-10-31, so a valid certificate now needs the 2022 edition.".to_owned(),
        )
    } else if f.has(ExistingCertification::Iso27001_2022) {
        (
            AdviceLevel::Recommended,
            "existing_certifications includes iso27001_2022: keep the yearly surveillance audits and recertify before the certificate expires.".to_owned(),
        )
    } else {
        let mut drivers: Vec<String> = f
            .profile
            .customers
            .iter()
            .map(|c| format!("customers include {}", name(*c)))
            .collect();
        if drivers.is_empty() {
            drivers.push("no specific customer demand given".to_owned());
        }
        (
            AdviceLevel::Recommended,
            format!(
                "The internationally recognised, certifiable standard for an information security management system, and the base the other frameworks can map to ({}).",
                drivers.join(", ")
            ),
        )
    };
    if f.profile.recent_breach == Some(true) {
        reason.push_str(" recent_breach is yes: start with post-breach remediation — contain, find the root cause, fix incident management (A.5.24–A.5.28) and record corrective actions (clause 10.2) — before preparing for certification.");
    }
    FrameworkAdvice {
        framework: Framework::Iso27001,
        level,
        reason,
    }
}

fn soc2(f: &Facts) -> Option<FrameworkAdvice> {
    let held = if f.has(ExistingCertification::Soc2) {
        " existing_certifications includes soc2: keep the report current and reuse its evidence for the ISMS."
    } else {
        ""
    };
    if f.customer(CustomerCategory::UsSaasBuyers) {
        return advice(
            Framework::Soc2,
            AdviceLevel::Recommended,
            format!(
                "customers include us_saas_buyers: US buyers of SaaS often ask for a SOC 2 Type II report; pursue it in parallel with ISO/IEC 27001, reusing the same controls and evidence.{held}"
            ),
        );
    }
    let sector = f.cloud_provider()?;
    advice(
        Framework::Soc2,
        AdviceLevel::Consider,
        format!(
            "sector is {}: if you sell to US companies, expect requests for a SOC 2 report alongside ISO/IEC 27001.{held}",
            name(sector)
        ),
    )
}

fn fedramp_required(f: &Facts) -> Option<Sector> {
    f.customer(CustomerCategory::UsFederal)
        .then(|| f.cloud_provider())
        .flatten()
}

fn fedramp(f: &Facts) -> Option<FrameworkAdvice> {
    if let Some(sector) = fedramp_required(f) {
        return advice(
            Framework::Fedramp,
            AdviceLevel::Required,
            format!(
                "customers include us_federal and sector is {}: US federal agencies may only use cloud services with a FedRAMP authorization, and ISO/IEC 27001 does not replace it.",
                name(sector)
            ),
        );
    }
    if f.customer(CustomerCategory::UsFederal) && f.profile.uses_cloud == Some(true) {
        return advice(
            Framework::Fedramp,
            AdviceLevel::Consider,
            "customers include us_federal and uses_cloud is yes: if you offer a cloud service to federal agencies it needs a FedRAMP authorization; the cloud providers you rely on should hold one too.".to_owned(),
        );
    }
    None
}

fn nist_800_53(f: &Facts) -> Option<FrameworkAdvice> {
    if let Some(sector) = fedramp_required(f) {
        return advice(
            Framework::Nist80053,
            AdviceLevel::Required,
            format!(
                "customers include us_federal and sector is {}: FedRAMP baselines are built from NIST SP 800-53 controls, so map your Annex A controls to SP 800-53.",
                name(sector)
            ),
        );
    }
    let mut facts = Vec::new();
    if f.customer(CustomerCategory::UsFederal) {
        facts.push("customers include us_federal");
    }
    if f.data(DataCategory::UsFederal) {
        facts.push("data includes us_federal");
    }
    if facts.is_empty() {
        return None;
    }
    advice(
        Framework::Nist80053,
        AdviceLevel::Recommended,
        format!(
            "{}: US federal systems and the contractors running them are assessed against NIST SP 800-53; a mapping from your Annex A controls saves duplicate work.",
            facts.join(" and ")
        ),
    )
}

fn cmmc(f: &Facts) -> Option<FrameworkAdvice> {
    let cui = f.data(DataCategory::Cui);
    let defense = f.customer(CustomerCategory::UsDefense);
    match (cui, defense) {
        (true, true) => advice(
            Framework::Cmmc,
            AdviceLevel::Required,
            "data includes cui and customers include us_defense: US defence contracts that involve Controlled Unclassified Information require CMMC Level 2 (the NIST SP 800-171 practices); ISO/IEC 27001 certification does not satisfy it.".to_owned(),
        ),
        (false, true) => advice(
            Framework::Cmmc,
            AdviceLevel::Recommended,
            "customers include us_defense: even without CUI, defence contracts handling Federal Contract Information require CMMC Level 1 self-assessment.".to_owned(),
        ),
        (true, false) => advice(
            Framework::Cmmc,
            AdviceLevel::Recommended,
            "data includes cui: handling Controlled Unclassified Information for US defence work needs NIST SP 800-171 and, for defence contracts, CMMC Level 2.".to_owned(),
        ),
        (false, false) => {
            let sector = f.sector_in(&[Sector::Defence])?;
            advice(
                Framework::Cmmc,
                AdviceLevel::Consider,
                format!("sector is {}: work for the US Department of Defense requires CMMC.", name(sector)),
            )
        }
    }
}

/// Sectors of NIS2 Annexes I and II that the profile's sector list can name.
const NIS2_SECTORS: [Sector; 8] = [
    Sector::Energy,
    Sector::Transport,
    Sector::Finance,
    Sector::Healthcare,
    Sector::Telecom,
    Sector::ItServices,
    Sector::Government,
    Sector::Manufacturing,
];

fn nis2(f: &Facts) -> Option<FrameworkAdvice> {
    let eu = f.customer(CustomerCategory::Eu);
    let sector = f.sector_in(&NIS2_SECTORS);
    let recognition = "NIS2 risk-management measures can be met with an ISO/IEC 27001-aligned ISMS (ENISA maps them to 27001), though certification alone is not NIS2 compliance.";
    match (eu, sector, f.profile.persons_in_scope) {
        (true, Some(sector), Some(persons)) if persons >= 50 => advice(
            Framework::Nis2,
            AdviceLevel::Required,
            format!(
                "customers include eu, sector is {} and persons_in_scope is {persons} (medium-sized or larger): you are likely an essential or important entity under NIS2 — check the national law of each EU country you operate in. {recognition}",
                name(sector)
            ),
        ),
        (true, Some(sector), persons) => advice(
            Framework::Nis2,
            AdviceLevel::Consider,
            format!(
                "customers include eu and sector is {}, but persons_in_scope is {}: NIS2 mostly applies from 50 persons, though some entities are covered whatever their size. {recognition}",
                name(sector),
                persons.map_or_else(|| "not given".to_owned(), |p| p.to_string())
            ),
        ),
        (true, None, _) => advice(
            Framework::Nis2,
            AdviceLevel::Consider,
            format!(
                "customers include eu: EU customers covered by NIS2 must manage the security of their suppliers and may ask you for NIS2-aligned measures. {recognition}"
            ),
        ),
        (false, _, _) => None,
    }
}

const NOT_COMPLIANCE: &str =
    "ISO/IEC 27001 controls overlap with it, but certification is not compliance.";

fn hipaa(f: &Facts) -> Option<FrameworkAdvice> {
    if f.data(DataCategory::Phi) {
        return advice(
            Framework::Hipaa,
            AdviceLevel::Required,
            format!(
                "data includes phi: the HIPAA Security Rule applies to covered entities and to their business associates handling protected health information. {NOT_COMPLIANCE}"
            ),
        );
    }
    let sector = f.sector_in(&[Sector::Healthcare])?;
    advice(
        Framework::Hipaa,
        AdviceLevel::Consider,
        format!(
            "sector is {}: if you handle US protected health information, the HIPAA Security Rule applies. {NOT_COMPLIANCE}",
            name(sector)
        ),
    )
}

fn ftc_safeguards(f: &Facts) -> Option<FrameworkAdvice> {
    let sector = f.sector_in(&[Sector::Finance])?;
    if !f.us_nexus() {
        return None;
    }
    advice(
        Framework::FtcSafeguards,
        AdviceLevel::Recommended,
        format!(
            "sector is {} with US business (customers or data): the FTC Safeguards Rule binds non-bank financial institutions in the US — lenders, brokers, payment and tax firms. {NOT_COMPLIANCE}",
            name(sector)
        ),
    )
}

fn nydfs_500(f: &Facts) -> Option<FrameworkAdvice> {
    if !f.customer(CustomerCategory::NyFinancial) {
        return None;
    }
    if let Some(sector) = f.sector_in(&[Sector::Finance]) {
        return advice(
            Framework::Nydfs500,
            AdviceLevel::Required,
            format!(
                "customers include ny_financial and sector is {}: a financial firm licensed in New York is a covered entity under NYDFS Part 500. {NOT_COMPLIANCE}",
                name(sector)
            ),
        );
    }
    advice(
        Framework::Nydfs500,
        AdviceLevel::Recommended,
        format!(
            "customers include ny_financial: NYDFS-regulated firms must hold their third-party service providers to Part 500 security requirements, so expect them in contracts. {NOT_COMPLIANCE}"
        ),
    )
}

fn cis_controls(f: &Facts) -> Option<FrameworkAdvice> {
    let persons = f.profile.persons_in_scope;
    let staff = f.profile.security_staff;
    let small = persons.is_some_and(|p| p <= 50);
    let few_staff = staff.is_some_and(|s| s <= 1);
    let breach = f.profile.recent_breach == Some(true);
    let mut facts = Vec::new();
    if let Some(p) = persons.filter(|_| small) {
        facts.push(format!("persons_in_scope is {p}"));
    }
    if let Some(s) = staff.filter(|_| few_staff) {
        facts.push(format!("security_staff is {s}"));
    }
    if breach {
        facts.push("recent_breach is yes".to_owned());
    }
    let level =
        if (small && few_staff) || breach || (few_staff && persons.is_some_and(|p| p <= 250)) {
            AdviceLevel::Recommended
        } else if small {
            AdviceLevel::Consider
        } else {
            return None;
        };
    let why = if breach {
        "the CIS Controls Implementation Group 1 safeguards are a quick, prioritised way to harden systems after a breach while the ISMS is built"
    } else {
        "with few security resources, the prioritised CIS Controls Implementation Group 1 safeguards are a practical first step towards ISO/IEC 27001"
    };
    advice(
        Framework::CisControls,
        level,
        format!("{}: {why}.", facts.join(", ")),
    )
}

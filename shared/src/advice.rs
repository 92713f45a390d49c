//! Which security frameworks apply besides ISO/IEC 27001, and why, from the organisation
//! [`Profile`]. Every reason says, in plain words, which answers triggered it; the rules are in
//! `docs/SCORING.md`.
//!
//! The advice orients, it does not decide: ISO/IEC 27001 certification overlaps with HIPAA, the
//! FTC Safeguards Rule, NYDFS Part 500, NIS2 and DORA, but certification is never compliance with
//! them.

use serde::{Deserialize, Serialize};

use crate::answers::{
    CustomerCategory, DataCategory, ExistingCertification, OrganisationFact, Profile, Sector,
};
use crate::text::capitalised;

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
    /// EU Digital Operational Resilience Act, Regulation (EU) 2022/2554.
    #[serde(rename = "dora")]
    Dora,
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
    /// The framework's name as people write it ("NIST SP 800-53"), for text people read.
    pub fn name(self) -> &'static str {
        match self {
            Framework::Iso27001 => "ISO/IEC 27001:2022",
            Framework::Soc2 => "SOC 2",
            Framework::Nist80053 => "NIST SP 800-53",
            Framework::Fedramp => "FedRAMP",
            Framework::Cmmc => "CMMC 2.0",
            Framework::Nis2 => "NIS2 Directive",
            Framework::Dora => "DORA (EU Digital Operational Resilience Act)",
            Framework::Hipaa => "HIPAA Security Rule",
            Framework::FtcSafeguards => "FTC Safeguards Rule",
            Framework::Nydfs500 => "NYDFS Part 500",
            Framework::CisControls => "CIS Critical Security Controls",
        }
    }

    /// The framework id used in JSON (`nist-800-53`).
    pub fn id(self) -> &'static str {
        match self {
            Framework::Iso27001 => "iso27001",
            Framework::Soc2 => "soc2",
            Framework::Nist80053 => "nist-800-53",
            Framework::Fedramp => "fedramp",
            Framework::Cmmc => "cmmc",
            Framework::Nis2 => "nis2",
            Framework::Dora => "dora",
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
    let facts = Facts { profile };
    let mut advice = vec![iso27001(&facts)];
    advice.extend(
        [
            soc2(&facts),
            nist_800_53(&facts),
            fedramp(&facts),
            cmmc(&facts),
            nis2(&facts),
            dora(&facts),
            hipaa(&facts),
            ftc_safeguards(&facts),
            nydfs_500(&facts),
            cis_controls(&facts),
        ]
        .into_iter()
        .flatten(),
    );
    sort_by_level(&mut advice);
    advice
}

/// Sorts the advice by level, then framework, keeping the rules' order within both — what
/// `sort_by_key(|a| (a.level, a.framework))` does. By insertion: there are a dozen items at
/// most, and the standard library's stable sort is compiled for each item type it sorts, about
/// 4 KB of the widget module for this one.
fn sort_by_level(advice: &mut [FrameworkAdvice]) {
    for i in 1..advice.len() {
        let mut j = i;
        while j > 0
            && (advice[j - 1].level, advice[j - 1].framework)
                > (advice[j].level, advice[j].framework)
        {
            advice.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The profile, with the questions the rules test.
struct Facts<'a> {
    profile: &'a Profile,
}

impl Facts<'_> {
    fn customer(&self, c: CustomerCategory) -> bool {
        self.profile.customers.contains(&c)
    }

    fn data(&self, d: DataCategory) -> bool {
        self.profile.data.contains(&d)
    }

    fn is(&self, fact: OrganisationFact) -> bool {
        self.profile.organisation_facts.contains(&fact)
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
        }) || self.is(OrganisationFact::NydfsLicensed)
    }

    /// A sector whose firms typically sell software or hosted services.
    fn software_or_it_sector(&self) -> Option<Sector> {
        self.sector_in(&[Sector::Software, Sector::ItServices])
    }

    /// FedRAMP authorises cloud services offered to US federal agencies, nothing else.
    fn fedramp_required(&self) -> bool {
        self.customer(CustomerCategory::UsFederal) && self.is(OrganisationFact::OffersCloudService)
    }
}

fn advice(framework: Framework, level: AdviceLevel, reason: String) -> Option<FrameworkAdvice> {
    Some(FrameworkAdvice {
        framework,
        level,
        reason,
    })
}

// The answers as a visitor gave them, in words a visitor reads: a reason never shows a field
// name or an option value.

fn serves(customer: CustomerCategory) -> &'static str {
    match customer {
        CustomerCategory::UsFederal => "you serve US federal agencies",
        CustomerCategory::UsDefense => {
            "you serve US defence contractors or the Department of Defense"
        }
        CustomerCategory::Eu => "you have customers in the EU",
        CustomerCategory::NyFinancial => "you serve financial institutions regulated in New York",
        CustomerCategory::UsSaasBuyers => "you sell software as a service to US companies",
    }
}

fn handles(data: DataCategory) -> &'static str {
    match data {
        DataCategory::Phi => "you handle health information about US patients",
        DataCategory::Cardholder => "you handle payment card data",
        DataCategory::Cui => "you handle Controlled Unclassified Information",
        DataCategory::UsFederal => "you handle US federal government data",
        DataCategory::EuPersonal => "you handle personal data of people in the EU",
    }
}

fn works_in(sector: Sector) -> &'static str {
    match sector {
        Sector::Software => "you work in software and SaaS",
        Sector::ItServices => "you work in IT services, hosting or managed services",
        Sector::Finance => "you work in banking, insurance or payments",
        Sector::Healthcare => "you work in healthcare or life sciences",
        Sector::Government => "you work in public administration",
        Sector::Defence => "you work in defence or aerospace",
        Sector::Energy => "you work in energy or utilities",
        Sector::Telecom => "you work in telecommunications",
        Sector::Transport => "you work in transport or logistics",
        Sector::Manufacturing => "you work in manufacturing",
        Sector::Retail => "you work in retail or e-commerce",
        Sector::Education => "you work in education or research",
        Sector::ProfessionalServices => "you work in consulting, legal or accounting services",
        Sector::Other => "you work in another sector",
    }
}

fn people_in_scope(persons: u32) -> String {
    match persons {
        1 => "one person works within the scope".to_owned(),
        n => format!("{n} people work within the scope"),
    }
}

fn security_people(staff: u32) -> String {
    match staff {
        0 => "nobody works on security as their main job".to_owned(),
        1 => "one person works on security as their main job".to_owned(),
        n => format!("{n} people work on security as their main job"),
    }
}

const BREACH: &str = "you had a security breach or serious incident in the last 12 months";

/// "a", "a and b", "a, b and c".
fn and_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The facts as the opening of a reason, with a capital letter: "You serve … and …".
fn because(parts: &[&str]) -> String {
    let parts: Vec<String> = parts.iter().map(|p| (*p).to_owned()).collect();
    capitalised(&and_list(&parts))
}

fn iso27001(f: &Facts) -> FrameworkAdvice {
    let (level, mut reason) = if f.has(ExistingCertification::Iso27001_2013) {
        (
            AdviceLevel::Required,
            "You hold an ISO/IEC 27001:2013 certificate: every certificate to the 2013 edition ended on 31 October 2025, so a valid certificate now needs the 2022 edition.".to_owned(),
        )
    } else if f.has(ExistingCertification::Iso27001_2022) {
        (
            AdviceLevel::Recommended,
            "You already hold an ISO/IEC 27001:2022 certificate: keep up the yearly surveillance audits and recertify before it expires.".to_owned(),
        )
    } else {
        let drivers: Vec<String> = f
            .profile
            .customers
            .iter()
            .map(|c| serves(*c).to_owned())
            .collect();
        let drivers = if drivers.is_empty() {
            "you named no particular customers".to_owned()
        } else {
            and_list(&drivers)
        };
        (
            AdviceLevel::Recommended,
            format!(
                "The internationally recognised, certifiable standard for an information security management system, and the base the other frameworks can map to ({drivers})."
            ),
        )
    };
    if f.profile.recent_breach == Some(true) {
        reason.push_str(&format!(
            " {}: start with post-breach remediation — contain, find the root cause, fix incident management (A.5.24–A.5.28) and record corrective actions (clause 10.2) — before preparing for certification.",
            capitalised(BREACH)
        ));
    }
    FrameworkAdvice {
        framework: Framework::Iso27001,
        level,
        reason,
    }
}

fn soc2(f: &Facts) -> Option<FrameworkAdvice> {
    let held = if f.has(ExistingCertification::Soc2) {
        " You already have a SOC 2 report: keep it current and reuse its evidence for the ISMS."
    } else {
        ""
    };
    if f.customer(CustomerCategory::UsSaasBuyers) {
        return advice(
            Framework::Soc2,
            AdviceLevel::Recommended,
            format!(
                "{}: US buyers of SaaS often ask for a SOC 2 Type II report; pursue it in parallel with ISO/IEC 27001, reusing the same controls and evidence.{held}",
                because(&[serves(CustomerCategory::UsSaasBuyers)])
            ),
        );
    }
    let trigger = if f.is(OrganisationFact::OffersCloudService) {
        "you offer a cloud service"
    } else {
        works_in(f.software_or_it_sector()?)
    };
    advice(
        Framework::Soc2,
        AdviceLevel::Consider,
        format!(
            "{}: if you sell to US companies, expect requests for a SOC 2 report alongside ISO/IEC 27001.{held}",
            because(&[trigger])
        ),
    )
}

const FEDRAMP_SCOPE: &str = "FedRAMP authorises cloud services that US federal agencies use; software installed on the agency's own systems and consulting work do not need it";

fn fedramp(f: &Facts) -> Option<FrameworkAdvice> {
    let federal = serves(CustomerCategory::UsFederal);
    if f.fedramp_required() {
        return advice(
            Framework::Fedramp,
            AdviceLevel::Required,
            format!(
                "{}: a cloud service offered to US federal agencies needs a FedRAMP authorization, and ISO/IEC 27001 does not replace it.",
                because(&[federal, "you offer a cloud service"])
            ),
        );
    }
    if !f.customer(CustomerCategory::UsFederal) {
        return None;
    }
    if let Some(sector) = f.software_or_it_sector() {
        return advice(
            Framework::Fedramp,
            AdviceLevel::Consider,
            format!(
                "{}, but you did not say you offer a cloud service. {FEDRAMP_SCOPE}. If you do host a service for federal agencies, it needs a FedRAMP authorization.",
                because(&[federal, works_in(sector)])
            ),
        );
    }
    if f.profile.uses_cloud == Some(true) {
        return advice(
            Framework::Fedramp,
            AdviceLevel::Consider,
            format!(
                "{}: {FEDRAMP_SCOPE}, but the cloud providers you rely on for federal work should hold a FedRAMP authorization.",
                because(&[federal, "you use cloud services"])
            ),
        );
    }
    None
}

fn nist_800_53(f: &Facts) -> Option<FrameworkAdvice> {
    if f.fedramp_required() {
        return advice(
            Framework::Nist80053,
            AdviceLevel::Required,
            format!(
                "{}: FedRAMP baselines are built from NIST SP 800-53 controls, so map your Annex A controls to SP 800-53.",
                because(&[
                    serves(CustomerCategory::UsFederal),
                    "you offer a cloud service"
                ])
            ),
        );
    }
    let mut facts = Vec::new();
    if f.customer(CustomerCategory::UsFederal) {
        facts.push(serves(CustomerCategory::UsFederal));
    }
    if f.data(DataCategory::UsFederal) {
        facts.push(handles(DataCategory::UsFederal));
    }
    if facts.is_empty() {
        return None;
    }
    advice(
        Framework::Nist80053,
        AdviceLevel::Recommended,
        format!(
            "{}: US federal systems and the contractors running them are assessed against NIST SP 800-53; a mapping from your Annex A controls saves duplicate work.",
            because(&facts)
        ),
    )
}

fn cmmc(f: &Facts) -> Option<FrameworkAdvice> {
    let cui = f.data(DataCategory::Cui);
    let defense = f.customer(CustomerCategory::UsDefense);
    let cui_fact = handles(DataCategory::Cui);
    let defense_fact = serves(CustomerCategory::UsDefense);
    match (cui, defense) {
        (true, true) => advice(
            Framework::Cmmc,
            AdviceLevel::Required,
            format!(
                "{}: US defence contracts that involve Controlled Unclassified Information require CMMC Level 2 (the NIST SP 800-171 practices); ISO/IEC 27001 certification does not satisfy it.",
                because(&[cui_fact, defense_fact])
            ),
        ),
        (false, true) => advice(
            Framework::Cmmc,
            AdviceLevel::Recommended,
            format!(
                "{}: even without Controlled Unclassified Information, defence contracts handling Federal Contract Information require a CMMC Level 1 self-assessment.",
                because(&[defense_fact])
            ),
        ),
        (true, false) => advice(
            Framework::Cmmc,
            AdviceLevel::Recommended,
            format!(
                "{}: handling it for US defence work needs NIST SP 800-171 and, for defence contracts, CMMC Level 2.",
                because(&[cui_fact])
            ),
        ),
        (false, false) => {
            let sector = f.sector_in(&[Sector::Defence])?;
            advice(
                Framework::Cmmc,
                AdviceLevel::Consider,
                format!(
                    "{}: work for the US Department of Defense requires CMMC.",
                    because(&[works_in(sector)])
                ),
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

/// The EU size test NIS2 relies on: an enterprise is medium-sized or larger with 50 or more
/// staff, or with an annual turnover and a balance-sheet total both above 10 million euros.
const NIS2_SIZE: &str = "NIS2 applies to medium-sized and larger enterprises — 50 or more staff, or an annual turnover and a balance sheet total both above 10 million euros — and to some entities whatever their size";

const NIS2_AND_27001: &str = "NIS2 risk-management measures can be met with an ISO/IEC 27001-aligned ISMS (ENISA maps them to 27001), though certification alone is not NIS2 compliance.";

fn nis2(f: &Facts) -> Option<FrameworkAdvice> {
    if f.is(OrganisationFact::EuFinancialEntity) {
        return advice(
            Framework::Nis2,
            AdviceLevel::Consider,
            format!(
                "{}: for financial entities, DORA takes the place of NIS2's security measures and incident reporting; check whether your country's NIS2 law still lists you for registration or supervision.",
                because(&["you are a financial entity in the EU"])
            ),
        );
    }
    if !f.customer(CustomerCategory::Eu) {
        return None;
    }
    let eu = serves(CustomerCategory::Eu);
    let Some(sector) = f.sector_in(&NIS2_SECTORS) else {
        return advice(
            Framework::Nis2,
            AdviceLevel::Consider,
            format!(
                "{}: EU customers covered by NIS2 must manage the security of their suppliers and may ask you for NIS2-aligned measures. {NIS2_AND_27001}",
                because(&[eu])
            ),
        );
    };
    let persons = f.profile.persons_in_scope;
    let turnover = f.is(OrganisationFact::TurnoverAndBalanceSheetOverTenMillionEuros);
    let mut size: Vec<String> = Vec::new();
    if let Some(p) = persons.filter(|p| *p >= 50) {
        size.push(people_in_scope(p));
    }
    if turnover {
        size.push(
            "your annual turnover and balance sheet total are each above 10 million euros"
                .to_owned(),
        );
    }
    if !size.is_empty() {
        let mut facts = vec![eu.to_owned(), works_in(sector).to_owned()];
        facts.extend(size);
        return advice(
            Framework::Nis2,
            AdviceLevel::Required,
            format!(
                "{} (medium-sized or larger): you are likely an essential or important entity under NIS2 — check the national law of each EU country you operate in. {NIS2_AND_27001}",
                capitalised(&and_list(&facts))
            ),
        );
    }
    let size = match persons {
        Some(p) => format!(
            "{}, and you did not say that your turnover and balance sheet are both above 10 million euros",
            people_in_scope(p)
        ),
        None => "you gave neither your head count nor your turnover".to_owned(),
    };
    advice(
        Framework::Nis2,
        AdviceLevel::Consider,
        format!(
            "{}, but {size}. {NIS2_SIZE}. {NIS2_AND_27001}",
            because(&[eu, works_in(sector)])
        ),
    )
}

/// DORA has applied since 17 January 2025.
const DORA_SINCE: &str =
    "the Digital Operational Resilience Act (DORA) has applied since 17 January 2025";

fn dora(f: &Facts) -> Option<FrameworkAdvice> {
    if f.is(OrganisationFact::EuFinancialEntity) {
        return advice(
            Framework::Dora,
            AdviceLevel::Required,
            format!(
                "{}: {DORA_SINCE} and is the specific regime for your ICT risk management, incident reporting, resilience testing and ICT third-party risk. {NOT_COMPLIANCE}",
                because(&["you are a financial entity in the EU"])
            ),
        );
    }
    let sector = f.sector_in(&[Sector::Finance])?;
    if !f.customer(CustomerCategory::Eu) {
        return None;
    }
    advice(
        Framework::Dora,
        AdviceLevel::Consider,
        format!(
            "{}: if you are a financial entity established in the EU, {DORA_SINCE} and is the specific regime for your ICT risk management and incident reporting. {NOT_COMPLIANCE}",
            because(&[works_in(sector), serves(CustomerCategory::Eu)])
        ),
    )
}

const NOT_COMPLIANCE: &str =
    "ISO/IEC 27001 controls overlap with it, but certification is not compliance.";

fn hipaa(f: &Facts) -> Option<FrameworkAdvice> {
    if f.data(DataCategory::Phi) {
        return advice(
            Framework::Hipaa,
            AdviceLevel::Required,
            format!(
                "{}: the HIPAA Security Rule applies to covered entities and to their business associates handling protected health information. {NOT_COMPLIANCE}",
                because(&[handles(DataCategory::Phi)])
            ),
        );
    }
    let sector = f.sector_in(&[Sector::Healthcare])?;
    advice(
        Framework::Hipaa,
        AdviceLevel::Consider,
        format!(
            "{}: if you handle US protected health information, the HIPAA Security Rule applies. {NOT_COMPLIANCE}",
            because(&[works_in(sector)])
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
            "{}: the FTC Safeguards Rule binds non-bank financial institutions in the US — lenders, brokers, payment and tax firms. {NOT_COMPLIANCE}",
            because(&[works_in(sector), "you do business in the US"])
        ),
    )
}

fn nydfs_500(f: &Facts) -> Option<FrameworkAdvice> {
    if f.is(OrganisationFact::NydfsLicensed) {
        return advice(
            Framework::Nydfs500,
            AdviceLevel::Required,
            format!(
                "You are licensed by the New York Department of Financial Services, which makes you a covered entity under NYDFS Part 500 (23 NYCRR 500). {NOT_COMPLIANCE}"
            ),
        );
    }
    if !f.customer(CustomerCategory::NyFinancial) {
        return None;
    }
    advice(
        Framework::Nydfs500,
        AdviceLevel::Recommended,
        format!(
            "{}: Part 500 binds only entities licensed by the New York Department of Financial Services, but they must hold their third-party service providers to its security requirements, so expect them in your contracts. {NOT_COMPLIANCE}",
            because(&[serves(CustomerCategory::NyFinancial)])
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
        facts.push(people_in_scope(p));
    }
    if let Some(s) = staff.filter(|_| few_staff) {
        facts.push(security_people(s));
    }
    if breach {
        facts.push(BREACH.to_owned());
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
        format!("{}: {why}.", capitalised(&and_list(&facts))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The insertion sort orders exactly as the standard library's stable sort by the same key,
    /// duplicates (same level and framework) keeping their order, on lists of every length up
    /// to 14 with pseudo-random levels and frameworks.
    #[test]
    fn sort_by_level_is_sort_by_key() {
        use AdviceLevel::*;
        use Framework::*;
        let frameworks = [
            Iso27001,
            Soc2,
            Nist80053,
            Fedramp,
            Cmmc,
            Nis2,
            Dora,
            Hipaa,
            FtcSafeguards,
            Nydfs500,
            CisControls,
        ];
        let levels = [Required, Recommended, Consider];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for round in 0..20_000 {
            let len = round % 15;
            let items: Vec<FrameworkAdvice> = (0..len)
                .map(|i| FrameworkAdvice {
                    // Few frameworks on some rounds, so that equal keys are common.
                    framework: frameworks[next(if round % 2 == 0 { 2 } else { 11 })],
                    level: levels[next(3)],
                    reason: i.to_string(),
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|a| (a.level, a.framework));
            let mut sorted = items;
            sort_by_level(&mut sorted);
            assert_eq!(sorted, expected);
        }
    }
}

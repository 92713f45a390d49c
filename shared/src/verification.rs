//! Certificate verification: is the certificate valid on a given day, issued under recognised
//! accreditation, held by the claimed legal entity, and does its scope cover each claimed
//! activity and site? Every verdict comes with the exact text that supports it.
//!
//! [`verify`] is pure: the caller looks the record up (by number, identifier or name) and passes
//! the day. The rules are written for procurement readers in `docs/VERIFICATION.md`. The guiding
//! rule: a false `covered` is the worst error, so when in doubt the answer is `undetermined`.
//!
//! ```
//! use annexa_shared::verification::{verify, Verdict, VerificationRequest};
//! use annexa_shared::{CertificateRecord, Date};
//!
//! let record: CertificateRecord = serde_json::from_str(r#"{
//!   "certificate_number": "IS 712345", "certification_body": "Example Certification Ltd",
//!   "accreditation_body": "UKAS", "standard": "ISO/IEC 27001:2022", "status": "active",
//!   "entity": {"name": "Acme Payroll Ltd", "country": "IE", "identifiers": {}},
//!   "scope": "Development and operation of payroll software as a service.",
//!   "sites": [{"city": "Dublin", "country": "IE"}],
//!   "original_issue_date": "2023-03-01", "issue_date": "2026-03-01",
//!   "expiry_date": "2029-02-28"}"#).unwrap();
//! let request: VerificationRequest = serde_json::from_str(r#"{
//!   "certificate_number": "IS 712345",
//!   "claim": {"entity_name": "ACME Payroll Limited", "activities": ["payroll SaaS"],
//!             "sites": [{"city": "Dublin", "country": "IE"}]}}"#).unwrap();
//! let today: Date = "2026-11-29".parse().unwrap();
//! let result = verify(&request, Some(&record), today);
//! assert_eq!(result.verdict, Verdict::Covered);
//! assert_eq!(result.coverage[0].evidence[0].text, "payroll software as a service");
//! ```

mod accreditation;
mod coverage;
mod entity;
mod reading;
mod record_reading;
mod sites;
mod text;
mod validity;

use serde::{Deserialize, Serialize};

use crate::certificate::{CertificateRecord, Identifiers};
use crate::date::Date;

pub use accreditation::{SIGNATORIES_RETRIEVED, Signatory, find_signatory, signatories};
pub use coverage::{CoverageItem, Evidence, ItemKind, ItemVerdict};
pub use entity::{
    EntityCheck, EntityMatch, EntityReason, LegalFamily, check_entity, legal_family, match_entity,
    normalize_entity_name,
};
pub use reading::{
    Location, LocationKind, Organisation, Polarity, Reach, Reading, ScopeReading, Segment,
    SiteReading,
};
pub use record_reading::{RecordReading, verify_read, verify_read_without_record};
pub use sites::ClaimedSite;
pub use validity::{
    ProblemCode, Severity, Validity, ValidityProblem, check_validity, iso27001_2013_end,
};

use coverage::{Claim, SourceText, activity_coverage, activity_findings, activity_item};

/// The most activities or sites one claim may list.
pub const MAX_CLAIM_ITEMS: usize = 50;

/// How the certificate is looked up when no number is given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityQuery {
    /// The supplier's legal name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code, narrowing a name search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Registry identifiers; any one given is matched exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifiers: Option<Identifiers>,
}

/// What the buyer wants covered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeClaim {
    /// The legal entity the buyer contracts with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_name: Option<String>,
    /// Activities, products or services bought ("payroll SaaS").
    #[serde(default)]
    pub activities: Vec<String>,
    /// Sites they are delivered from.
    #[serde(default)]
    pub sites: Vec<ClaimedSite>,
}

/// A verification request: which certificate, on which day, and what must be covered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationRequest {
    /// The number printed on the certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_number: Option<String>,
    /// The issuing certification body, when certificate numbers of two bodies collide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification_body: Option<String>,
    /// Look the certificate up by entity instead of number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<EntityQuery>,
    /// The day to check; today when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// What must be covered.
    #[serde(default)]
    pub claim: ScopeClaim,
}

/// Why a request cannot be verified as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {detail}")]
pub struct RequestError {
    /// JSON pointer to the field.
    pub pointer: String,
    /// What is wrong.
    pub detail: String,
}

impl VerificationRequest {
    /// Checks that the request says which certificate and stays within the size limits.
    pub fn validate(&self) -> Result<(), Vec<RequestError>> {
        let mut errors = Vec::new();
        let mut error = |pointer: &str, detail: &str| {
            errors.push(RequestError {
                pointer: pointer.to_string(),
                detail: detail.to_string(),
            });
        };
        let number = self.certificate_number.as_deref().map(str::trim);
        let name = self.entity.as_ref().map(|e| e.name.trim());
        let identifiers = self.entity.as_ref().and_then(|e| e.identifiers.as_ref());
        if number.is_none_or(str::is_empty)
            && name.is_none_or(str::is_empty)
            && identifiers.is_none_or(Identifiers::is_empty)
        {
            error(
                "/certificate_number",
                "give a certificate_number, or an entity with a name or identifiers",
            );
        }
        // An LEI with a typing error would never match the record's: say so instead.
        if let Some(lei) = identifiers.and_then(|ids| ids.lei.as_deref())
            && let Err(problem) = crate::certificate::check_lei(lei)
        {
            error("/entity/identifiers/lei", &problem.to_string());
        }
        if self.claim.activities.len() > MAX_CLAIM_ITEMS {
            error("/claim/activities", "at most 50 activities");
        }
        if self.claim.sites.len() > MAX_CLAIM_ITEMS {
            error("/claim/sites", "at most 50 sites");
        }
        for (i, activity) in self.claim.activities.iter().enumerate() {
            if activity.trim().is_empty() || activity.chars().count() > 500 {
                error(
                    &format!("/claim/activities/{i}"),
                    "must be 1 to 500 characters",
                );
            }
        }
        for (i, site) in self.claim.sites.iter().enumerate() {
            if site.label().is_empty() {
                error(
                    &format!("/claim/sites/{i}"),
                    "give a city, a country or an address",
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Valid, and every claimed item is covered.
    Covered,
    /// Valid; some items are covered and others are not (or are excluded).
    PartiallyCovered,
    /// Valid, but no claimed item is covered, or the certificate belongs to another entity.
    NotCovered,
    /// The certificate cannot be relied on (see the validity problems).
    Invalid,
    /// No certificate matches the request.
    NotFound,
    /// Valid, but the record does not say enough to decide: ask the supplier.
    Undetermined,
}

impl Verdict {
    /// The verdict as written in JSON: `covered`, `partially_covered`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Covered => "covered",
            Verdict::PartiallyCovered => "partially_covered",
            Verdict::NotCovered => "not_covered",
            Verdict::Invalid => "invalid",
            Verdict::NotFound => "not_found",
            Verdict::Undetermined => "undetermined",
        }
    }

    /// The verdict in words for people: "Covered", "Partially covered", "Not covered" ….
    pub fn in_words(self) -> &'static str {
        match self {
            Verdict::Covered => "Covered",
            Verdict::PartiallyCovered => "Partially covered",
            Verdict::NotCovered => "Not covered",
            Verdict::Invalid => "Invalid",
            Verdict::NotFound => "Not found",
            Verdict::Undetermined => "Undetermined: ask the supplier",
        }
    }
}

/// The full answer to a [`VerificationRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    /// The overall verdict.
    pub verdict: Verdict,
    /// Validity on `as_of`.
    pub validity: Validity,
    /// The claimed entity compared with the certified one.
    pub entity_match: EntityMatch,
    /// Why the entities differ, when `entity_match` is `different`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_reason: Option<EntityReason>,
    /// One item per claimed activity, then one per claimed site.
    pub coverage: Vec<CoverageItem>,
    /// How the scope and each site's own scope were read: the parts included, excluded or
    /// unclear, the places and the organisations named.
    #[serde(default)]
    pub reading: Reading,
    /// The record verified, `null` when none was found.
    pub certificate: Option<CertificateRecord>,
    /// The day checked.
    pub as_of: Date,
    /// The verdict in a few sentences, for a person.
    pub explanation: String,
}

impl Verification {
    /// The number of the certificate found, or `""` when none was.
    pub fn certificate_number(&self) -> &str {
        self.certificate
            .as_ref()
            .map_or("", |c| c.certificate_number.as_str())
    }

    /// The name of the found certificate's holder, or `""` when none was found.
    pub fn holder_name(&self) -> &str {
        self.certificate
            .as_ref()
            .map_or("", |c| c.entity.name.as_str())
    }
}

/// Verifies `request` against `record` (the certificate the caller found for it, or `None`) as of
/// the day `as_of`. Never fails: a missing record gives `not_found`.
pub fn verify(
    request: &VerificationRequest,
    record: Option<&CertificateRecord>,
    as_of: Date,
) -> Verification {
    let Some(record) = record else {
        return Verification {
            verdict: Verdict::NotFound,
            validity: Validity {
                valid: false,
                problems: Vec::new(),
            },
            entity_match: EntityMatch::NotChecked,
            entity_reason: None,
            coverage: Vec::new(),
            reading: Reading::default(),
            certificate: None,
            as_of,
            explanation: "No certificate in the registry matches this request. Check the \
                          certificate number and the certification body, or ask the supplier \
                          for a copy of the certificate."
                .to_string(),
        };
    };
    Verification {
        certificate: Some(record.clone()),
        ..verify_without_record(request, record, as_of)
    }
}

/// [`verify`] of a record found, its texts read here, with `certificate` left for the caller.
fn verify_without_record(
    request: &VerificationRequest,
    record: &CertificateRecord,
    as_of: Date,
) -> Verification {
    let holder = Some(record.entity.name.as_str());
    let scope = SourceText::new("/scope".to_string(), &record.scope, holder);
    let site_scopes: Vec<Option<SourceText<'_>>> = record_reading::site_scopes(record)
        .enumerate()
        .map(|(i, text)| text.map(|s| SourceText::new(format!("/sites/{i}/scope"), s, holder)))
        .collect();
    let accreditation = validity::accreditation_of(record);
    verify_sources(request, record, scope, site_scopes, accreditation, as_of)
}

/// [`verify`] once the record's scope texts are read (here or earlier, see [`verify_read`]).
fn verify_sources(
    request: &VerificationRequest,
    record: &CertificateRecord,
    scope: SourceText<'_>,
    site_scopes: Vec<Option<SourceText<'_>>>,
    accreditation: accreditation::AccreditationReading,
    as_of: Date,
) -> Verification {
    let validity = validity::check_validity_read(record, as_of, accreditation);
    let entity = check_entity(request, &record.entity);

    let mut site_items = Vec::new();
    let mut matched_sites: Vec<usize> = Vec::new();
    for claimed in &request.claim.sites {
        let (item, matched) = sites::site_coverage(claimed, record, &scope);
        site_items.push(item);
        for i in matched {
            if !matched_sites.contains(&i) {
                matched_sites.push(i);
            }
        }
    }

    let mut coverage: Vec<CoverageItem> = request
        .claim
        .activities
        .iter()
        .map(|activity| {
            if matched_sites.is_empty() {
                // No claimed site on the certificate's list: the certificate scope and every
                // site's own scope may support the activity.
                let mut sources = vec![&scope];
                sources.extend(site_scopes.iter().flatten());
                activity_coverage(activity, &sources)
            } else {
                activity_at_sites(activity, &matched_sites, &scope, &site_scopes)
            }
        })
        .collect();
    coverage.extend(site_items);
    // The readings move into the response: nothing reads the texts after this.
    let sites = site_scopes
        .into_iter()
        .enumerate()
        .filter_map(|(i, s)| {
            s.map(|s| SiteReading {
                site: i,
                reading: s.into_reading(),
            })
        })
        .collect();
    let ScopeReading {
        segments,
        locations,
        organisations,
    } = scope.into_reading();
    let reading = Reading {
        segments,
        locations,
        organisations,
        sites,
    };

    let verdict = overall(&validity, &entity, &coverage);
    let explanation = explain(verdict, &validity, &entity, &coverage, record);
    Verification {
        verdict,
        validity,
        entity_match: entity.verdict,
        entity_reason: entity.reason,
        coverage,
        reading,
        // The caller's to fill in: it may own the record, and move it here.
        certificate: None,
        as_of,
        explanation,
    }
}

/// An activity claimed at the listed sites `sites`: each site's own scope applies to that site
/// only, a site without one gets the certificate scope, and the certificate scope's exclusions
/// and doubts apply everywhere. The activity must be covered at every claimed site.
fn activity_at_sites(
    activity: &str,
    sites: &[usize],
    scope: &SourceText<'_>,
    site_scopes: &[Option<SourceText<'_>>],
) -> CoverageItem {
    let claim = Claim::read(activity);
    if claim.terms.is_empty() {
        return activity_item(activity, ItemVerdict::Undetermined, Vec::new());
    }
    // The certificate scope is searched once: it supports sites without their own scope, and
    // its exclusions and doubts apply at every site.
    let general = activity_findings(&claim, &[scope]);
    let mut verdicts = Vec::new();
    let mut evidence = Vec::new();
    for &site in sites {
        let findings = match &site_scopes[site] {
            Some(own) => {
                let mut findings = activity_findings(&claim, &[own]);
                findings.excluded.extend(general.excluded.iter().cloned());
                findings.touched.extend(general.touched.iter().cloned());
                findings
            }
            None if scope.text.trim().is_empty() => {
                verdicts.push(ItemVerdict::Undetermined);
                continue;
            }
            None => general.clone(),
        };
        verdicts.push(findings.verdict().unwrap_or(ItemVerdict::NotCovered));
        for e in findings.into_evidence() {
            if !evidence.contains(&e) {
                evidence.push(e);
            }
        }
    }
    let verdict = [
        ItemVerdict::Excluded,
        ItemVerdict::NotCovered,
        ItemVerdict::Undetermined,
    ]
    .into_iter()
    .find(|v| verdicts.contains(v))
    .unwrap_or(ItemVerdict::Covered);
    activity_item(activity, verdict, evidence)
}

/// The overall verdict from validity, entity and items (rules in `docs/VERIFICATION.md`).
fn overall(validity: &Validity, entity: &EntityCheck, items: &[CoverageItem]) -> Verdict {
    if !validity.valid {
        return Verdict::Invalid;
    }
    if entity.rules_out() {
        return Verdict::NotCovered;
    }
    let verdict = items_verdict(items);
    if validity.caps_verdict() || entity.caps_verdict() {
        at_most_undetermined(verdict)
    } else {
        verdict
    }
}

/// A cautionary problem or a possibly different entity leaves nothing better than undetermined.
fn at_most_undetermined(verdict: Verdict) -> Verdict {
    match verdict {
        Verdict::Covered | Verdict::PartiallyCovered => Verdict::Undetermined,
        other => other,
    }
}

/// The verdict from the claimed items alone.
fn items_verdict(items: &[CoverageItem]) -> Verdict {
    if items.is_empty() {
        return Verdict::Undetermined;
    }
    let count = |v: ItemVerdict| items.iter().filter(|i| i.verdict == v).count();
    let covered = count(ItemVerdict::Covered);
    let against = count(ItemVerdict::NotCovered) + count(ItemVerdict::Excluded);
    if covered == items.len() {
        Verdict::Covered
    } else if against > 0 && covered > 0 {
        Verdict::PartiallyCovered
    } else if against > 0 {
        Verdict::NotCovered
    } else {
        Verdict::Undetermined
    }
}

/// The explanation's lists of claimed items, in order: each verdict and the words before it.
const ITEM_LISTS: [(ItemVerdict, &str); 4] = [
    (ItemVerdict::Covered, "Covered by the scope"),
    (ItemVerdict::Excluded, "Explicitly excluded"),
    (ItemVerdict::NotCovered, "Not covered"),
    (
        ItemVerdict::Undetermined,
        "Cannot be decided from the record (ask the supplier)",
    ),
];

/// The verdict in a few sentences, written into one string (no sentence built on its own and
/// joined after; held to the plain `format!` and `join` version by a property test).
fn explain(
    verdict: Verdict,
    validity: &Validity,
    entity: &EntityCheck,
    items: &[CoverageItem],
    record: &CertificateRecord,
) -> String {
    let mut out = String::with_capacity(320);
    for piece in [
        "Certificate ",
        record.certificate_number.as_str(),
        " (",
        record.standard.as_str(),
        ") issued by ",
        record.certification_body.as_str(),
        " to ",
        record.entity.name.as_str(),
    ] {
        out.push_str(piece);
    }
    let messages = |severity: Severity| {
        validity
            .problems
            .iter()
            .filter(move |p| p.severity == severity)
            .map(|p| p.message.as_str())
    };
    match verdict {
        Verdict::Invalid => {
            out.push_str(" cannot be relied on. ");
            join_into(&mut out, messages(Severity::Error), " ");
        }
        _ => out.push_str(" is valid on the day checked."),
    }
    // Each further part after a space.
    if let Some(sentence) = &entity.explanation {
        out.push(' ');
        out.push_str(sentence);
    }
    if verdict != Verdict::Invalid {
        for (v, words) in ITEM_LISTS {
            let mut named = items.iter().filter(|i| i.verdict == v).peekable();
            if named.peek().is_none() {
                continue;
            }
            out.push(' ');
            out.push_str(words);
            out.push_str(": ");
            for (n, item) in named.enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                out.push('\'');
                out.push_str(&item.item);
                out.push('\'');
            }
            out.push('.');
        }
        if items.is_empty() {
            out.push_str(" No activity or site was claimed, so the scope was not checked.");
        }
    }
    if verdict != Verdict::Invalid && messages(Severity::Caution).next().is_some() {
        out.push(' ');
        join_into(&mut out, messages(Severity::Caution), " ");
    }
    if messages(Severity::Warning).next().is_some() {
        out.push_str(" Note: ");
        join_into(&mut out, messages(Severity::Warning), " ");
    }
    out
}

/// `parts` appended to `out`, `separator` between them.
fn join_into<'a>(out: &mut String, parts: impl Iterator<Item = &'a str>, separator: &str) {
    for (n, part) in parts.enumerate() {
        if n > 0 {
            out.push_str(separator);
        }
        out.push_str(part);
    }
}

#[cfg(test)]
mod tests;

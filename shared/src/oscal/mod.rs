//! OSCAL exports: ISO/IEC 27001:2022 as we model it, the Statement of Applicability and a scored
//! self-assessment, as NIST OSCAL JSON documents ([`OSCAL_VERSION`]) that GRC tools can import.
//!
//! - [`catalog()`] — an OSCAL catalog: clauses 4–10 and the Annex A themes as groups, the 30
//!   clause requirements and 93 controls as controls (ids, short titles, our own question and
//!   guidance as parts — never text of the standard).
//! - [`profile()`] — a profile that selects the whole catalog; system security plans import it.
//! - [`system_security_plan()`] — the SoA as an SSP's implemented requirements, and
//!   [`soa_from_ssp()`] to read it back.
//! - [`assessment_results()`] — the scored assessment: one observation per answer, one finding
//!   per reviewed requirement, one risk per gap, our scores as props in [`ANNEXA_NS`].
//!
//! Ids: OSCAL ids are tokens, so a clause `6.1.2` becomes `c-6.1.2` and a control `A.5.1`
//! becomes `a-5.1` ([`oscal_id`], [`requirement_id`]). UUIDs are version 5 (name-based) under
//! [`annexa_namespace()`], so the same input always gives the same document. The crate has no
//! clock: SSP and assessment-results timestamps are passed in; the catalog's `last-modified` is
//! derived from the questionnaire version. The mapping is documented in `docs/INTEROP.md`.

mod catalog;
mod model;
mod results;
mod ssp;
pub mod uuid;

pub use catalog::{
    CATALOG_HREF, CatalogGroup, CatalogModel, Control, OscalCatalog, OscalProfile, PROFILE_HREF,
    ProfileImport, ProfileModel, catalog, profile,
};
pub use model::{
    BackMatter, IncludeAll, Link, Metadata, Part, Property, Resource, ResourceLink,
    SelectControlById,
};
pub use results::{
    AssessmentResult, AssessmentResults, ControlSelection, Finding, FindingTarget, ImportAp,
    ObjectiveStatus, Observation, OscalAssessmentResults, RelatedObservation, RelatedRisk,
    ReviewedControls, Risk, assessment_results,
};
pub use ssp::{
    ByComponent, ControlImplementation, Description, ImplementationStatus, ImplementedRequirement,
    ImportProfile, InformationType, OscalSsp, Status, SystemCharacteristics, SystemComponent,
    SystemId, SystemImplementation, SystemInformation, SystemSecurityPlan, SystemUser,
    soa_from_ssp, system_security_plan,
};
pub use uuid::Uuid;

use crate::answers::AnswersDocument;
use crate::date::Date;
use crate::validation::AnswersError;

/// The OSCAL version every document declares and is validated against (`tests/oscal/`).
pub const OSCAL_VERSION: &str = "1.2.1";

/// Annexa's namespace for props and part names that OSCAL does not define.
pub const ANNEXA_NS: &str = "https://annexa.dev/ns/oscal";

/// The namespace under which every Annexa OSCAL UUID is derived: the version 5 UUID of
/// [`ANNEXA_NS`] in the RFC 9562 URL namespace (`ea481657-3048-5f96-b93b-594a47e8a6ce`).
pub fn annexa_namespace() -> Uuid {
    Uuid::v5(uuid::NAMESPACE_URL, ANNEXA_NS)
}

/// Why an OSCAL document cannot be built or read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OscalError {
    /// The answers document is invalid (see [`AnswersError`]).
    #[error(transparent)]
    Answers(#[from] AnswersError),
    /// A timestamp passed in is not an RFC 3339 date-time with a time zone that OSCAL accepts.
    #[error(
        "'{value}' is not a valid OSCAL timestamp: expected YYYY-MM-DDThh:mm:ss with Z or a ±hh:mm offset"
    )]
    InvalidTimestamp {
        /// The refused text (cut to 40 characters).
        value: String,
    },
    /// A system security plan that cannot be read back as an Annexa SoA.
    #[error("the system security plan cannot be read as a Statement of Applicability: {reason}")]
    UnreadableSsp {
        /// What is missing or unknown.
        reason: String,
    },
}

/// The OSCAL token id of a requirement: `6.1.2` → `c-6.1.2`, `A.5.1` → `a-5.1`.
pub fn oscal_id(requirement_id: &str) -> String {
    match requirement_id.strip_prefix("A.") {
        Some(control) => format!("a-{control}"),
        None => format!("c-{requirement_id}"),
    }
}

/// The requirement id of an OSCAL id made by [`oscal_id`]: `c-6.1.2` → `6.1.2`,
/// `a-5.1` → `A.5.1`; `None` for any other id.
pub fn requirement_id(oscal_id: &str) -> Option<String> {
    if let Some(control) = oscal_id.strip_prefix("a-") {
        Some(format!("A.{control}"))
    } else {
        oscal_id.strip_prefix("c-").map(str::to_owned)
    }
}

/// The id of a requirement's assessment-objective part (`a-5.1_obj`): what findings target.
pub fn objective_id(requirement_id: &str) -> String {
    format!("{}_obj", oscal_id(requirement_id))
}

/// Checks that `value` is a date-time OSCAL's `DateTimeWithTimezoneDatatype` accepts: a real
/// calendar day in 1900–2999, `T`, `hh:mm:ss` with optional fraction, then `Z` or an offset.
pub fn check_timestamp(value: &str) -> Result<(), OscalError> {
    let invalid = || OscalError::InvalidTimestamp {
        value: value.chars().take(40).collect(),
    };
    let (date, rest) = value.split_once('T').ok_or_else(invalid)?;
    let day: Date = date.parse().map_err(|_| invalid())?;
    if !(1900..=2999).contains(&day.year()) || date.len() != 10 {
        return Err(invalid());
    }
    let bytes = rest.as_bytes();
    let two = |at: usize, max: u8| -> Option<()> {
        let (a, b) = (*bytes.get(at)?, *bytes.get(at + 1)?);
        (a.is_ascii_digit() && b.is_ascii_digit() && (a - b'0') * 10 + (b - b'0') <= max)
            .then_some(())
    };
    let time_ok = two(0, 23).is_some()
        && bytes.get(2) == Some(&b':')
        && two(3, 59).is_some()
        && bytes.get(5) == Some(&b':')
        && two(6, 59).is_some();
    if !time_ok {
        return Err(invalid());
    }
    let mut zone = &rest[8..];
    if let Some(fraction) = zone.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(invalid());
        }
        zone = &fraction[digits..];
    }
    match zone {
        "Z" => Ok(()),
        _ if zone.len() == 6 && zone.as_bytes()[3] == b':' => {
            let (sign, hours, minutes) = (&zone[..1], &zone[1..3], &zone[4..]);
            let hours: u8 = hours.parse().map_err(|_| invalid())?;
            let allowed = match (sign, minutes) {
                ("+" | "-", "00") => hours <= if sign == "+" { 14 } else { 12 },
                ("-", "30") => matches!(hours, 3 | 9),
                ("+", "30") => matches!(hours, 3..=6 | 9 | 10),
                ("+", "45") => matches!(hours, 5 | 8 | 12),
                _ => false,
            };
            allowed.then_some(()).ok_or_else(invalid)
        }
        _ => Err(invalid()),
    }
}

/// The UUID of an export of `doc` at `generated_at` of `kind` (`ssp`, `assessment-results`):
/// derived from everything in the answers, so a different answer gives a different document UUID
/// and the same answers at the same time give the same one. The name uses the `Debug` form of the
/// document, which is identical on native and wasm32 builds of one release.
pub(crate) fn document_uuid(kind: &str, doc: &AnswersDocument, generated_at: &str) -> Uuid {
    Uuid::v5(
        annexa_namespace(),
        &format!("{kind}\u{1f}{generated_at}\u{1f}{doc:?}"),
    )
}

/// The `last-modified` of the catalog and profile: 1 January of the questionnaire version's year,
/// plus its minor number as the month (`2026.1` → `2026-01-01T00:00:00Z`), so the catalog only
/// changes date when its content can change.
pub(crate) fn version_timestamp(version: &str) -> String {
    let mut parts = version.split('.');
    let year = parts
        .next()
        .and_then(|y| y.parse::<u16>().ok())
        .filter(|y| (1900..=2999).contains(y))
        .unwrap_or(2026);
    let month = parts
        .next()
        .and_then(|m| m.parse::<u8>().ok())
        .filter(|m| (1..=12).contains(m))
        .unwrap_or(1);
    format!("{year:04}-{month:02}-01T00:00:00Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_between_iso_and_oscal() {
        assert_eq!(oscal_id("6.1.2"), "c-6.1.2");
        assert_eq!(oscal_id("A.8.34"), "a-8.34");
        assert_eq!(requirement_id("a-8.34").as_deref(), Some("A.8.34"));
        assert_eq!(requirement_id("c-10.2").as_deref(), Some("10.2"));
        assert_eq!(requirement_id("ac-2"), None);
        assert_eq!(objective_id("A.5.1"), "a-5.1_obj");
    }

    #[test]
    fn timestamps_follow_the_oscal_date_time_rules() {
        for ok in [
            "2026-11-29T19:00:00Z",
            "2026-11-29T19:00:00.123Z",
            "2024-02-29T00:00:00+05:30",
            "2026-01-01T23:59:59-03:30",
        ] {
            assert_eq!(check_timestamp(ok), Ok(()), "{ok}");
        }
        for bad in [
            "2026-11-29",
            "2026-11-29T19:00:00",
            "2025-02-29T00:00:00Z",
            "2026-11-29T24:00:00Z",
            "2026-11-29 19:00:00Z",
            "2026-11-29T19:00:00+15:00",
            "2026-11-29T19:00:00.Z",
            "1899-12-31T00:00:00Z",
        ] {
            assert!(check_timestamp(bad).is_err(), "{bad}");
        }
        let message = check_timestamp("yesterday").unwrap_err().to_string();
        assert!(message.contains("'yesterday' is not a valid OSCAL timestamp"));
    }

    #[test]
    fn version_timestamp_is_fixed_by_the_questionnaire_version() {
        assert_eq!(version_timestamp("2026.1"), "2026-01-01T00:00:00Z");
        assert_eq!(version_timestamp("2027.3"), "2027-03-01T00:00:00Z");
        assert_eq!(check_timestamp(&version_timestamp("garbage")), Ok(()));
    }
}

//! Is the certificate valid on a given day? Status, dates, edition and accreditation, each
//! reported as a [`ValidityProblem`] with a stable code, a severity and a message for people.

use serde::{Deserialize, Serialize};

use super::accreditation::{AccreditationReading, SIGNATORIES_RETRIEVED, read_accreditation};
use crate::certificate::{CertificateRecord, CertificateStatus, Standard};
use crate::date::Date;

/// The last day an ISO/IEC 27001:2013 certificate could be valid: the IAF MD 26 transition to
/// the 2022 edition ended on 31 October 2025, so a 2013 certificate is valid through that day
/// (inclusive) and invalid from 1 November 2025, whatever expiry date it shows.
pub fn iso27001_2013_end() -> Date {
    Date::new(2025, 10, 31).expect("2025-10-31 is a valid date")
}

/// How serious a validity problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The certificate cannot be relied on: the verdict is `invalid`.
    Error,
    /// The certificate may be sound, but Annexa cannot confirm what this problem is about: the
    /// verdict can be at most `undetermined` (`covered` and `partially_covered` become
    /// `undetermined`).
    Caution,
    /// Worth a question to the supplier; does not change the verdict.
    Warning,
}

impl Severity {
    /// How serious the problem is, in words for people.
    pub fn in_words(self) -> &'static str {
        match self {
            Severity::Error => "Cannot be relied on",
            Severity::Caution => "Cannot be confirmed",
            Severity::Warning => "Worth asking the supplier",
        }
    }
}

/// The stable identifier of a validity problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// Status `suspended`.
    StatusSuspended,
    /// Status `withdrawn`.
    StatusWithdrawn,
    /// Status `cancelled`.
    StatusCancelled,
    /// Status `expired`.
    StatusExpired,
    /// The expiry date is before the day checked.
    PastExpiry,
    /// The issue date is after the day checked.
    NotYetIssued,
    /// An ISO/IEC 27001:2013 certificate checked after 2025-10-31 (from 2025-11-01).
    Iso27001_2013Ended,
    /// No accreditation body, or a text that states none ("none", "n/a", "not accredited",
    /// "accreditation pending"): the certificate is not accredited.
    Unaccredited,
    /// An accreditation body that is not in Annexa's list of bodies recognised for ISO/IEC
    /// 27001 certification (caution: the verdict can be at most `undetermined`).
    AccreditationBodyUnknown,
    /// The accreditation-body text names a body but negates or qualifies its accreditation
    /// ("not accredited by UKAS", "UKAS accreditation withdrawn", "formerly DAkkS"); caution.
    AccreditationNotInForce,
    /// More than 12 months since the issue date or the last surveillance audit.
    SurveillanceOverdue,
    /// The certificate runs past the end of its three-year certification cycle: more than 36
    /// months from its issue date, and (for a recertification decided before the previous
    /// expiry) more than 36 months past the end of the cycle it was issued in.
    ValidityPeriodTooLong,
}

/// One reason why a certificate may not be relied on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidityProblem {
    /// Stable code.
    pub code: ProblemCode,
    /// Error, caution or warning.
    pub severity: Severity,
    /// What was found, for a person.
    pub message: String,
}

/// The validity part of a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validity {
    /// True when no problem has error severity.
    pub valid: bool,
    /// Every problem found, errors first, then cautions, then warnings.
    pub problems: Vec<ValidityProblem>,
}

impl Validity {
    /// True when a problem has caution severity: the verdict can be at most `undetermined`.
    pub fn caps_verdict(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.severity == Severity::Caution)
    }
}

/// Checks `record` as of the day `as_of`.
pub fn check_validity(record: &CertificateRecord, as_of: Date) -> Validity {
    check_validity_read(record, as_of, accreditation_of(record))
}

/// What `record`'s accreditation-body text says (the same for every day checked, so a reader
/// of many verifications of one record reads it once).
pub(crate) fn accreditation_of(record: &CertificateRecord) -> AccreditationReading {
    read_accreditation(record.accreditation_body.as_deref().map_or("", str::trim))
}

/// [`check_validity`] with the record's accreditation text already read
/// ([`accreditation_of`]).
pub(crate) fn check_validity_read(
    record: &CertificateRecord,
    as_of: Date,
    reading: AccreditationReading,
) -> Validity {
    let mut problems = Vec::new();
    let mut add = |code, severity, message: String| {
        problems.push(ValidityProblem {
            code,
            severity,
            message,
        });
    };
    let status_code = match record.status {
        CertificateStatus::Active => None,
        CertificateStatus::Suspended => Some(ProblemCode::StatusSuspended),
        CertificateStatus::Withdrawn => Some(ProblemCode::StatusWithdrawn),
        CertificateStatus::Cancelled => Some(ProblemCode::StatusCancelled),
        CertificateStatus::Expired => Some(ProblemCode::StatusExpired),
    };
    if let Some(code) = status_code {
        add(
            code,
            Severity::Error,
            format!(
                "The certification body lists this certificate as {}; only an active certificate is valid.",
                record.status.as_str()
            ),
        );
    }
    if as_of > record.expiry_date {
        add(
            ProblemCode::PastExpiry,
            Severity::Error,
            format!("The certificate expired on {}.", record.expiry_date),
        );
    }
    if as_of < record.issue_date {
        add(
            ProblemCode::NotYetIssued,
            Severity::Error,
            format!(
                "The certificate is dated {}, after the day checked ({as_of}).",
                record.issue_date
            ),
        );
    }
    if record.standard == Standard::Iso27001_2013 && as_of > iso27001_2013_end() {
        add(
            ProblemCode::Iso27001_2013Ended,
            Severity::Error,
            format!(
                "No ISO/IEC 27001:2013 certificate is valid after {}, when the transition to the \
                 2022 edition ended (IAF transition rules), whatever expiry date it shows ({}); \
                 the supplier needs an ISO/IEC 27001:2022 certificate.",
                iso27001_2013_end(),
                record.expiry_date
            ),
        );
    }
    let accreditation = record.accreditation_body.as_deref().map(str::trim);
    let shown = accreditation
        .unwrap_or("")
        .chars()
        .take(100)
        .collect::<String>();
    match reading {
        AccreditationReading::Recognised(_) => {}
        AccreditationReading::NoneStated => add(
            ProblemCode::Unaccredited,
            Severity::Error,
            if shown.is_empty() {
                "No accreditation body is named: the certificate is not accredited, so no \
                 accreditation body vouches for the certification body's competence."
                    .to_string()
            } else {
                format!(
                    "The accreditation is given as '{shown}': the certificate is not accredited, \
                     so no accreditation body vouches for the certification body's competence."
                )
            },
        ),
        AccreditationReading::Qualified => add(
            ProblemCode::AccreditationNotInForce,
            Severity::Caution,
            format!(
                "The accreditation is given as '{shown}', which does not say that a recognised \
                 accreditation body accredits the certification body today, so the verdict can \
                 be at most undetermined: ask the supplier for the certification body's current \
                 accreditation."
            ),
        ),
        AccreditationReading::NotListed => add(
            ProblemCode::AccreditationBodyUnknown,
            Severity::Caution,
            format!(
                "'{shown}' is not in Annexa's list of accreditation bodies recognised for ISO/IEC \
                 27001 certification under the IAF agreement (compiled {SIGNATORIES_RETRIEVED}), \
                 so the verdict can be at most undetermined: check on iaf.nu that it signs the \
                 agreement for information security management systems."
            ),
        ),
    }
    let in_force = record.status == CertificateStatus::Active
        && as_of <= record.expiry_date
        && as_of >= record.issue_date;
    let last_audit = record
        .last_surveillance_date
        .map_or(record.issue_date, |s| s.max(record.issue_date));
    if in_force && last_audit.add_months(12).is_some_and(|due| as_of > due) {
        add(
            ProblemCode::SurveillanceOverdue,
            Severity::Warning,
            format!(
                "The last audit on record was on {last_audit}, more than 12 months before \
                 {as_of}: ask for the latest surveillance audit report."
            ),
        );
    }
    if let Some(limit) = latest_expiry(record)
        && record.expiry_date > limit
    {
        add(
            ProblemCode::ValidityPeriodTooLong,
            Severity::Warning,
            format!(
                "The certificate runs from {} to {}, past the end of a three-year certification \
                 cycle (at most {limit} for a certificate first issued on {}): check it with the \
                 certification body.",
                record.issue_date, record.expiry_date, record.original_issue_date
            ),
        );
    }
    problems.sort_by_key(|p| p.severity);
    Validity {
        valid: problems.iter().all(|p| p.severity != Severity::Error),
        problems,
    }
}

/// How long before the end of its cycle a recertification may be decided and still carry the
/// previous expiry forward. Not a rule of the standard (ISO/IEC 17021-1 only asks for the
/// recertification "in due time" before expiry): a decision a year or more ahead would stand in
/// for a surveillance audit, and a certificate running from it to the end of the next cycle
/// would cover four years or more.
const RECERTIFICATION_LEAD_MONTHS: i32 = 12;

/// The latest expiry date a certificate can rightly carry. Certification cycles run three years
/// from the original issue date. A certificate can always run 36 months from its issue date; a
/// recertification decided before the previous expiry (within [`RECERTIFICATION_LEAD_MONTHS`]
/// of the end of the cycle it was issued in) keeps the cycle: its expiry is the previous expiry
/// plus three years, so it may run longer than 36 months from its own issue date.
fn latest_expiry(record: &CertificateRecord) -> Option<Date> {
    let from_issue = record.issue_date.add_months(36)?;
    if record.issue_date <= record.original_issue_date {
        return Some(from_issue);
    }
    // The end of the cycle the certificate was issued in: the first cycle end after the issue.
    let months = months_between(record.original_issue_date, record.issue_date);
    let mut cycles = (months / 36).max(1);
    let mut cycle_end = record.original_issue_date.add_months(36 * cycles)?;
    while cycle_end <= record.issue_date {
        cycles += 1;
        cycle_end = record.original_issue_date.add_months(36 * cycles)?;
    }
    let recertified_early = record
        .issue_date
        .add_months(RECERTIFICATION_LEAD_MONTHS)
        .is_some_and(|lead| lead >= cycle_end);
    if recertified_early {
        Some(from_issue.max(cycle_end.add_months(36)?))
    } else {
        Some(from_issue)
    }
}

/// Whole calendar months from `earlier` to `later` (day of month ignored), at least 0.
fn months_between(earlier: Date, later: Date) -> i32 {
    let index = |d: Date| d.year() * 12 + i32::from(d.month());
    (index(later) - index(earlier)).max(0)
}

//! Is the certificate valid on a given day? Status, dates, edition and accreditation, each
//! reported as a [`ValidityProblem`] with a stable code, a severity and a message for people.

use serde::{Deserialize, Serialize};

use super::accreditation::{SIGNATORIES_RETRIEVED, find_signatory};
use crate::certificate::{CertificateRecord, CertificateStatus, Standard};
use crate::date::Date;

/// The day every ISO/IEC 27001:2013 certificate ended (IAF MD 26 transition): a 2013
/// certificate checked on this day or later is invalid.
pub fn iso27001_2013_end() -> Date {
    Date::new(2025, 10, 31).expect("2025-10-31 is a valid date")
}

/// How serious a validity problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The certificate cannot be relied on: the verdict is `invalid`.
    Error,
    /// Worth a question to the supplier; does not change the verdict.
    Warning,
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
    /// An ISO/IEC 27001:2013 certificate checked on or after 2025-10-31.
    Iso27001_2013Ended,
    /// No accreditation body: the certificate is not accredited.
    Unaccredited,
    /// An accreditation body that is not in Annexa's list of IAF MLA ISMS signatories: it may
    /// well be one, but Annexa cannot confirm it.
    AccreditationBodyUnknown,
    /// More than 12 months since the issue date or the last surveillance audit.
    SurveillanceOverdue,
    /// The certificate runs longer than the three-year certification cycle.
    ValidityPeriodTooLong,
}

/// One reason why a certificate may not be relied on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidityProblem {
    /// Stable code.
    pub code: ProblemCode,
    /// Error or warning.
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
    /// Every problem found, errors first.
    pub problems: Vec<ValidityProblem>,
}

/// Checks `record` as of the day `as_of`.
pub fn check_validity(record: &CertificateRecord, as_of: Date) -> Validity {
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
    if record.standard == Standard::Iso27001_2013 && as_of >= iso27001_2013_end() {
        add(
            ProblemCode::Iso27001_2013Ended,
            Severity::Error,
            format!(
                "Every ISO/IEC 27001:2013 certificate ended on {} (IAF transition rules), \
                 whatever expiry date it shows ({}); the supplier needs an ISO/IEC 27001:2022 \
                 certificate.",
                iso27001_2013_end(),
                record.expiry_date
            ),
        );
    }
    match record.accreditation_body.as_deref().map(str::trim) {
        None | Some("") => add(
            ProblemCode::Unaccredited,
            Severity::Error,
            "No accreditation body is named: the certificate is not accredited, so no \
             accreditation body vouches for the certification body's competence."
                .to_string(),
        ),
        Some(body) if find_signatory(body).is_none() => add(
            ProblemCode::AccreditationBodyUnknown,
            Severity::Warning,
            format!(
                "'{body}' is not in Annexa's list of IAF MLA signatories for ISMS certification \
                 (compiled {SIGNATORIES_RETRIEVED}). It may still be one: check it on iaf.nu."
            ),
        ),
        Some(_) => {}
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
    if record
        .issue_date
        .add_months(36)
        .is_some_and(|limit| record.expiry_date > limit)
    {
        add(
            ProblemCode::ValidityPeriodTooLong,
            Severity::Warning,
            format!(
                "The certificate runs from {} to {}, longer than the three-year certification \
                 cycle: check it with the certification body.",
                record.issue_date, record.expiry_date
            ),
        );
    }
    problems.sort_by_key(|p| p.severity);
    Validity {
        valid: problems.iter().all(|p| p.severity != Severity::Error),
        problems,
    }
}

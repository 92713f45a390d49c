//! The certification plan: dated milestones from readiness work to the certificate's expiry, and
//! the ISO/IEC 27006-1 audit-day estimate ([`AuditDays`]).
//!
//! Durations are planning estimates, documented in `docs/SCORING.md`: readiness work grows with
//! the distance to a full score and with the head count; the audit cycle follows the
//! certification rules (surveillance within 12 months of the decision, every year, and
//! recertification before the three-year expiry).

mod audit_days;

use serde::{Deserialize, Serialize};

pub use audit_days::{AuditDays, audit_days};

use crate::answers::Profile;
use crate::date::Date;
use crate::decimal::{Fixed, Shortest};
use crate::scoring::Report;

/// Which step of the certification cycle a milestone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    /// Closing the gaps and running the ISMS long enough to produce records.
    Readiness,
    /// A full internal audit of the ISMS (clause 9.2).
    InternalAudit,
    /// A management review of the ISMS (clause 9.3).
    ManagementReview,
    /// Stage 1: documentation and readiness review by the certification body.
    Stage1,
    /// Stage 2: implementation and effectiveness audit.
    Stage2,
    /// The certification body's decision; the certificate's validity starts.
    CertificationDecision,
    /// First surveillance audit, within 12 months of the decision.
    Surveillance1,
    /// Second surveillance audit, in the second year.
    Surveillance2,
    /// Recertification audit, completed before expiry.
    Recertification,
    /// The certificate expires three years after the decision.
    Expiry,
}

/// One dated step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// Which step.
    pub id: MilestoneKind,
    /// For people: "Stage 1 audit".
    pub title: String,
    /// When it is due (for readiness work: when it ends).
    pub date: Date,
    /// What happens and why at this date.
    pub detail: String,
}

/// The certification plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The day work starts.
    pub start: Date,
    /// Estimated months of readiness work before the internal audit.
    pub readiness_months: u32,
    /// The steps in date order.
    pub milestones: Vec<Milestone>,
    /// The profile's target date, when given.
    pub target_date: Option<Date>,
    /// Whether the certification decision falls on or before the target date.
    pub meets_target: Option<bool>,
    /// The ISO/IEC 27006-1 audit-day estimate.
    pub audit_days: AuditDays,
    /// How the durations were sized.
    pub notes: Vec<String>,
}

/// The plan from `start` for an organisation with `profile` whose readiness is `report`.
pub fn plan(start: Date, profile: &Profile, report: &Report) -> Plan {
    let (readiness_months, mut notes) = readiness_months(profile, report);
    let readiness_end = months_after(start, readiness_months);
    let internal_audit = months_after(readiness_end, 1);
    let management_review = days_after(internal_audit, 14);
    let stage1 = months_after(management_review, 1);
    let stage2 = days_after(stage1, 42);
    let decision = months_after(stage2, 1);

    let step = |id, title: &str, date, detail: String| Milestone {
        id,
        title: title.to_owned(),
        date,
        detail,
    };
    let milestones = vec![
        step(
            MilestoneKind::Readiness,
            "Readiness work",
            readiness_end,
            format!(
                "From {start}: close the gaps of the report and run the ISMS long enough to produce the records auditors sample ({readiness_months} months)."
            ),
        ),
        step(
            MilestoneKind::InternalAudit,
            "Internal audit",
            internal_audit,
            "Audit the whole ISMS against ISO/IEC 27001 and the SoA, and record the findings (clause 9.2).".into(),
        ),
        step(
            MilestoneKind::ManagementReview,
            "Management review",
            management_review,
            "Top management reviews the ISMS, the audit results and the risks, and records its decisions (clause 9.3).".into(),
        ),
        step(
            MilestoneKind::Stage1,
            "Stage 1 audit",
            stage1,
            "The certification body reviews the documented information and whether the organisation is ready for Stage 2.".into(),
        ),
        step(
            MilestoneKind::Stage2,
            "Stage 2 audit",
            stage2,
            "Six weeks after Stage 1, leaving time to fix its findings: the auditors check that the ISMS is implemented and effective.".into(),
        ),
        step(
            MilestoneKind::CertificationDecision,
            "Certification decision",
            decision,
            "After any major nonconformity is closed, the certification body decides; the three-year validity starts.".into(),
        ),
        step(
            MilestoneKind::Surveillance1,
            "Surveillance audit 1",
            months_after(decision, 11),
            "Must take place within 12 months of the certification decision.".into(),
        ),
        step(
            MilestoneKind::Surveillance2,
            "Surveillance audit 2",
            months_after(decision, 23),
            "The second yearly surveillance audit.".into(),
        ),
        step(
            MilestoneKind::Recertification,
            "Recertification audit",
            months_after(decision, 33),
            "Planned three months before expiry so the new decision can be taken in time.".into(),
        ),
        step(
            MilestoneKind::Expiry,
            "Certificate expiry",
            months_after(decision, 36),
            "Three years after the certification decision.".into(),
        ),
    ];

    let meets_target = profile.target_date.map(|target| decision <= target);
    match (profile.target_date, meets_target) {
        (Some(target), Some(false)) => notes.push(format!(
            "The target date {target} is earlier than the expected certification decision on {decision}: plan more resources or move the target."
        )),
        (Some(target), Some(true)) => notes.push(format!(
            "The expected certification decision on {decision} meets the target date {target}."
        )),
        _ => {}
    }
    Plan {
        start,
        readiness_months,
        milestones,
        target_date: profile.target_date,
        meets_target,
        audit_days: audit_days(profile, report),
        notes,
    }
}

/// Months of readiness work: one per 12.5 points missing from 100 (rounded up), plus one for
/// more than 250 persons, two for more than 1000, three for more than 5000; at least one month.
fn readiness_months(profile: &Profile, report: &Report) -> (u32, Vec<String>) {
    let missing = (100.0 - report.overall).clamp(0.0, 100.0);
    // Scores have one decimal, so ×10 is a whole number and the division is exact.
    let tenths = (missing * 10.0).round() as u32;
    let for_gaps = tenths.div_ceil(125);
    let persons = profile.persons_in_scope.unwrap_or(0);
    let for_size = match persons {
        0..=250 => 0,
        251..=1000 => 1,
        1001..=5000 => 2,
        _ => 3,
    };
    let months = (for_gaps + for_size).max(1);
    let mut notes = vec![format!(
        "Readiness work: {for_gaps} month(s) for an overall score of {} and {} gap(s), {for_size} more for the head count, at least one month to produce records.",
        Shortest(report.overall),
        report.gaps.len()
    )];
    if report.progress < 1.0 {
        notes.push(format!(
            "Only {}% of the questions are answered: unanswered ones may add work.",
            Fixed(report.progress * 100.0, 0)
        ));
    }
    if profile.persons_in_scope.is_none() {
        notes.push(
            "persons_in_scope is not given: readiness work is sized without the head count.".into(),
        );
    }
    (months, notes)
}

/// The last day the crate's dates support, for plans that would run past year 9999.
fn last_date(fallback: Date) -> Date {
    Date::new(9999, 12, 31).unwrap_or(fallback)
}

fn months_after(date: Date, months: u32) -> Date {
    i32::try_from(months)
        .ok()
        .and_then(|m| date.add_months(m))
        .unwrap_or_else(|| last_date(date))
}

fn days_after(date: Date, days: i64) -> Date {
    date.add_days(days).unwrap_or_else(|| last_date(date))
}

//! Lead qualification for the site owner's sales team: a tier `A`/`B`/`C` with the reasons, from
//! the driver (regulatory or customer demand), the organisation's size, the urgency of its target
//! date and the size of its gap. The point rule is in `docs/SCORING.md`.

use serde::{Deserialize, Serialize};

use crate::advice::{AdviceLevel, Framework, advise};
use crate::answers::{ExistingCertification, Profile};
use crate::date::Date;
use crate::decimal::Shortest;
use crate::scoring::Report;

/// The sales tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tier {
    /// Follow up first: a real driver and at least 6 points.
    A,
    /// Worth a follow-up: at least 3 points.
    B,
    /// Nurture.
    C,
}

/// The tier and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadQualification {
    /// A, B or C.
    pub tier: Tier,
    /// Each fact that counted (or was missing), with its points.
    pub reasons: Vec<String>,
}

/// Points needed for tier A (with a driver) and tier B.
const TIER_A_POINTS: u32 = 6;
const TIER_B_POINTS: u32 = 3;

/// Qualifies a lead from its profile, its readiness report and today's date.
pub fn qualify_lead(profile: &Profile, report: &Report, today: Date) -> LeadQualification {
    let mut reasons = Vec::new();
    let mut points = 0;

    let (driver_points, driver) = driver(profile);
    points += driver_points;
    reasons.push(format!("Driver (+{driver_points}): {driver}."));

    if profile.recent_breach == Some(true) {
        points += 1;
        reasons.push("Recent breach (+1): an urgent need to remediate and show assurance.".into());
    }

    let (size_points, size) = match profile.persons_in_scope {
        Some(p) if p >= 50 => (2, format!("{p} persons in scope")),
        Some(p) if p >= 10 => (1, format!("{p} persons in scope")),
        Some(p) => (0, format!("{p} persons in scope, a small engagement")),
        None => (0, "head count not given".to_owned()),
    };
    points += size_points;
    reasons.push(format!("Size (+{size_points}): {size}."));

    let (urgency_points, urgency) = match profile.target_date {
        Some(target) => {
            let days = today.days_until(target);
            if days < 0 {
                (2, format!("the target date {target} has already passed"))
            } else if days <= 183 {
                (2, format!("target date {target}, within six months"))
            } else if days <= 365 {
                (1, format!("target date {target}, within a year"))
            } else {
                (0, format!("target date {target}, more than a year away"))
            }
        }
        None => (0, "no target date".to_owned()),
    };
    points += urgency_points;
    reasons.push(format!("Urgency (+{urgency_points}): {urgency}."));

    let gaps = report.gaps.len();
    let (gap_points, gap) = if report.progress == 0.0 {
        (0, "no readiness question answered yet".to_owned())
    } else if report.overall < 50.0 || gaps >= 20 {
        (
            2,
            format!(
                "overall {} with {gaps} gaps: substantial readiness work",
                Shortest(report.overall)
            ),
        )
    } else if gaps > 0 {
        (
            1,
            format!(
                "overall {} with {gaps} gaps to close",
                Shortest(report.overall)
            ),
        )
    } else {
        (
            1,
            format!(
                "overall {} and no gaps: ready for a certification audit",
                Shortest(report.overall)
            ),
        )
    };
    points += gap_points;
    reasons.push(format!("Gap (+{gap_points}): {gap}."));

    let tier = if points >= TIER_A_POINTS && driver_points > 0 {
        Tier::A
    } else if points >= TIER_B_POINTS {
        Tier::B
    } else {
        Tier::C
    };
    reasons.push(format!("{points} points in all."));
    LeadQualification { tier, reasons }
}

/// Regulatory demand (a framework other than ISO/IEC 27001 is required, or a 2013 certificate
/// must transition) or customer demand (the profile names customer groups): 2 points.
fn driver(profile: &Profile) -> (u32, String) {
    let required: Vec<String> = advise(profile)
        .into_iter()
        .filter(|a| a.level == AdviceLevel::Required && a.framework != Framework::Iso27001)
        .map(|a| a.framework.name().to_owned())
        .collect();
    let mut facts = Vec::new();
    if !required.is_empty() {
        facts.push(format!(
            "regulatory demand ({} required)",
            required.join(", ")
        ));
    }
    if profile
        .existing_certifications
        .contains(&ExistingCertification::Iso27001_2013)
    {
        facts.push("an ISO/IEC 27001:2013 certificate to replace".to_owned());
    }
    if !profile.customers.is_empty() {
        let customers: Vec<&str> = profile.customers.iter().map(|c| c.in_words()).collect();
        facts.push(format!("customer demand ({})", customers.join(", ")));
    }
    if facts.is_empty() {
        (0, "no regulatory or customer demand given".to_owned())
    } else {
        (2, facts.join("; "))
    }
}

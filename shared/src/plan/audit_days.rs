//! The ISO/IEC 27006-1 audit-day estimate: the base from the head-count table (Table C.1), a
//! complexity adjustment from the business × IT complexity matrix, and the usual shares for
//! Stage 1 / Stage 2, surveillance and recertification.

use serde::{Deserialize, Serialize};

use crate::answers::{DataCategory, ExistingCertification, Profile, Sector};
use crate::csv;
use crate::decimal::{Shortest, parse_decimal};
use crate::scoring::Report;

const TABLE_CSV: &str = data_csv!("audit_time_27006.csv");

/// The audit-time estimate, in auditor-days rounded to half days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditDays {
    /// The head count used; `None` when the profile does not give it.
    pub persons_in_scope: Option<u32>,
    /// Initial audit (Stage 1 + Stage 2) days straight from the table for the head count.
    pub base_initial: f64,
    /// The complexity adjustment applied to the base, in percent (negative reduces).
    pub complexity_adjustment_percent: f64,
    /// Initial audit days after the adjustment.
    pub initial: f64,
    /// Estimated Stage 1 share of the initial audit (about one third).
    pub stage1: f64,
    /// Estimated Stage 2 share of the initial audit (the rest).
    pub stage2: f64,
    /// Each yearly surveillance audit: about one third of the initial audit (estimate).
    pub surveillance: f64,
    /// Recertification audit: about two thirds of the initial audit (estimate).
    pub recertification: f64,
    /// `true` when the table value is unverified, extrapolated, or the head count is missing.
    pub approximate: bool,
    /// How the numbers were found, in plain words.
    pub notes: Vec<String>,
}

/// One band of the head-count table.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TableRow {
    min: u32,
    max: u32,
    days: f64,
    verified: bool,
}

fn table() -> Vec<TableRow> {
    csv::records(TABLE_CSV)
        .iter()
        .filter_map(|r| {
            Some(TableRow {
                min: r.get("persons_min").parse().ok()?,
                max: r.get("persons_max").parse().ok()?,
                days: parse_decimal(r.get("initial_audit_days_stage1_plus_stage2"))?,
                verified: r.get("verification_status") == "confirmed",
            })
        })
        .collect()
}

/// The table band for `persons`, and whether it was extrapolated beyond the table's last row.
/// Past the table the bands keep growing 25 % wider, one day each, as the last bands do.
fn band_for(persons: u32) -> (TableRow, bool) {
    let table = table();
    if let Some(band) = table.iter().find(|b| (b.min..=b.max).contains(&persons)) {
        return (*band, false);
    }
    let last = table.last().copied().unwrap_or(TableRow {
        min: 1,
        max: 10,
        days: 5.0,
        verified: true,
    });
    if persons < last.min {
        return (table.first().copied().unwrap_or(last), false);
    }
    let mut band = last;
    let mut width = last.max - last.min + 1;
    while persons > band.max {
        width = width.saturating_add(width / 4);
        band = TableRow {
            min: band.max + 1,
            max: band.max.saturating_add(width),
            days: band.days + 1.0,
            verified: false,
        };
    }
    (band, true)
}

/// A complexity level of the 27006-1 matrix, from the sum of three factors scored 1–3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    fn from_total(total: u32) -> Level {
        match total {
            0..=4 => Level::Low,
            5..=6 => Level::Medium,
            _ => Level::High,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

/// The midpoint of the range the 27006-1 matrix gives for business × IT complexity.
fn adjustment_percent(business: Level, it: Level) -> f64 {
    match (business, it) {
        (Level::High, Level::Low) | (Level::Low, Level::High) => 12.5,
        (Level::High, Level::Medium) | (Level::Medium, Level::High) => 30.0,
        (Level::High, Level::High) => 60.0,
        (Level::Medium, Level::Low) | (Level::Low, Level::Medium) => -7.5,
        (Level::Medium, Level::Medium) => 0.0,
        (Level::Low, Level::Low) => -20.0,
    }
}

/// Business factors: regulation, process variety, how established the management system is.
fn business_factors(profile: &Profile, report: &Report) -> [u32; 3] {
    let regulated_sector = matches!(
        profile.sector,
        Some(
            Sector::Finance
                | Sector::Healthcare
                | Sector::Government
                | Sector::Defence
                | Sector::Energy
                | Sector::Telecom
        )
    );
    let regulated_data = profile.data.iter().any(|d| {
        matches!(
            d,
            DataCategory::Phi
                | DataCategory::Cardholder
                | DataCategory::Cui
                | DataCategory::UsFederal
        )
    });
    let regulation = if regulated_sector || regulated_data {
        3
    } else if profile.sector.is_none() || profile.data.contains(&DataCategory::EuPersonal) {
        2
    } else {
        1
    };
    let sites = profile.sites.unwrap_or(1);
    let processes = if sites >= 5 || profile.customers.len() >= 3 {
        3
    } else if sites >= 2 || profile.customers.len() == 2 {
        2
    } else {
        1
    };
    let management_system_certified = profile.existing_certifications.iter().any(|c| {
        matches!(
            c,
            ExistingCertification::Iso9001
                | ExistingCertification::Iso27001_2013
                | ExistingCertification::Iso27001_2022
                | ExistingCertification::Iso27701
        )
    });
    let establishment = if management_system_certified || report.overall >= 75.0 {
        1
    } else if profile.existing_certifications.is_empty() && report.overall < 40.0 {
        3
    } else {
        2
    };
    [regulation, processes, establishment]
}

/// IT factors: infrastructure, outsourcing and cloud, in-house development.
fn it_factors(profile: &Profile) -> [u32; 3] {
    let sites = profile.sites.unwrap_or(1);
    let persons = profile.persons_in_scope.unwrap_or(1);
    let infrastructure = if sites > 5 || persons > 1000 {
        3
    } else if sites >= 2 || persons > 100 {
        2
    } else {
        1
    };
    let cloud = profile.uses_cloud == Some(true);
    let outsourced = profile.outsourced_it == Some(true);
    let outsourcing = 1 + u32::from(cloud) + u32::from(outsourced);
    let develops = profile
        .develops_software
        .unwrap_or(profile.sector == Some(Sector::Software));
    let development = if develops { 3 } else { 1 };
    [infrastructure, outsourcing, development]
}

/// Half-day rounding: auditor-days are planned in halves.
fn half_days(days: f64) -> f64 {
    (days * 2.0).round() / 2.0
}

/// The audit-day estimate for `profile` (complexity also uses how established the ISMS is,
/// from `report`).
pub fn audit_days(profile: &Profile, report: &Report) -> AuditDays {
    let mut notes = Vec::new();
    let mut approximate = false;
    let persons = match profile.persons_in_scope {
        Some(p) => p,
        None => {
            approximate = true;
            notes.push("persons_in_scope is not given: the smallest band (1–10 persons) is assumed; give the head count for a real estimate.".to_owned());
            1
        }
    };
    let (band, extrapolated) = band_for(persons);
    notes.push(format!(
        "ISO/IEC 27006-1 Table C.1: {}–{} persons → {} auditor-days for Stage 1 + Stage 2.",
        band.min,
        band.max,
        Shortest(band.days)
    ));
    if extrapolated {
        approximate = true;
        notes.push("Beyond 10700 persons the table gives no fixed value: the band was extrapolated by following its progression.".to_owned());
    } else if !band.verified {
        approximate = true;
        notes.push("The day value of this band is not confirmed in a published source: treat it as approximate.".to_owned());
    }

    let business = business_factors(profile, report);
    let it = it_factors(profile);
    let business_level = Level::from_total(business.iter().sum());
    let it_level = Level::from_total(it.iter().sum());
    let percent = adjustment_percent(business_level, it_level);
    notes.push(format!(
        "Complexity: business {} (regulation {}, processes {}, management system {}), IT {} (infrastructure {}, outsourcing and cloud {}, development {}) → {:+}%, the midpoint of the matrix range.",
        business_level.name(),
        business[0],
        business[1],
        business[2],
        it_level.name(),
        it[0],
        it[1],
        it[2],
        Shortest(percent)
    ));

    let initial = half_days(band.days * (100.0 + percent) / 100.0).max(1.0);
    let stage1 = half_days(initial / 3.0).max(0.5);
    let stage2 = initial - stage1;
    notes.push("Stage 1 ≈ one third and Stage 2 ≈ two thirds of the initial audit: an estimate; the certification body sets the split.".to_owned());
    notes.push("Surveillance ≈ 1/3 and recertification ≈ 2/3 of the initial audit time: a common convention, an estimate, not a figure of ISO/IEC 27006-1.".to_owned());
    AuditDays {
        persons_in_scope: profile.persons_in_scope,
        base_initial: band.days,
        complexity_adjustment_percent: percent,
        initial,
        stage1,
        stage2,
        surveillance: half_days(initial / 3.0),
        recertification: half_days(initial * 2.0 / 3.0),
        approximate,
        notes,
    }
}

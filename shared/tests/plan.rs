//! The certification plan and the ISO/IEC 27006-1 audit-day estimate.

mod common;

use annexa_shared::{AnswerValue, Date, MilestoneKind, Mode, Profile, Report, Sector, plan, score};
use common::all;

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn ready() -> Report {
    score(&all(Mode::Full, AnswerValue::Yes)).unwrap()
}

fn persons(n: u32) -> Profile {
    Profile {
        persons_in_scope: Some(n),
        ..Profile::default()
    }
}

#[test]
fn base_initial_comes_straight_from_the_table() {
    for (n, base) in [
        (1, 5.0),
        (10, 5.0),
        (11, 6.0),
        (20, 7.0),
        (26, 8.5),
        (50, 10.0),
        (126, 13.0),
        (2675, 22.0),
    ] {
        let days = plan(date("2027-01-04"), &persons(n), &ready()).audit_days;
        assert_eq!(days.base_initial, base, "{n} persons");
        assert!(!days.approximate, "{n} persons");
        assert_eq!(days.persons_in_scope, Some(n));
    }
}

#[test]
fn unverified_and_beyond_table_head_counts_are_approximate() {
    let days = plan(date("2027-01-04"), &persons(3000), &ready()).audit_days;
    assert_eq!(days.base_initial, 23.0);
    assert!(days.approximate);
    assert!(days.notes.iter().any(|n| n.contains("not confirmed")));

    let days = plan(date("2027-01-04"), &persons(12_000), &ready()).audit_days;
    assert_eq!(days.base_initial, 29.0);
    assert!(days.approximate);
    assert!(days.notes.iter().any(|n| n.contains("extrapolated")));
    let bigger = plan(date("2027-01-04"), &persons(100_000), &ready()).audit_days;
    assert!(bigger.base_initial > days.base_initial);
}

#[test]
fn missing_head_count_is_approximate_and_said_so() {
    let days = plan(date("2027-01-04"), &Profile::default(), &ready()).audit_days;
    assert!(days.approximate);
    assert_eq!(days.persons_in_scope, None);
    assert!(days.notes[0].contains("persons_in_scope is not given"));
}

#[test]
fn complexity_adjusts_the_initial_audit_and_derives_the_cycle() {
    // Simple: one site, unregulated, certified ISO 9001, no cloud, no development:
    // business low, IT low → −20 %: 7 days → 5.6 → 5.5.
    let simple = Profile {
        persons_in_scope: Some(20),
        sites: Some(1),
        sector: Some(Sector::Retail),
        develops_software: Some(false),
        uses_cloud: Some(false),
        outsourced_it: Some(false),
        existing_certifications: vec![annexa_shared::ExistingCertification::Iso9001],
        ..Profile::default()
    };
    let days = plan(date("2027-01-04"), &simple, &ready()).audit_days;
    assert_eq!(days.complexity_adjustment_percent, -20.0);
    assert_eq!(days.initial, 5.5);
    assert_eq!(days.stage1 + days.stage2, days.initial);
    assert_eq!(days.stage1, 2.0);
    assert_eq!(days.surveillance, 2.0);
    assert_eq!(days.recertification, 3.5);
    assert!(days.notes.iter().any(|n| n.contains("estimate")));

    // Complex: regulated finance on 6 sites, cloud + outsourcing + development, nothing
    // certified and a low score: business high, IT high → +60 %: 7 → 11.2 → 11.
    let complex = Profile {
        persons_in_scope: Some(20),
        sites: Some(6),
        sector: Some(Sector::Finance),
        develops_software: Some(true),
        uses_cloud: Some(true),
        outsourced_it: Some(true),
        ..Profile::default()
    };
    let weak = score(&all(Mode::Full, AnswerValue::No)).unwrap();
    let days = plan(date("2027-01-04"), &complex, &weak).audit_days;
    assert_eq!(days.complexity_adjustment_percent, 60.0);
    assert_eq!(days.initial, 11.0);
    assert_eq!(days.base_initial, 7.0);
}

#[test]
fn milestones_follow_the_certification_cycle() {
    let start = date("2027-01-04");
    let p = plan(start, &persons(20), &ready());
    let kinds: Vec<MilestoneKind> = p.milestones.iter().map(|m| m.id).collect();
    assert_eq!(
        kinds,
        [
            MilestoneKind::Readiness,
            MilestoneKind::InternalAudit,
            MilestoneKind::ManagementReview,
            MilestoneKind::Stage1,
            MilestoneKind::Stage2,
            MilestoneKind::CertificationDecision,
            MilestoneKind::Surveillance1,
            MilestoneKind::Surveillance2,
            MilestoneKind::Recertification,
            MilestoneKind::Expiry,
        ]
    );
    assert!(p.milestones.windows(2).all(|w| w[0].date < w[1].date));
    // A ready organisation still needs a month to produce records.
    assert_eq!(p.readiness_months, 1);
    assert_eq!(p.milestones[0].date, date("2027-02-04"));
    let at = |k: MilestoneKind| p.milestones.iter().find(|m| m.id == k).unwrap().date;
    let decision = at(MilestoneKind::CertificationDecision);
    assert!(decision.days_until(at(MilestoneKind::Surveillance1)) <= 365);
    assert_eq!(at(MilestoneKind::Expiry), decision.add_months(36).unwrap());
    assert!(at(MilestoneKind::Recertification) < at(MilestoneKind::Expiry));
}

#[test]
fn readiness_work_grows_with_the_gap_and_the_head_count() {
    let start = date("2027-01-04");
    let weak = score(&all(Mode::Full, AnswerValue::No)).unwrap();
    // 100 points missing → 8 months; 20 persons add nothing.
    assert_eq!(plan(start, &persons(20), &weak).readiness_months, 8);
    // 2000 persons add two months.
    assert_eq!(plan(start, &persons(2000), &weak).readiness_months, 10);
    let half = score(&all(Mode::Full, AnswerValue::Partial)).unwrap();
    assert_eq!(plan(start, &persons(20), &half).readiness_months, 4);
}

#[test]
fn target_date_is_checked_against_the_decision() {
    let start = date("2027-01-04");
    let mut profile = persons(20);
    profile.target_date = Some(date("2027-03-01"));
    let p = plan(start, &profile, &ready());
    assert_eq!(p.meets_target, Some(false));
    assert!(p.notes.iter().any(|n| n.contains("2027-03-01")));
    profile.target_date = Some(date("2028-12-31"));
    assert_eq!(plan(start, &profile, &ready()).meets_target, Some(true));
    assert_eq!(plan(start, &persons(20), &ready()).meets_target, None);
}

#[test]
fn plan_json_has_the_audit_days_shape() {
    let p = plan(date("2027-01-04"), &persons(50), &ready());
    let json = serde_json::to_value(&p).unwrap();
    let days = json["audit_days"].as_object().unwrap();
    let keys: Vec<&str> = days.keys().map(String::as_str).collect();
    for key in [
        "persons_in_scope",
        "base_initial",
        "complexity_adjustment_percent",
        "initial",
        "stage1",
        "stage2",
        "surveillance",
        "recertification",
        "approximate",
        "notes",
    ] {
        assert!(keys.contains(&key), "{key}");
    }
    assert_eq!(json["audit_days"]["base_initial"], 10.0);
    assert_eq!(json["milestones"][3]["id"], "stage1");
    assert_eq!(json["start"], "2027-01-04");
}

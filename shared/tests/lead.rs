//! Lead qualification: tier and reasons from driver, size, urgency and gap.

mod common;

use annexa_shared::{
    AnswerValue, CustomerCategory, Date, Mode, Profile, Tier, qualify_lead, score,
};
use common::all;

fn today() -> Date {
    "2027-01-04".parse().unwrap()
}

#[test]
fn driven_sizeable_urgent_lead_with_gaps_is_tier_a() {
    let profile = Profile {
        persons_in_scope: Some(120),
        customers: vec![CustomerCategory::UsSaasBuyers],
        target_date: "2027-05-01".parse().ok(),
        ..Profile::default()
    };
    let report = score(&all(Mode::Full, AnswerValue::Partial)).unwrap();
    let lead = qualify_lead(&profile, &report, today());
    assert_eq!(lead.tier, Tier::A);
    let text = lead.reasons.join(" ");
    assert!(
        text.contains("US buyers of software as a service"),
        "{text}"
    );
    assert!(text.contains("120 persons"), "{text}");
    assert!(text.contains("within six months"), "{text}");
    assert!(lead.reasons.last().unwrap().contains("8 points"), "{text}");
}

#[test]
fn no_driver_caps_the_tier_at_b() {
    let profile = Profile {
        persons_in_scope: Some(500),
        target_date: "2027-02-01".parse().ok(),
        recent_breach: Some(true),
        ..Profile::default()
    };
    let report = score(&all(Mode::Full, AnswerValue::No)).unwrap();
    let lead = qualify_lead(&profile, &report, today());
    // 0 + 1 + 2 + 2 + 2 = 7 points, but without regulatory or customer demand.
    assert_eq!(lead.tier, Tier::B);
    assert!(lead.reasons[0].contains("no regulatory or customer demand"));
}

#[test]
fn small_unhurried_lead_without_answers_is_tier_c() {
    let profile = Profile {
        persons_in_scope: Some(4),
        target_date: "2029-01-01".parse().ok(),
        ..Profile::default()
    };
    let report = score(&common::empty(Mode::Quick, Profile::default())).unwrap();
    let lead = qualify_lead(&profile, &report, today());
    assert_eq!(lead.tier, Tier::C);
    assert!(
        lead.reasons
            .iter()
            .any(|r| r.contains("more than a year away"))
    );
    assert!(
        lead.reasons
            .iter()
            .any(|r| r.contains("no readiness question answered"))
    );
}

#[test]
fn regulatory_demand_counts_as_a_driver() {
    let profile = Profile {
        data: vec![annexa_shared::DataCategory::Phi],
        persons_in_scope: Some(60),
        target_date: "2027-10-01".parse().ok(),
        ..Profile::default()
    };
    let report = score(&all(Mode::Full, AnswerValue::Yes)).unwrap();
    let lead = qualify_lead(&profile, &report, today());
    // 2 (hipaa required) + 2 (size) + 1 (within a year) + 1 (ready) = 6.
    assert_eq!(lead.tier, Tier::A);
    // Plain words for the salesperson: the framework's name, not its JSON id.
    assert!(
        lead.reasons[0].contains("HIPAA Security Rule required"),
        "{:?}",
        lead.reasons
    );
    assert!(!lead.reasons[0].contains("hipaa"), "{:?}", lead.reasons);
    assert_eq!(serde_json::to_value(&lead).unwrap()["tier"], "A");
}

#[test]
fn customer_demand_is_named_in_words() {
    let profile = Profile {
        customers: vec![annexa_shared::CustomerCategory::UsSaasBuyers],
        ..Profile::default()
    };
    let report = score(&all(Mode::Full, AnswerValue::Yes)).unwrap();
    let lead = qualify_lead(&profile, &report, today());
    assert!(
        lead.reasons[0].contains("customer demand (US buyers of software as a service)"),
        "{:?}",
        lead.reasons
    );
}

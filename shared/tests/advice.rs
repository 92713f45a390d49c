//! Framework advice: each rule fires on the profile facts it names, and only on them.

use annexa_shared::{
    AdviceLevel, CustomerCategory as C, DataCategory as D, ExistingCertification, Framework,
    FrameworkAdvice, Profile, Sector, advise,
};

fn find(advice: &[FrameworkAdvice], framework: Framework) -> Option<&FrameworkAdvice> {
    advice.iter().find(|a| a.framework == framework)
}

fn level(profile: &Profile, framework: Framework) -> Option<AdviceLevel> {
    find(&advise(profile), framework).map(|a| a.level)
}

#[test]
fn iso27001_is_always_advised_and_nothing_else_for_an_empty_profile() {
    let advice = advise(&Profile::default());
    assert_eq!(advice.len(), 1);
    assert_eq!(advice[0].framework, Framework::Iso27001);
    assert_eq!(advice[0].level, AdviceLevel::Recommended);
}

#[test]
fn a_2013_certificate_must_transition() {
    let profile = Profile {
        existing_certifications: vec![ExistingCertification::Iso27001_2013],
        ..Profile::default()
    };
    let advice = advise(&profile);
    assert_eq!(advice[0].level, AdviceLevel::Required);
    assert!(advice[0].reason.contains("2025-10-31"));
    assert!(advice[0].reason.contains("iso27001_2013"));
}

#[test]
fn us_federal_saas_needs_fedramp_and_nist_800_53() {
    let profile = Profile {
        sector: Some(Sector::Software),
        customers: vec![C::UsFederal],
        ..Profile::default()
    };
    let advice = advise(&profile);
    let fedramp = find(&advice, Framework::Fedramp).unwrap();
    assert_eq!(fedramp.level, AdviceLevel::Required);
    assert!(fedramp.reason.contains("us_federal") && fedramp.reason.contains("software"));
    let nist = find(&advice, Framework::Nist80053).unwrap();
    assert_eq!(nist.level, AdviceLevel::Required);
    assert!(nist.reason.contains("FedRAMP"));
    // Required first.
    assert_eq!(advice[0].level, AdviceLevel::Required);

    let non_cloud = Profile {
        sector: Some(Sector::Manufacturing),
        customers: vec![C::UsFederal],
        ..Profile::default()
    };
    assert_eq!(level(&non_cloud, Framework::Fedramp), None);
    assert_eq!(
        level(&non_cloud, Framework::Nist80053),
        Some(AdviceLevel::Recommended)
    );
}

#[test]
fn cui_for_us_defence_needs_cmmc() {
    let profile = Profile {
        data: vec![D::Cui],
        customers: vec![C::UsDefense],
        ..Profile::default()
    };
    let advice = advise(&profile);
    let cmmc = find(&advice, Framework::Cmmc).unwrap();
    assert_eq!(cmmc.level, AdviceLevel::Required);
    assert!(cmmc.reason.contains("cui") && cmmc.reason.contains("us_defense"));
    let without_cui = Profile {
        customers: vec![C::UsDefense],
        ..Profile::default()
    };
    assert_eq!(
        level(&without_cui, Framework::Cmmc),
        Some(AdviceLevel::Recommended)
    );
}

#[test]
fn us_saas_buyers_suggest_soc2_in_parallel() {
    let profile = Profile {
        customers: vec![C::UsSaasBuyers],
        ..Profile::default()
    };
    let soc2 = find(&advise(&profile), Framework::Soc2).cloned().unwrap();
    assert_eq!(soc2.level, AdviceLevel::Recommended);
    assert!(soc2.reason.contains("us_saas_buyers") && soc2.reason.contains("parallel"));
}

#[test]
fn nis2_for_eu_essential_sectors_recognises_27001_measures() {
    let profile = Profile {
        sector: Some(Sector::Energy),
        customers: vec![C::Eu],
        persons_in_scope: Some(120),
        ..Profile::default()
    };
    let nis2 = find(&advise(&profile), Framework::Nis2).cloned().unwrap();
    assert_eq!(nis2.level, AdviceLevel::Required);
    assert!(nis2.reason.contains("energy") && nis2.reason.contains("120"));
    assert!(nis2.reason.contains("27001"));
    let small = Profile {
        persons_in_scope: Some(12),
        ..profile.clone()
    };
    assert_eq!(level(&small, Framework::Nis2), Some(AdviceLevel::Consider));
    let outside_eu = Profile {
        customers: vec![],
        ..profile
    };
    assert_eq!(level(&outside_eu, Framework::Nis2), None);
}

#[test]
fn hipaa_ftc_and_nydfs_say_certification_is_not_compliance() {
    let phi = Profile {
        data: vec![D::Phi],
        ..Profile::default()
    };
    let hipaa = find(&advise(&phi), Framework::Hipaa).cloned().unwrap();
    assert_eq!(hipaa.level, AdviceLevel::Required);
    assert!(hipaa.reason.contains("phi") && hipaa.reason.contains("not compliance"));

    let lender = Profile {
        sector: Some(Sector::Finance),
        customers: vec![C::NyFinancial],
        ..Profile::default()
    };
    let advice = advise(&lender);
    let ftc = find(&advice, Framework::FtcSafeguards).unwrap();
    assert_eq!(ftc.level, AdviceLevel::Recommended);
    assert!(ftc.reason.contains("finance") && ftc.reason.contains("not compliance"));
    let nydfs = find(&advice, Framework::Nydfs500).unwrap();
    assert_eq!(nydfs.level, AdviceLevel::Required);
    assert!(nydfs.reason.contains("ny_financial"));

    let vendor = Profile {
        sector: Some(Sector::Software),
        customers: vec![C::NyFinancial],
        ..Profile::default()
    };
    assert_eq!(
        level(&vendor, Framework::Nydfs500),
        Some(AdviceLevel::Recommended)
    );
    assert_eq!(level(&vendor, Framework::FtcSafeguards), None);
}

#[test]
fn small_teams_and_breaches_get_cis_controls() {
    let small = Profile {
        persons_in_scope: Some(15),
        security_staff: Some(0),
        ..Profile::default()
    };
    let cis = find(&advise(&small), Framework::CisControls)
        .cloned()
        .unwrap();
    assert_eq!(cis.level, AdviceLevel::Recommended);
    assert!(
        cis.reason.contains("persons_in_scope is 15") && cis.reason.contains("security_staff is 0")
    );

    let big = Profile {
        persons_in_scope: Some(900),
        security_staff: Some(6),
        ..Profile::default()
    };
    assert_eq!(level(&big, Framework::CisControls), None);

    let breached = Profile {
        recent_breach: Some(true),
        ..big
    };
    let advice = advise(&breached);
    assert_eq!(
        level(&breached, Framework::CisControls),
        Some(AdviceLevel::Recommended)
    );
    let iso = find(&advice, Framework::Iso27001).unwrap();
    assert!(iso.reason.contains("recent_breach") && iso.reason.contains("remediation"));
}

#[test]
fn framework_ids_serialise_as_documented() {
    let profile = Profile {
        sector: Some(Sector::Finance),
        customers: vec![
            C::UsFederal,
            C::NyFinancial,
            C::UsSaasBuyers,
            C::Eu,
            C::UsDefense,
        ],
        data: vec![D::Phi, D::Cui],
        persons_in_scope: Some(30),
        security_staff: Some(1),
        ..Profile::default()
    };
    let json = serde_json::to_value(advise(&profile)).unwrap();
    let mut ids: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["framework"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "cis-controls",
            "cmmc",
            "ftc-safeguards",
            "hipaa",
            "iso27001",
            "nis2",
            "nist-800-53",
            "nydfs-500",
            "soc2"
        ]
    );
    for advice in advise(&profile) {
        assert_eq!(
            serde_json::to_value(advice.framework).unwrap(),
            advice.framework.id()
        );
    }
}

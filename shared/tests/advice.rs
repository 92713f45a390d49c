//! Framework advice: each rule fires on the profile facts it names, and only on them, and says
//! so in words a visitor reads.

use annexa_shared::{
    AdviceLevel, CustomerCategory as C, DataCategory as D, ExistingCertification, Framework,
    FrameworkAdvice, Mode, OrganisationFact as O, Profile, ProfileInput, Sector, advise,
    questionnaire,
};

fn find(advice: &[FrameworkAdvice], framework: Framework) -> Option<&FrameworkAdvice> {
    advice.iter().find(|a| a.framework == framework)
}

fn level(profile: &Profile, framework: Framework) -> Option<AdviceLevel> {
    find(&advise(profile), framework).map(|a| a.level)
}

fn reason(profile: &Profile, framework: Framework) -> String {
    find(&advise(profile), framework)
        .unwrap_or_else(|| panic!("{framework:?} is advised"))
        .reason
        .clone()
}

#[test]
fn iso27001_is_always_advised_and_nothing_else_for_an_empty_profile() {
    let advice = advise(&Profile::default());
    assert_eq!(advice.len(), 1);
    assert_eq!(advice[0].framework, Framework::Iso27001);
    assert_eq!(advice[0].level, AdviceLevel::Recommended);
    assert!(
        advice[0]
            .reason
            .contains("you named no particular customers"),
        "{}",
        advice[0].reason
    );
}

#[test]
fn a_2013_certificate_must_transition() {
    let profile = Profile {
        existing_certifications: vec![ExistingCertification::Iso27001_2013],
        ..Profile::default()
    };
    let advice = advise(&profile);
    assert_eq!(advice[0].level, AdviceLevel::Required);
    assert!(
        advice[0]
            .reason
            .starts_with("You hold an ISO/IEC 27001:2013 certificate")
    );
    assert!(advice[0].reason.contains("31 October 2025"));
}

/// FedRAMP authorises cloud services offered to US federal agencies: it is required of a
/// cloud provider serving them, and of nobody else.
#[test]
fn fedramp_is_required_only_for_a_cloud_service_offered_to_federal_agencies() {
    let cloud_provider = Profile {
        sector: Some(Sector::Software),
        customers: vec![C::UsFederal],
        organisation_facts: vec![O::OffersCloudService],
        ..Profile::default()
    };
    let advice = advise(&cloud_provider);
    let fedramp = find(&advice, Framework::Fedramp).unwrap();
    assert_eq!(fedramp.level, AdviceLevel::Required);
    assert!(
        fedramp
            .reason
            .starts_with("You serve US federal agencies and you offer a cloud service:"),
        "{}",
        fedramp.reason
    );
    let nist = find(&advice, Framework::Nist80053).unwrap();
    assert_eq!(nist.level, AdviceLevel::Required);
    assert!(nist.reason.contains("FedRAMP"));
    assert_eq!(advice[0].level, AdviceLevel::Required, "required first");

    // A software vendor whose product runs on the agency's own systems.
    let on_premise_vendor = Profile {
        organisation_facts: vec![],
        ..cloud_provider.clone()
    };
    assert_eq!(
        level(&on_premise_vendor, Framework::Fedramp),
        Some(AdviceLevel::Consider)
    );
    let why = reason(&on_premise_vendor, Framework::Fedramp);
    assert!(
        why.contains("did not say you offer a cloud service"),
        "{why}"
    );
    assert_eq!(
        level(&on_premise_vendor, Framework::Nist80053),
        Some(AdviceLevel::Recommended)
    );

    // A consultancy that uses cloud tools but offers no cloud service.
    let consultancy = Profile {
        sector: Some(Sector::ProfessionalServices),
        customers: vec![C::UsFederal],
        uses_cloud: Some(true),
        ..Profile::default()
    };
    assert_eq!(
        level(&consultancy, Framework::Fedramp),
        Some(AdviceLevel::Consider)
    );
    assert!(reason(&consultancy, Framework::Fedramp).contains("consulting work do not need it"));

    let manufacturer = Profile {
        sector: Some(Sector::Manufacturing),
        customers: vec![C::UsFederal],
        ..Profile::default()
    };
    assert_eq!(level(&manufacturer, Framework::Fedramp), None);
    assert_eq!(
        level(&manufacturer, Framework::Nist80053),
        Some(AdviceLevel::Recommended)
    );

    // Offering a cloud service without federal customers is no FedRAMP case either.
    let commercial_cloud = Profile {
        customers: vec![C::Eu],
        ..cloud_provider
    };
    assert_eq!(level(&commercial_cloud, Framework::Fedramp), None);
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
    assert!(cmmc.reason.starts_with(
        "You handle Controlled Unclassified Information and you serve US defence contractors"
    ));
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
    assert!(
        soc2.reason
            .starts_with("You sell software as a service to US companies:"),
        "{}",
        soc2.reason
    );
    assert!(soc2.reason.contains("parallel"));
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
    assert!(
        nis2.reason.contains("you work in energy or utilities")
            && nis2.reason.contains("120 people work within the scope"),
        "{}",
        nis2.reason
    );
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

/// The EU size test behind NIS2 counts staff *or* turnover and balance sheet: a small team with
/// a large turnover and balance sheet is not a small enterprise.
#[test]
fn nis2_size_test_includes_turnover_and_balance_sheet() {
    let small_team = Profile {
        sector: Some(Sector::Transport),
        customers: vec![C::Eu],
        persons_in_scope: Some(30),
        ..Profile::default()
    };
    assert_eq!(
        level(&small_team, Framework::Nis2),
        Some(AdviceLevel::Consider)
    );
    let why = reason(&small_team, Framework::Nis2);
    assert!(
        why.contains("turnover") && why.contains("balance sheet"),
        "the size test is explained: {why}"
    );
    let large_turnover = Profile {
        organisation_facts: vec![O::TurnoverAndBalanceSheetOverTenMillionEuros],
        ..small_team
    };
    assert_eq!(
        level(&large_turnover, Framework::Nis2),
        Some(AdviceLevel::Required)
    );
    let why = reason(&large_turnover, Framework::Nis2);
    assert!(
        why.contains("annual turnover and balance sheet total are each above 10 million euros"),
        "{why}"
    );
}

#[test]
fn an_eu_financial_entity_is_told_dora_is_its_regime() {
    let bank = Profile {
        sector: Some(Sector::Finance),
        customers: vec![C::Eu],
        persons_in_scope: Some(300),
        organisation_facts: vec![O::EuFinancialEntity],
        ..Profile::default()
    };
    let advice = advise(&bank);
    let dora = find(&advice, Framework::Dora).unwrap();
    assert_eq!(dora.level, AdviceLevel::Required);
    assert!(dora.reason.contains("DORA"), "{}", dora.reason);
    assert!(dora.reason.contains("17 January 2025"), "{}", dora.reason);
    // NIS2 names DORA as the specific regime instead of claiming to bind the entity itself.
    let nis2 = find(&advice, Framework::Nis2).unwrap();
    assert_eq!(nis2.level, AdviceLevel::Consider);
    assert!(nis2.reason.contains("DORA"), "{}", nis2.reason);

    // A finance firm with EU customers that did not say it is an EU financial entity.
    let maybe = Profile {
        organisation_facts: vec![],
        ..bank
    };
    assert_eq!(level(&maybe, Framework::Dora), Some(AdviceLevel::Consider));
    let outside = Profile {
        sector: Some(Sector::Software),
        customers: vec![C::Eu],
        ..Profile::default()
    };
    assert_eq!(level(&outside, Framework::Dora), None);
}

#[test]
fn hipaa_and_ftc_say_certification_is_not_compliance() {
    let phi = Profile {
        data: vec![D::Phi],
        ..Profile::default()
    };
    let hipaa = reason(&phi, Framework::Hipaa);
    assert_eq!(level(&phi, Framework::Hipaa), Some(AdviceLevel::Required));
    assert!(
        hipaa.starts_with("You handle health information about US patients")
            && hipaa.contains("not compliance")
    );

    let lender = Profile {
        sector: Some(Sector::Finance),
        customers: vec![C::NyFinancial],
        ..Profile::default()
    };
    assert_eq!(
        level(&lender, Framework::FtcSafeguards),
        Some(AdviceLevel::Recommended)
    );
    let ftc = reason(&lender, Framework::FtcSafeguards);
    assert!(
        ftc.contains("banking, insurance or payments") && ftc.contains("not compliance"),
        "{ftc}"
    );
}

/// Part 500 binds entities licensed by the New York DFS; their suppliers meet it through
/// contracts, as third-party service providers.
#[test]
fn nydfs_500_is_required_only_of_an_entity_licensed_by_the_ny_dfs() {
    let licensed = Profile {
        sector: Some(Sector::Finance),
        organisation_facts: vec![O::NydfsLicensed],
        ..Profile::default()
    };
    assert_eq!(
        level(&licensed, Framework::Nydfs500),
        Some(AdviceLevel::Required)
    );
    assert!(
        reason(&licensed, Framework::Nydfs500)
            .starts_with("You are licensed by the New York Department of Financial Services")
    );

    // A finance firm selling to NY-regulated institutions is their supplier, not licensed.
    let supplier_in_finance = Profile {
        sector: Some(Sector::Finance),
        customers: vec![C::NyFinancial],
        ..Profile::default()
    };
    assert_eq!(
        level(&supplier_in_finance, Framework::Nydfs500),
        Some(AdviceLevel::Recommended)
    );
    let why = reason(&supplier_in_finance, Framework::Nydfs500);
    assert!(why.contains("third-party service providers"), "{why}");

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
    assert_eq!(level(&Profile::default(), Framework::Nydfs500), None);
}

#[test]
fn small_teams_and_breaches_get_cis_controls() {
    let small = Profile {
        persons_in_scope: Some(15),
        security_staff: Some(0),
        ..Profile::default()
    };
    let cis = reason(&small, Framework::CisControls);
    assert_eq!(
        level(&small, Framework::CisControls),
        Some(AdviceLevel::Recommended)
    );
    assert!(
        cis.starts_with(
            "15 people work within the scope and nobody works on security as their main job:"
        ),
        "{cis}"
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
    assert_eq!(
        level(&breached, Framework::CisControls),
        Some(AdviceLevel::Recommended)
    );
    let iso = reason(&breached, Framework::Iso27001);
    assert!(
        iso.contains("You had a security breach or serious incident in the last 12 months")
            && iso.contains("remediation"),
        "{iso}"
    );
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
        organisation_facts: vec![O::EuFinancialEntity],
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
            "dora",
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

/// The values of `all` whose bit is set in `bits`.
fn pick<T: Copy>(bits: u64, all: &[T]) -> Vec<T> {
    all.iter()
        .enumerate()
        .filter(|(i, _)| bits >> i & 1 == 1)
        .map(|(_, v)| *v)
        .collect()
}

/// Varied profiles from a fixed-seed generator (the crate has no randomness of its own), so the
/// test is the same at every run.
fn profiles() -> Vec<Profile> {
    let sectors = [
        None,
        Some(Sector::Software),
        Some(Sector::ItServices),
        Some(Sector::Finance),
        Some(Sector::Healthcare),
        Some(Sector::Government),
        Some(Sector::Defence),
        Some(Sector::Energy),
        Some(Sector::Telecom),
        Some(Sector::Transport),
        Some(Sector::Manufacturing),
        Some(Sector::Retail),
        Some(Sector::Education),
        Some(Sector::ProfessionalServices),
        Some(Sector::Other),
    ];
    let customers = [
        C::UsFederal,
        C::UsDefense,
        C::Eu,
        C::NyFinancial,
        C::UsSaasBuyers,
    ];
    let data = [D::Phi, D::Cardholder, D::Cui, D::UsFederal, D::EuPersonal];
    let facts = [
        O::OffersCloudService,
        O::NydfsLicensed,
        O::EuFinancialEntity,
        O::TurnoverAndBalanceSheetOverTenMillionEuros,
    ];
    let certificates = [
        ExistingCertification::Iso27001_2013,
        ExistingCertification::Iso27001_2022,
        ExistingCertification::Soc2,
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut out = Vec::new();
    for sector in sectors {
        for round in 0..200 {
            let r = next();
            let persons = [None, Some(1), Some(12), Some(49), Some(50), Some(300)];
            let staff = [None, Some(0), Some(1), Some(4)];
            out.push(Profile {
                sector,
                customers: pick(r, &customers),
                data: pick(r >> 5, &data),
                organisation_facts: pick(r >> 10, &facts),
                existing_certifications: pick(r >> 14, &certificates).into_iter().take(1).collect(),
                persons_in_scope: persons[(r >> 20) as usize % persons.len()],
                security_staff: staff[(r >> 24) as usize % staff.len()],
                recent_breach: [None, Some(true), Some(false)][(r >> 28) as usize % 3],
                uses_cloud: [None, Some(true), Some(false)][(r >> 32) as usize % 3],
                develops_software: (round % 2 == 0).then_some(true),
                ..Profile::default()
            });
        }
    }
    out
}

/// A snake_case identifier (`us_federal`, `persons_in_scope`): a word of letters and digits
/// joined by underscores.
fn snake_case_identifier(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|word| word.contains('_') && word.trim_matches('_').len() > 1)
}

/// Issue 15: reasons read "customers include us_federal", "persons_in_scope is 40". A visitor
/// reads them: no field name, option value or framework id may show.
#[test]
fn advice_reasons_are_plain_words_without_identifiers_or_answer_ids() {
    let questions = &questionnaire(Mode::Full).profile_questions;
    // Answer ids a person would not write: every option value and field id that is not an
    // ordinary English word (those with an underscore are caught as snake_case anyway).
    let english = [
        "software",
        "finance",
        "healthcare",
        "government",
        "defence",
        "energy",
        "transport",
        "manufacturing",
        "retail",
        "education",
        "other",
        "data",
        "sites",
        "sector",
        "customers",
    ];
    let mut answer_ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    for question in questions {
        if let ProfileInput::Choice { options } | ProfileInput::MultiChoice { options } =
            &question.input
        {
            answer_ids.extend(options.iter().map(|o| o.value.as_str()));
        }
    }
    answer_ids.retain(|id| !english.contains(id));
    let framework_ids = [
        Framework::Nist80053,
        Framework::FtcSafeguards,
        Framework::Nydfs500,
        Framework::CisControls,
    ]
    .map(Framework::id);

    let profiles = profiles();
    assert!(profiles.len() >= 3000);
    let mut reasons = 0;
    for profile in &profiles {
        for advice in advise(profile) {
            reasons += 1;
            let text = &advice.reason;
            if let Some(word) = snake_case_identifier(text) {
                panic!("{:?} reason shows '{word}': {text}", advice.framework);
            }
            let words: Vec<&str> = text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .collect();
            for id in answer_ids.iter().chain(&framework_ids) {
                assert!(
                    !words.contains(id),
                    "{:?} reason shows the answer id '{id}': {text}",
                    advice.framework
                );
            }
            assert!(
                !words
                    .windows(2)
                    .any(|w| w[0] == "is" && (w[1] == "yes" || w[1] == "no")),
                "{:?} reason reads like a rule, not a sentence: {text}",
                advice.framework
            );
            assert!(
                text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()),
                "{text}"
            );
            assert!(text.ends_with('.'), "{text}");
        }
    }
    assert!(reasons > profiles.len() * 3, "{reasons} reasons checked");
}

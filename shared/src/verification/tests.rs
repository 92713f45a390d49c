//! Verification rules on realistic certificates and claims.

use super::*;
use crate::certificate::{CertificateStatus, Entity, Site, Standard};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

/// A multi-site payroll SaaS provider with an exclusion, certified under UKAS.
fn payroll() -> CertificateRecord {
    CertificateRecord {
        certificate_number: "IS 712345".into(),
        certification_body: "Example Certification Ltd".into(),
        accreditation_body: Some("UKAS".into()),
        standard: Standard::Iso27001_2022,
        status: CertificateStatus::Active,
        entity: Entity {
            name: "Acme Payroll Ltd".into(),
            country: "IE".into(),
            identifiers: Identifiers::default(),
        },
        scope: "The information security management system supporting the design, development, \
                hosting and support of cloud-based payroll and HR software as a service for \
                customers in Ireland and the United Kingdom, excluding on-premise installations \
                and payroll bureau services. In accordance with the Statement of Applicability \
                version 4."
            .into(),
        sites: vec![
            Site {
                name: Some("Head office".into()),
                address: Some("1 Grand Canal Square, Dublin 2".into()),
                city: Some("Dublin".into()),
                country: "IE".into(),
                scope: None,
            },
            Site {
                name: Some("Manchester data centre".into()),
                address: Some("20 Portland Street".into()),
                city: Some("Manchester".into()),
                country: "GB".into(),
                scope: None,
            },
        ],
        original_issue_date: date("2019-06-01"),
        issue_date: date("2025-06-01"),
        expiry_date: date("2028-05-31"),
        last_surveillance_date: Some(date("2026-05-20")),
        soa_reference: Some("SoA v4".into()),
    }
}

fn claim(activities: &[&str], sites: &[(Option<&str>, Option<&str>)]) -> VerificationRequest {
    VerificationRequest {
        certificate_number: Some("IS 712345".into()),
        claim: ScopeClaim {
            entity_name: Some("ACME Payroll Limited".into()),
            activities: activities.iter().map(|a| a.to_string()).collect(),
            sites: sites
                .iter()
                .map(|(city, country)| ClaimedSite {
                    city: city.map(String::from),
                    country: country.map(String::from),
                    address: None,
                })
                .collect(),
        },
        ..VerificationRequest::default()
    }
}

const TODAY: &str = "2026-11-29";

fn run(request: &VerificationRequest, record: &CertificateRecord) -> Verification {
    verify(request, Some(record), date(TODAY))
}

fn item<'a>(result: &'a Verification, name: &str) -> &'a CoverageItem {
    result.coverage.iter().find(|i| i.item == name).unwrap()
}

fn codes(result: &Verification) -> Vec<ProblemCode> {
    result.validity.problems.iter().map(|p| p.code).collect()
}

#[test]
fn covered_when_every_activity_and_site_is_supported() {
    let record = payroll();
    let request = claim(
        &["Payroll SaaS", "HR software hosting"],
        &[
            (Some("Dublin"), Some("IE")),
            (Some("manchester"), Some("UK")),
        ],
    );
    let result = run(&request, &record);
    assert_eq!(result.verdict, Verdict::Covered, "{}", result.explanation);
    assert!(result.validity.valid);
    assert_eq!(result.entity_match, EntityMatch::Normalized);
    let saas = item(&result, "Payroll SaaS");
    assert_eq!(saas.evidence[0].source, "/scope");
    assert_eq!(
        saas.evidence[0].text,
        "payroll and HR software as a service"
    );
    let chars: Vec<char> = record.scope.chars().collect();
    let quoted: String = chars[saas.evidence[0].start..saas.evidence[0].end]
        .iter()
        .collect();
    assert_eq!(quoted, saas.evidence[0].text);
    let dublin = item(&result, "Dublin, IE");
    assert_eq!(dublin.verdict, ItemVerdict::Covered);
    assert_eq!(dublin.evidence[0].source, "/sites/0/country");
    assert_eq!(dublin.evidence[1].text, "Dublin");
    assert!(result.explanation.contains("valid on the day checked"));
}

#[test]
fn spelling_variants_and_case_do_not_matter() {
    let mut record = payroll();
    record.scope = "Operation of data centres and managed hosting services for customer \
                    organisations; licence management."
        .into();
    let request = claim(
        &[
            "DATA CENTER operations",
            "hosted service for organizations",
            "license management",
        ],
        &[],
    );
    let result = run(&request, &record);
    assert_eq!(result.verdict, Verdict::Covered, "{:#?}", result.coverage);
}

#[test]
fn an_activity_after_excluding_is_excluded_with_the_exclusion_quoted() {
    let result = run(&claim(&["on-premise installation"], &[]), &payroll());
    let it = item(&result, "on-premise installation");
    assert_eq!(it.verdict, ItemVerdict::Excluded);
    assert_eq!(it.evidence[0].text, "excluding on-premise installations");
    assert_eq!(result.verdict, Verdict::NotCovered);

    let bureau = run(&claim(&["payroll bureau services"], &[]), &payroll());
    assert_eq!(bureau.coverage[0].verdict, ItemVerdict::Excluded);
}

#[test]
fn every_exclusion_phrasing_is_recognised() {
    // (scope, the verdict for "managed IT services"): an exception written straight after the
    // item ("services except testing") leaves that item only partly in scope.
    let scopes = [
        (
            "Managed IT services except penetration testing.",
            ItemVerdict::Undetermined,
        ),
        (
            "Managed IT services, with the exception of penetration testing.",
            ItemVerdict::Covered,
        ),
        (
            "Managed IT services. The scope does not include penetration testing.",
            ItemVerdict::Covered,
        ),
        (
            "Managed IT services. Penetration testing is out of scope.",
            ItemVerdict::Covered,
        ),
        (
            "Managed IT services. Out of scope: penetration testing.",
            ItemVerdict::Covered,
        ),
        (
            "Managed IT services without penetration testing.",
            ItemVerdict::Undetermined,
        ),
        (
            "Managed IT services, apart from penetration testing.",
            ItemVerdict::Covered,
        ),
        (
            "Managed IT services. The certificate does not extend to penetration testing.",
            ItemVerdict::Covered,
        ),
        (
            "Managed IT services.\nNot covered:\n- penetration testing",
            ItemVerdict::Covered,
        ),
        (
            "Managed IT services; penetration testing does not form part of this certification.",
            ItemVerdict::Covered,
        ),
    ];
    for (scope, managed) in scopes {
        let mut record = payroll();
        record.scope = scope.into();
        let result = run(
            &claim(&["penetration testing", "managed IT services"], &[]),
            &record,
        );
        assert_eq!(result.coverage[0].verdict, ItemVerdict::Excluded, "{scope}");
        assert_eq!(result.coverage[1].verdict, managed, "{scope}");
        assert_ne!(result.verdict, Verdict::Covered, "{scope}");
    }
}

#[test]
fn a_predicate_after_a_semicolon_reaches_back_to_it_unless_the_list_ends_in_and() {
    let mut record = payroll();
    record.scope = "Managed IT services; penetration testing services are excluded.".into();
    let result = run(
        &claim(&["penetration testing", "managed IT services"], &[]),
        &record,
    );
    assert_eq!(result.coverage[0].verdict, ItemVerdict::Excluded);
    assert_eq!(result.coverage[1].verdict, ItemVerdict::Covered);
    record.scope = "Payroll software. Managed IT services; tax advice; and penetration testing \
                    are excluded."
        .into();
    let result = run(&claim(&["managed IT services"], &[]), &record);
    assert_eq!(result.coverage[0].verdict, ItemVerdict::Excluded);
}

/// Each scope with the claims and the verdict a careful reader gives them: the shapes the
/// grammar test and the corpus found read wrongly before (2026-12-01).
#[test]
fn shapes_found_by_the_grammar_and_the_corpus() {
    use ItemVerdict::{Covered, Excluded, Undetermined};
    let cases: &[(&str, &[(&str, ItemVerdict)])] = &[
        (
            "Payroll processing (except 1) building maintenance; and 2) legal advisory).",
            &[
                ("building maintenance", Excluded),
                ("legal advisory", Excluded),
                ("payroll processing", Covered),
            ],
        ),
        (
            "Payroll processing (1) building maintenance; and 2) legal advisory out of scope).",
            &[
                ("legal advisory", Excluded),
                ("payroll processing", Covered),
            ],
        ),
        (
            "The following are excluded:\npayroll processing\nScope: building maintenance.",
            &[
                ("payroll processing", Excluded),
                ("building maintenance", Covered),
            ],
        ),
        (
            "Bookkeeping. Excluding:\n1. tax advice\n2. legal advisory\nnot 3. labour hire",
            &[("labour hire", Excluded), ("bookkeeping", Covered)],
        ),
        (
            "Tax advice, data analytics services and hosting, except for the research data \
             service, which is outside the scope of this certificate.",
            &[
                ("data analytics services", Covered),
                ("research data service", Excluded),
            ],
        ),
        (
            "IT consulting and data protection consulting; no statutory audit services.",
            &[("data protection consulting", Covered)],
        ),
        (
            "Development of medical imaging software. The hardware workstations sold with the \
             software are not certified.",
            &[("medical imaging software", Covered)],
        ),
        (
            "Protected-level cloud hosting and secure gateway services. The commercial cloud \
             offering is out of scope.",
            &[
                ("cloud hosting", Undetermined),
                ("secure gateway services", Covered),
            ],
        ),
    ];
    let mut record = payroll();
    for (scope, claims) in cases {
        record.scope = (*scope).into();
        for (activity, expected) in *claims {
            let result = run(&claim(&[activity], &[]), &record);
            assert_eq!(
                result.coverage[0].verdict, *expected,
                "{activity:?} in {scope:?}: {:#?}",
                result.coverage[0]
            );
        }
    }
}

#[test]
fn partially_covered_when_one_activity_is_missing() {
    let result = run(&claim(&["payroll SaaS", "consulting"], &[]), &payroll());
    assert_eq!(result.verdict, Verdict::PartiallyCovered);
    assert_eq!(item(&result, "consulting").verdict, ItemVerdict::NotCovered);
    assert!(item(&result, "consulting").evidence.is_empty());
    assert!(result.explanation.contains("Not covered: 'consulting'"));
}

#[test]
fn a_claim_needs_every_significant_word() {
    // "payroll" and "consulting" are both in the text, but never together in the scope.
    let mut record = payroll();
    record.scope = "Payroll software as a service. IT consulting for banks.".into();
    let result = run(&claim(&["payroll consulting"], &[]), &record);
    assert_eq!(result.verdict, Verdict::NotCovered);
}

#[test]
fn sites_not_listed_are_not_covered_and_unknown_sites_are_undetermined() {
    let result = run(
        &claim(&["payroll SaaS"], &[(Some("Berlin"), Some("DE"))]),
        &payroll(),
    );
    assert_eq!(item(&result, "Berlin, DE").verdict, ItemVerdict::NotCovered);
    assert_eq!(result.verdict, Verdict::PartiallyCovered);

    let mut record = payroll();
    record.sites.clear();
    let result = run(
        &claim(&["payroll SaaS"], &[(Some("Cork"), Some("IE"))]),
        &record,
    );
    assert_eq!(item(&result, "Cork, IE").verdict, ItemVerdict::Undetermined);
    assert_eq!(result.verdict, Verdict::Undetermined);
}

#[test]
fn a_site_named_in_the_scope_is_covered_when_no_sites_are_listed() {
    let mut record = payroll();
    record.sites.clear();
    record.scope = "Payroll software development at the Cork and Galway offices.".into();
    let result = run(&claim(&[], &[(Some("Galway"), Some("Ireland"))]), &record);
    let galway = &result.coverage[0];
    assert_eq!(galway.verdict, ItemVerdict::Covered);
    assert_eq!(galway.evidence[0].text, "Galway");
    // The same city claimed in another country is not taken on trust.
    let result = run(&claim(&[], &[(Some("Galway"), Some("US"))]), &record);
    assert_eq!(result.coverage[0].verdict, ItemVerdict::Undetermined);
}

#[test]
fn a_site_excluded_by_the_scope_is_excluded() {
    let mut record = payroll();
    record.sites.clear();
    record.scope = "Payroll SaaS from all Irish offices except the Limerick office.".into();
    let result = run(&claim(&[], &[(Some("Limerick"), None)]), &record);
    assert_eq!(result.coverage[0].verdict, ItemVerdict::Excluded);
    assert_eq!(result.verdict, Verdict::NotCovered);
}

#[test]
fn per_site_scopes_decide_activities_at_the_claimed_site() {
    let mut record = payroll();
    record.scope = "Payroll software development and hosting at the sites listed.".into();
    record.sites[0].scope = Some("Software development and customer support.".into());
    record.sites[1].scope = Some("Hosting of payroll platforms in the data centre.".into());
    let at_manchester = run(
        &claim(&["payroll hosting"], &[(Some("Manchester"), None)]),
        &record,
    );
    assert_eq!(at_manchester.verdict, Verdict::Covered);
    assert_eq!(
        at_manchester.coverage[0].evidence[0].source,
        "/sites/1/scope"
    );
    let at_dublin = run(
        &claim(&["payroll hosting"], &[(Some("Dublin"), None)]),
        &record,
    );
    assert_eq!(at_dublin.coverage[0].verdict, ItemVerdict::NotCovered);
    assert_eq!(at_dublin.verdict, Verdict::PartiallyCovered);
    // Without a claimed site, any site's scope counts.
    let anywhere = run(&claim(&["customer support"], &[]), &record);
    assert_eq!(anywhere.coverage[0].evidence[0].source, "/sites/0/scope");
    assert_eq!(anywhere.verdict, Verdict::Covered);
}

#[test]
fn a_2013_certificate_is_valid_through_2025_10_31_and_invalid_from_2025_11_01() {
    let mut record = payroll();
    record.standard = Standard::Iso27001_2013;
    record.issue_date = date("2023-09-01");
    record.expiry_date = date("2026-08-31");
    record.last_surveillance_date = Some(date("2025-08-20"));
    let request = claim(&["payroll SaaS"], &[]);
    let last_day = verify(&request, Some(&record), date("2025-10-31"));
    assert_eq!(
        last_day.verdict,
        Verdict::Covered,
        "{}",
        last_day.explanation
    );
    let after = verify(&request, Some(&record), date("2025-11-01"));
    assert_eq!(after.verdict, Verdict::Invalid);
    assert_eq!(codes(&after), [ProblemCode::Iso27001_2013Ended]);
    assert!(after.explanation.contains("after 2025-10-31"));
}

#[test]
fn suspended_withdrawn_cancelled_and_expired_are_invalid() {
    for (status, code) in [
        (CertificateStatus::Suspended, ProblemCode::StatusSuspended),
        (CertificateStatus::Withdrawn, ProblemCode::StatusWithdrawn),
        (CertificateStatus::Cancelled, ProblemCode::StatusCancelled),
        (CertificateStatus::Expired, ProblemCode::StatusExpired),
    ] {
        let mut record = payroll();
        record.status = status;
        let result = run(&claim(&["payroll SaaS"], &[]), &record);
        assert_eq!(result.verdict, Verdict::Invalid);
        assert_eq!(result.validity.problems[0].code, code);
        assert_eq!(result.validity.problems[0].severity, Severity::Error);
        // Coverage is still shown so the buyer sees what the certificate used to cover.
        assert_eq!(result.coverage[0].verdict, ItemVerdict::Covered);
    }
}

#[test]
fn an_active_certificate_past_its_expiry_date_or_not_yet_issued_is_invalid() {
    let record = payroll();
    let request = claim(&["payroll SaaS"], &[]);
    let after = verify(&request, Some(&record), date("2028-06-01"));
    assert_eq!(codes(&after), [ProblemCode::PastExpiry]);
    assert_eq!(after.verdict, Verdict::Invalid);
    let last_day = verify(&request, Some(&record), date("2028-05-31"));
    assert!(!codes(&last_day).contains(&ProblemCode::PastExpiry));
    let before = verify(&request, Some(&record), date("2025-05-31"));
    assert_eq!(codes(&before), [ProblemCode::NotYetIssued]);
}

#[test]
fn unaccredited_is_an_error_and_an_unknown_body_caps_the_verdict() {
    let mut record = payroll();
    record.accreditation_body = None;
    let result = run(&claim(&["payroll SaaS"], &[]), &record);
    assert_eq!(result.verdict, Verdict::Invalid);
    assert_eq!(codes(&result), [ProblemCode::Unaccredited]);

    record.accreditation_body = Some("Global Accreditation Council".into());
    let result = run(&claim(&["payroll SaaS"], &[]), &record);
    assert_eq!(result.verdict, Verdict::Undetermined);
    assert_eq!(codes(&result), [ProblemCode::AccreditationBodyUnknown]);
    assert_eq!(result.validity.problems[0].severity, Severity::Caution);
    assert!(result.explanation.contains("iaf.nu"));

    record.accreditation_body = Some("United Kingdom Accreditation Service".into());
    assert!(
        run(&claim(&["payroll SaaS"], &[]), &record)
            .validity
            .problems
            .is_empty()
    );
}

#[test]
fn a_reading_kept_before_the_accreditation_changed_is_not_used() {
    let request = claim(&["payroll SaaS"], &[]);
    let mut record = payroll();
    let kept = RecordReading::of(&record);
    assert_eq!(
        verify_read(&request, &record, &kept, date("2026-06-01")).verdict,
        Verdict::Covered
    );
    for changed in [
        None,
        Some("not accredited"),
        Some("Global Accreditation Council"),
        Some("UKAS accreditation withdrawn"),
    ] {
        record.accreditation_body = changed.map(String::from);
        assert!(!kept.is_of(&record), "{changed:?}");
        let fresh = verify(&request, Some(&record), date("2026-06-01"));
        assert_ne!(fresh.verdict, Verdict::Covered, "{changed:?}");
        assert_eq!(
            verify_read(&request, &record, &kept, date("2026-06-01")),
            fresh,
            "{changed:?}"
        );
    }
}

#[test]
fn surveillance_overdue_is_a_warning_after_twelve_months() {
    let mut record = payroll();
    record.last_surveillance_date = Some(date("2025-11-28"));
    let result = run(&claim(&["payroll SaaS"], &[]), &record);
    assert_eq!(codes(&result), [ProblemCode::SurveillanceOverdue]);
    assert_eq!(result.verdict, Verdict::Covered);
    record.last_surveillance_date = Some(date("2025-11-29"));
    assert!(
        run(&claim(&["payroll SaaS"], &[]), &record)
            .validity
            .problems
            .is_empty()
    );
    // Without a surveillance date the issue date counts.
    record.last_surveillance_date = None;
    assert_eq!(
        codes(&run(&claim(&[], &[]), &record)),
        [ProblemCode::SurveillanceOverdue]
    );
}

#[test]
fn a_certificate_running_past_three_years_is_flagged() {
    let mut record = payroll();
    record.expiry_date = date("2030-05-31");
    let result = run(&claim(&["payroll SaaS"], &[]), &record);
    assert_eq!(codes(&result), [ProblemCode::ValidityPeriodTooLong]);
}

#[test]
fn another_legal_entity_is_not_covered() {
    let mut request = claim(&["payroll SaaS"], &[]);
    request.claim.entity_name = Some("Acme Payroll Services GmbH".into());
    let result = run(&request, &payroll());
    assert_eq!(result.entity_match, EntityMatch::Different);
    assert_eq!(result.verdict, Verdict::NotCovered);
    assert!(result.explanation.contains("not by the entity claimed"));

    request.claim.entity_name = None;
    let result = run(&request, &payroll());
    assert_eq!(result.entity_match, EntityMatch::NotChecked);
    assert_eq!(result.verdict, Verdict::Covered);
}

#[test]
fn not_found_and_empty_claims() {
    let result = verify(&claim(&["payroll SaaS"], &[]), None, date(TODAY));
    assert_eq!(result.verdict, Verdict::NotFound);
    assert!(result.certificate.is_none());
    let result = run(&claim(&[], &[]), &payroll());
    assert_eq!(result.verdict, Verdict::Undetermined);
    assert!(
        result
            .explanation
            .contains("No activity or site was claimed")
    );
}

#[test]
fn text_both_included_and_excluded_is_undetermined() {
    let mut record = payroll();
    record.scope = "Payroll software development, excluding payroll software for the public \
                    sector."
        .into();
    let result = run(&claim(&["payroll software"], &[]), &record);
    assert_eq!(result.coverage[0].verdict, ItemVerdict::Undetermined);
    assert_eq!(result.coverage[0].evidence.len(), 2);
    assert_eq!(result.verdict, Verdict::Undetermined);
}

#[test]
fn response_json_has_the_documented_shape() {
    let result = run(
        &claim(&["payroll SaaS"], &[(Some("Dublin"), Some("IE"))]),
        &payroll(),
    );
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["verdict"], "covered");
    assert_eq!(json["entity_match"], "normalized");
    assert_eq!(json["as_of"], TODAY);
    assert_eq!(json["validity"]["valid"], true);
    assert_eq!(json["coverage"][0]["kind"], "activity");
    assert_eq!(json["coverage"][1]["kind"], "site");
    let evidence = &json["coverage"][0]["evidence"][0];
    for key in ["source", "text", "start", "end"] {
        assert!(evidence.get(key).is_some(), "{key}");
    }
    assert_eq!(json["certificate"]["certificate_number"], "IS 712345");
    let back: Verification = serde_json::from_value(json).unwrap();
    assert_eq!(back, result);
}

#[test]
fn requests_must_name_a_certificate_and_refuse_unknown_fields() {
    let empty = VerificationRequest::default();
    let errors = empty.validate().unwrap_err();
    assert_eq!(errors[0].pointer, "/certificate_number");
    assert!(claim(&["payroll"], &[]).validate().is_ok());
    let by_identifier: VerificationRequest =
        serde_json::from_str(r#"{"entity": {"name": "", "identifiers": {"vat": "IE6388047V"}}}"#)
            .unwrap();
    assert!(by_identifier.validate().is_ok());
    let mistyped_lei: VerificationRequest = serde_json::from_str(
        r#"{"entity": {"name": "Fjord Travel ApS", "identifiers": {"lei": "529900FJORDTRAVEL034"}}}"#,
    )
    .unwrap();
    let errors = mistyped_lei.validate().unwrap_err();
    assert_eq!(errors[0].pointer, "/entity/identifiers/lei");
    assert!(
        errors[0].detail.contains("check digits"),
        "{}",
        errors[0].detail
    );
    let unknown = r#"{"certificate_number": "1", "claim": {"activity": ["x"]}}"#;
    assert!(serde_json::from_str::<VerificationRequest>(unknown).is_err());
}

/// `explain` as it was written before it wrote into one string: each part formatted on its own,
/// then joined. The reference of the property test below (native only, as proptest is).
#[cfg(not(target_arch = "wasm32"))]
fn explain_by_format(
    verdict: Verdict,
    validity: &Validity,
    entity: &EntityCheck,
    items: &[CoverageItem],
    record: &CertificateRecord,
) -> String {
    let mut parts = Vec::new();
    let holder = format!(
        "Certificate {} ({}) issued by {} to {}",
        record.certificate_number,
        record.standard.as_str(),
        record.certification_body,
        record.entity.name
    );
    match verdict {
        Verdict::Invalid => {
            let reasons: Vec<&str> = validity
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .map(|p| p.message.as_str())
                .collect();
            parts.push(format!(
                "{holder} cannot be relied on. {}",
                reasons.join(" ")
            ));
        }
        _ => parts.push(format!("{holder} is valid on the day checked.")),
    }
    parts.extend(entity.explanation.clone());
    if verdict != Verdict::Invalid {
        let list = |v: ItemVerdict| {
            items
                .iter()
                .filter(|i| i.verdict == v)
                .map(|i| format!("'{}'", i.item))
                .collect::<Vec<_>>()
        };
        for (v, words) in ITEM_LISTS {
            let names = list(v);
            if !names.is_empty() {
                parts.push(format!("{words}: {}.", names.join(", ")));
            }
        }
        if items.is_empty() {
            parts.push("No activity or site was claimed, so the scope was not checked.".into());
        }
    }
    let messages = |severity: Severity| {
        validity
            .problems
            .iter()
            .filter(|p| p.severity == severity)
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
    };
    let cautions = messages(Severity::Caution);
    if !cautions.is_empty() && verdict != Verdict::Invalid {
        parts.push(cautions.join(" "));
    }
    let warnings = messages(Severity::Warning);
    if !warnings.is_empty() {
        parts.push(format!("Note: {}", warnings.join(" ")));
    }
    parts.join(" ")
}

// proptest builds natively only (see Cargo.toml).
#[cfg(not(target_arch = "wasm32"))]
mod explanation {
    use super::*;
    use proptest::prelude::*;

    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[a-zA-Z ,.'é]{0,12}",
            Just("Acme Payroll Ltd".to_string()),
        ]
    }

    fn any_verdict<T: Clone + std::fmt::Debug + 'static>(all: Vec<T>) -> impl Strategy<Value = T> {
        proptest::sample::select(all)
    }

    prop_compose! {
        fn any_problem()(
            severity in any_verdict(vec![Severity::Error, Severity::Caution, Severity::Warning]),
            message in any_text(),
        ) -> ValidityProblem {
            ValidityProblem { code: ProblemCode::StatusSuspended, severity, message }
        }
    }

    prop_compose! {
        fn any_item()(
            item in any_text(),
            verdict in any_verdict(vec![
                ItemVerdict::Covered,
                ItemVerdict::Excluded,
                ItemVerdict::NotCovered,
                ItemVerdict::Undetermined,
            ]),
            site in any::<bool>(),
        ) -> CoverageItem {
            let kind = if site { ItemKind::Site } else { ItemKind::Activity };
            CoverageItem { item, kind, verdict, evidence: Vec::new() }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

        /// For any verdict, validity problems of every severity (none, one or several; empty
        /// messages too), entity sentence or none, items of every verdict and record texts:
        /// the same explanation, byte for byte, as the parts formatted and joined.
        #[test]
        fn the_explanation_is_the_parts_joined(
            verdict in any_verdict(vec![
                Verdict::Covered,
                Verdict::PartiallyCovered,
                Verdict::NotCovered,
                Verdict::Invalid,
                Verdict::NotFound,
                Verdict::Undetermined,
            ]),
            problems in proptest::collection::vec(any_problem(), 0..4),
            sentence in proptest::option::of(any_text()),
            items in proptest::collection::vec(any_item(), 0..5),
            number in any_text(),
            body in any_text(),
            name in any_text(),
            standard_2013 in any::<bool>(),
        ) {
            let validity = Validity { valid: problems.is_empty(), problems };
            let entity = EntityCheck {
                verdict: EntityMatch::NotChecked,
                reason: None,
                explanation: sentence,
            };
            let mut record = payroll();
            record.certificate_number = number;
            record.certification_body = body;
            record.entity.name = name;
            if standard_2013 {
                record.standard = Standard::Iso27001_2013;
            }
            prop_assert_eq!(
                explain(verdict, &validity, &entity, &items, &record),
                explain_by_format(verdict, &validity, &entity, &items, &record)
            );
        }
    }
}

// proptest builds natively only (see Cargo.toml).
#[cfg(not(target_arch = "wasm32"))]
mod any_words {
    use super::*;
    use proptest::prelude::*;

    /// A word as people and programs write them: letters of any case and script, capitals
    /// with an s, apostrophes, combining accents, then perhaps digits of any script,
    /// superscripts and fractions.
    fn any_word() -> impl Strategy<Value = String> {
        ("[A-Za-zÀ-ÿİıŒœßΣσЖж\u{301}'’s]{1,7}", "[0-9²³¹٣½]{0,2}")
            .prop_map(|(letters, digits)| letters + &digits)
    }

    /// Words with the gaps scopes have between them.
    fn any_text(words: std::ops::Range<usize>) -> impl Strategy<Value = String> {
        let gap = proptest::sample::select(vec![
            " ", ", ", "; ", ". ", "\n", "\n- ", " (", ") ", "/", "\u{a0}", " – ", "",
        ]);
        proptest::collection::vec((any_word(), gap), words).prop_map(|parts| {
            parts
                .into_iter()
                .flat_map(|(word, gap)| [word, gap.to_owned()])
                .collect()
        })
    }

    proptest! {
        /// Whatever words a scope and a claim are written in, a verification is made: no
        /// text of either side stops it (a word like "ABs²" once did, and the connection of
        /// the request was lost).
        #[test]
        fn any_scope_and_any_claim_are_verified(
            scope in any_text(0..24),
            activity in any_text(1..5),
            city in any_text(1..3),
        ) {
            let mut record = payroll();
            record.scope = scope;
            record.sites[0].scope = Some(activity.clone());
            let request = claim(&[&activity], &[(Some(&city), Some("IE"))]);
            let result = run(&request, &record);
            prop_assert_eq!(result.coverage.len(), 2);
        }
    }
}

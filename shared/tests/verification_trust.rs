//! What makes a certificate trustworthy for a buyer beyond its scope: the right legal entity
//! (legal-form family, country, identifiers), a recognised accreditation body (and a negated
//! mention is not one), and a validity period that fits the certification cycle. Every record
//! here is fictitious.

use annexa_shared::verification::{
    EntityMatch, EntityQuery, EntityReason, ProblemCode, Severity, find_signatory,
};
use annexa_shared::{
    CertificateRecord, Date, Identifiers, Verdict, Verification, VerificationRequest, verify,
};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

const TODAY: &str = "2026-12-01";

/// A Danish travel-software company certified under DANAK.
fn fjord_travel() -> CertificateRecord {
    serde_json::from_str(
        r#"{
        "certificate_number": "DK-ISMS-40917",
        "certification_body": "Nordic Fictitious Certification A/S",
        "accreditation_body": "DANAK",
        "standard": "ISO/IEC 27001:2022",
        "status": "active",
        "entity": {"name": "Fjord Travel ApS", "country": "DK",
                   "identifiers": {"vat": "DK29403817", "lei": "529900FJORDTRAVEL043"}},
        "scope": "Development and operation of booking software as a service for travel agencies.",
        "sites": [{"city": "Aarhus", "country": "DK"}],
        "original_issue_date": "2024-03-01",
        "issue_date": "2024-03-01",
        "expiry_date": "2027-02-28",
        "last_surveillance_date": "2026-02-20"
    }"#,
    )
    .unwrap()
}

/// A request for `activities` from the entity named `name` (and optionally its country and
/// identifiers), by certificate number.
fn request(name: Option<&str>, activities: &[&str]) -> VerificationRequest {
    let mut request = VerificationRequest {
        certificate_number: Some("DK-ISMS-40917".into()),
        ..VerificationRequest::default()
    };
    request.claim.entity_name = name.map(String::from);
    request.claim.activities = activities.iter().map(|a| a.to_string()).collect();
    request
}

fn with_entity(
    mut request: VerificationRequest,
    country: Option<&str>,
    identifiers: Identifiers,
) -> VerificationRequest {
    request.entity = Some(EntityQuery {
        name: String::new(),
        country: country.map(String::from),
        identifiers: Some(identifiers),
    });
    request
}

fn run(request: &VerificationRequest, record: &CertificateRecord) -> Verification {
    verify(request, Some(record), date(TODAY))
}

const BOOKING: &str = "booking software as a service";

#[test]
fn the_same_name_with_another_legal_form_family_is_another_entity() {
    let record = fjord_travel();
    let result = run(&request(Some("Fjord Travel Inc."), &[BOOKING]), &record);
    assert_eq!(result.entity_match, EntityMatch::Different);
    assert_eq!(result.entity_reason, Some(EntityReason::LegalForm));
    assert_eq!(
        result.verdict,
        Verdict::Undetermined,
        "{}",
        result.explanation
    );
    assert!(
        result.explanation.contains(
            "held by Fjord Travel ApS, a Danish private limited company (ApS); you named Fjord \
             Travel Inc., an incorporated company (Inc.): a different legal entity unless the \
             supplier shows otherwise"
        ),
        "{}",
        result.explanation
    );
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["entity_match"], "different");
    assert_eq!(json["entity_reason"], "legal_form");
    // No JSON names leak into the text a buyer reads.
    assert!(!result.explanation.contains("legal_form"));
}

#[test]
fn every_pair_of_legal_form_families_conflicts_and_spellings_of_one_do_not() {
    let conflicting = [
        ("Nordlys Data Ltd", "Nordlys Data Inc."),
        ("Nordlys Data Limited", "Nordlys Data Corporation"),
        ("Nordlys Data Co., Ltd.", "Nordlys Data LLC"),
        ("Nordlys Data GmbH", "Nordlys Data AG"),
        ("Nordlys Data ApS", "Nordlys Data A/S"),
        ("Nordlys Data AS", "Nordlys Data AB"),
        ("Nordlys Data Oy", "Nordlys Data AB"),
        ("Nordlys Data SAS", "Nordlys Data SA"),
        ("Nordlys Data S.A.", "Nordlys Data SARL"),
        ("Nordlys Data S.p.A.", "Nordlys Data S.r.l."),
        ("Nordlys Data B.V.", "Nordlys Data N.V."),
        ("Nordlys Data plc", "Nordlys Data Ltd"),
        ("Nordlys Data LLC", "Nordlys Data LLP"),
        ("Nordlys Data Pty Ltd", "Nordlys Data Ltd"),
        ("Nordlys Data Pte. Ltd.", "Nordlys Data Pty Limited"),
        ("Nordlys Data Sp. z o.o.", "Nordlys Data S.A."),
        ("Nordlys Data GmbH & Co. KG", "Nordlys Data GmbH"),
    ];
    for (certified, claimed) in conflicting {
        let mut record = fjord_travel();
        record.entity.name = certified.into();
        record.entity.identifiers = Identifiers::default();
        let result = run(&request(Some(claimed), &[BOOKING]), &record);
        assert_eq!(
            (result.entity_match, result.entity_reason, result.verdict),
            (
                EntityMatch::Different,
                Some(EntityReason::LegalForm),
                Verdict::Undetermined
            ),
            "{certified} / {claimed}"
        );
    }
    let same = [
        ("Nordlys Data Ltd", "NORDLYS DATA LIMITED"),
        ("Nordlys Data Co., Ltd.", "Nordlys Data Ltd"),
        ("Nordlys Data Inc.", "Nordlys Data Incorporated"),
        ("Nordlys Data Corp.", "Nordlys Data Corporation"),
        ("Nordlys Data A/S", "Nordlys Data AS"),
        ("Nordlys Data Oy", "Nordlys Data Oyj"),
        ("Nordlys Data SAS", "Nordlys Data SASU"),
        ("Nordlys Data S.A.", "Nordlys Data SA"),
        ("Nordlys Data Pty Ltd", "Nordlys Data Pty. Limited"),
        ("Nordlys Data Pvt Ltd", "Nordlys Data Private Limited"),
        // A legal form on one side only stays comparable.
        ("Nordlys Data ApS", "Nordlys Data"),
        ("Nordlys Data", "Nordlys Data GmbH"),
    ];
    for (certified, claimed) in same {
        let mut record = fjord_travel();
        record.entity.name = certified.into();
        let result = run(&request(Some(claimed), &[BOOKING]), &record);
        assert_eq!(
            result.entity_match,
            EntityMatch::Normalized,
            "{certified} / {claimed}"
        );
        assert_eq!(result.entity_reason, None);
        assert_eq!(result.verdict, Verdict::Covered, "{certified} / {claimed}");
    }
}

#[test]
fn plainly_another_company_is_not_covered() {
    let result = run(
        &request(Some("Fjord Travel Holding ApS"), &[BOOKING]),
        &fjord_travel(),
    );
    assert_eq!(result.entity_match, EntityMatch::Different);
    assert_eq!(result.entity_reason, Some(EntityReason::Name));
    assert_eq!(result.verdict, Verdict::NotCovered);
    assert!(
        result
            .explanation
            .contains("not by the entity claimed (Fjord Travel Holding ApS)"),
        "{}",
        result.explanation
    );
}

#[test]
fn another_country_is_another_entity() {
    let base = request(Some("Fjord Travel ApS"), &[BOOKING]);
    let abroad = with_entity(base.clone(), Some("US"), Identifiers::default());
    let result = run(&abroad, &fjord_travel());
    assert_eq!(result.entity_match, EntityMatch::Different);
    assert_eq!(result.entity_reason, Some(EntityReason::Country));
    assert_eq!(result.verdict, Verdict::Undetermined);
    assert!(
        result.explanation.contains("registered in DK")
            && result.explanation.contains("country as US"),
        "{}",
        result.explanation
    );
    // The same country, as a code in any case or an English name, is the same entity.
    for country in ["DK", "dk", "Denmark"] {
        let home = with_entity(base.clone(), Some(country), Identifiers::default());
        let result = run(&home, &fjord_travel());
        assert_eq!(result.entity_match, EntityMatch::Exact, "{country}");
        assert_eq!(result.verdict, Verdict::Covered, "{country}");
    }
}

#[test]
fn identifiers_decide_when_both_sides_give_one() {
    let lei = |value: &str| Identifiers {
        lei: Some(value.into()),
        ..Identifiers::default()
    };
    let vat = |value: &str| Identifiers {
        vat: Some(value.into()),
        ..Identifiers::default()
    };
    // The same LEI: the same entity whatever the name (a trading name, a rename).
    let trading_name = with_entity(
        request(Some("FjordTrip"), &[BOOKING]),
        None,
        lei("529900 fjordtravel 043"),
    );
    let result = run(&trading_name, &fjord_travel());
    assert_eq!(result.entity_match, EntityMatch::SameIdentifier);
    assert_eq!(result.verdict, Verdict::Covered);
    assert!(
        result.explanation.contains("Legal Entity Identifier (LEI)")
            && result
                .explanation
                .contains("although you named it FjordTrip"),
        "{}",
        result.explanation
    );
    // The same VAT number, with or without its country prefix, dots or dashes.
    let result = run(
        &with_entity(request(None, &[BOOKING]), None, vat("29.40.38-17")),
        &fjord_travel(),
    );
    assert_eq!(result.entity_match, EntityMatch::SameIdentifier);
    // Another VAT number under the same name: a different entity, at most undetermined.
    let result = run(
        &with_entity(
            request(Some("Fjord Travel ApS"), &[BOOKING]),
            None,
            vat("DK11223344"),
        ),
        &fjord_travel(),
    );
    assert_eq!(result.entity_match, EntityMatch::Different);
    assert_eq!(result.entity_reason, Some(EntityReason::Identifier));
    assert_eq!(result.verdict, Verdict::Undetermined);
    assert!(
        result
            .explanation
            .contains("VAT number DK29403817; you gave DK11223344"),
        "{}",
        result.explanation
    );
    // One identifier agreeing does not outweigh another that differs.
    let mixed = Identifiers {
        vat: Some("DK29403817".into()),
        lei: Some("984500ACMEPAYROLL004".into()),
        ..Identifiers::default()
    };
    let result = run(
        &with_entity(request(None, &[BOOKING]), None, mixed),
        &fjord_travel(),
    );
    assert_eq!(result.entity_reason, Some(EntityReason::Identifier));
    assert_eq!(result.verdict, Verdict::Undetermined);
    // An identifier kind the record lacks decides nothing.
    let duns = Identifiers {
        duns: Some("123456789".into()),
        ..Identifiers::default()
    };
    let result = run(
        &with_entity(request(Some("Fjord Travel ApS"), &[BOOKING]), None, duns),
        &fjord_travel(),
    );
    assert_eq!(result.entity_match, EntityMatch::Exact);
    assert_eq!(result.verdict, Verdict::Covered);
}

#[test]
fn a_different_entity_never_raises_a_verdict() {
    // Scope does not cover the claim: not covered stays not covered under a legal-form conflict.
    let result = run(
        &request(Some("Fjord Travel Inc."), &["payroll outsourcing"]),
        &fjord_travel(),
    );
    assert_eq!(result.verdict, Verdict::NotCovered);
    // An invalid certificate stays invalid.
    let mut record = fjord_travel();
    record.status = annexa_shared::CertificateStatus::Withdrawn;
    let result = run(&request(Some("Fjord Travel Inc."), &[BOOKING]), &record);
    assert_eq!(result.verdict, Verdict::Invalid);
}

#[test]
fn a_body_not_on_the_list_caps_the_verdict_with_a_caution() {
    let mut record = fjord_travel();
    record.accreditation_body = Some("Baltic Fictitious Accreditation Council".into());
    let result = run(&request(Some("Fjord Travel ApS"), &[BOOKING]), &record);
    assert!(result.validity.valid);
    assert_eq!(
        result.validity.problems[0].code,
        ProblemCode::AccreditationBodyUnknown
    );
    assert_eq!(result.validity.problems[0].severity, Severity::Caution);
    assert_eq!(result.verdict, Verdict::Undetermined);
    assert!(
        result
            .explanation
            .contains("so the verdict can be at most undetermined"),
        "{}",
        result.explanation
    );
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["validity"]["problems"][0]["severity"], "caution");
    // A partly covered claim is capped too; a claim the scope does not cover stays not covered.
    let partly = run(
        &request(Some("Fjord Travel ApS"), &[BOOKING, "payroll outsourcing"]),
        &record,
    );
    assert_eq!(partly.verdict, Verdict::Undetermined);
    let none = run(
        &request(Some("Fjord Travel ApS"), &["payroll outsourcing"]),
        &record,
    );
    assert_eq!(none.verdict, Verdict::NotCovered);
}

#[test]
fn a_record_stating_no_accreditation_is_invalid() {
    for text in [
        "none",
        "N/A",
        "Not accredited",
        "non-accredited",
        "Accreditation: none",
    ] {
        let mut record = fjord_travel();
        record.accreditation_body = Some(text.into());
        let result = run(&request(Some("Fjord Travel ApS"), &[BOOKING]), &record);
        assert_eq!(result.verdict, Verdict::Invalid, "{text}");
        assert_eq!(
            result.validity.problems[0].code,
            ProblemCode::Unaccredited,
            "{text}"
        );
    }
}

#[test]
fn bodies_of_every_regional_group_are_recognised_however_written() {
    for text in [
        "UKAS",
        "United Kingdom Accreditation Service",
        "UKAS (United Kingdom)",
        "Accredited by UKAS, accreditation number 0001",
        "DAkkS",
        "Deutsche Akkreditierungsstelle",
        "COFRAC",
        "Comité français d'accréditation",
        "TÜRKAK",
        "Turkak",
        "Akkreditierung Austria",
        "Norsk akkreditering",
        "JAS-ANZ",
        "JASANZ",
        "jas anz",
        "ISMS-AC",
        "JIPDEC",
        "Korea Accreditation Board",
        "Standards Malaysia",
        "TAF",
        "ANSI-ASQ National Accreditation Board",
        "SCC",
        "SANAS",
    ] {
        let mut record = fjord_travel();
        record.accreditation_body = Some(text.into());
        let result = run(&request(Some("Fjord Travel ApS"), &[BOOKING]), &record);
        assert!(
            result.validity.problems.is_empty(),
            "{text}: {:?}",
            result.validity
        );
        assert_eq!(result.verdict, Verdict::Covered, "{text}");
    }
    // Two-letter acronyms and look-alikes are not trusted alone.
    for text in [
        "NA",
        "AA",
        "UKA",
        "IAS",
        "Accreditation",
        "Global Accreditation Council",
    ] {
        assert!(find_signatory(text).is_none(), "{text}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod negated_mentions {
    use super::*;
    use annexa_shared::verification::signatories;
    use proptest::prelude::*;

    /// Phrasings that say a body does not (or no longer, or not yet) accredit; `{}` is the body.
    const NEGATED: &[&str] = &[
        "not accredited by {}",
        "Not {} accredited",
        "non-{} accredited",
        "no {} accreditation",
        "without {} accreditation",
        "{} accreditation withdrawn",
        "{} accreditation suspended",
        "{} accreditation pending",
        "{} (pending)",
        "{} – application in progress",
        "applied for {} accreditation",
        "{} accreditation expired",
        "{} accreditation lapsed",
        "{} revoked",
        "formerly {}",
        "previously accredited by {}",
        "ex-{}",
        "{} (until 2023)",
        "N/A ({})",
        "{}: n/a",
        "{}: none",
        "none ({})",
        "{} - not applicable",
        "self-accredited, {} style",
        "nicht {} akkreditiert",
        "ohne {} Akkreditierung",
        "non accrédité {}",
        "sin acreditación {}",
        "ikke akkrediteret af {}",
        "niet geaccrediteerd door {}",
    ];

    fn body_names() -> Vec<String> {
        signatories()
            .iter()
            .flat_map(|s| std::iter::once(s.acronym.clone()).chain([s.name.clone()]))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

        #[test]
        fn a_negated_mention_is_never_an_accreditation(
            phrasing in prop::sample::select(NEGATED),
            body in prop::sample::select(body_names()),
            upper in any::<bool>(),
        ) {
            let text = phrasing.replace("{}", &body);
            let text = if upper { text.to_uppercase() } else { text };
            prop_assert!(find_signatory(&text).is_none(), "{}", text);
            let mut record = fjord_travel();
            record.accreditation_body = Some(text.clone());
            let result = run(&request(Some("Fjord Travel ApS"), &[BOOKING]), &record);
            prop_assert_ne!(result.verdict, Verdict::Covered, "{}", text);
            prop_assert!(
                result.validity.problems.iter().any(|p| matches!(
                    p.code,
                    ProblemCode::AccreditationNotInForce | ProblemCode::Unaccredited
                )),
                "{}", text
            );
        }
    }
}

#[test]
fn a_recertification_before_expiry_may_run_past_36_months() {
    let mut record = fjord_travel();
    record.original_issue_date = date("2019-06-01");
    // Recertified three months before the cycle ended on 2025-06-01: the new certificate
    // expires three years after the previous expiry, 39 months after its own issue.
    record.issue_date = date("2025-03-01");
    record.expiry_date = date("2028-05-31");
    record.last_surveillance_date = Some(date("2026-02-15"));
    let codes = |record: &CertificateRecord| {
        run(&request(None, &[BOOKING]), record)
            .validity
            .problems
            .iter()
            .map(|p| p.code)
            .collect::<Vec<_>>()
    };
    assert!(codes(&record).is_empty(), "{:?}", codes(&record));
    // Past the end of the next cycle is too long.
    record.expiry_date = date("2028-09-01");
    assert_eq!(codes(&record), [ProblemCode::ValidityPeriodTooLong]);
    // A first certificate cannot run 39 months.
    record.original_issue_date = date("2025-03-01");
    record.expiry_date = date("2028-05-31");
    assert_eq!(codes(&record), [ProblemCode::ValidityPeriodTooLong]);
    // Neither can one issued mid-cycle (more than a year before the cycle ends) and carried to
    // the end of the following cycle.
    record.original_issue_date = date("2019-06-01");
    record.issue_date = date("2023-06-01");
    record.last_surveillance_date = Some(date("2026-05-01"));
    assert_eq!(codes(&record), [ProblemCode::ValidityPeriodTooLong]);
    // A certificate reissued mid-cycle that keeps the cycle's expiry is fine.
    record.expiry_date = date("2025-05-31");
    let result = verify(
        &request(None, &[BOOKING]),
        Some(&record),
        date("2024-01-10"),
    );
    assert!(result.validity.problems.is_empty(), "{:?}", result.validity);
}

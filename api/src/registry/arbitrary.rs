//! Generators of any certificate record, for the property tests of the code that stores,
//! reads and writes records.

use annexa_shared::certificate::Identifiers;
use annexa_shared::{CertificateRecord, Site};
use proptest::prelude::*;

/// Texts with everything JSON escapes, non-ASCII letters and the words scopes are read by
/// (so the readings have segments, markers, places and organisations).
pub(crate) fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ,.;é✓\"\\\\\n\t\u{1}\u{7f}]{0,30}",
        Just(String::new()),
        Just("software development and cloud hosting, excluding payroll".to_string()),
        Just("Hosting for Fictitious Bank plc from Leeds and Cork; not covered: HR".into()),
    ]
}

pub(crate) fn any_option() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(any_text())
}

prop_compose! {
    pub(crate) fn any_site()(
        name in any_option(),
        address in any_option(),
        city in prop_oneof![any_option(), Just(Some("Leeds".to_string()))],
        country in "[A-Z]{2}",
        scope in any_option(),
    ) -> Site {
        Site { name, address, city, country, scope }
    }
}

prop_compose! {
    pub(crate) fn any_record()(
        number in any_text(),
        body in any_text(),
        accreditation in prop_oneof![
            any_option(),
            Just(Some("UKAS".to_string())),
            Just(Some("not accredited".to_string())),
        ],
        status in 0..5_usize,
        standard_2013 in any::<bool>(),
        name in any_text(),
        country in "[A-Z]{2}",
        vat in any_option(),
        duns in any_option(),
        registration_number in any_option(),
        lei in any_option(),
        scope in any_text(),
        sites in proptest::collection::vec(any_site(), 0..3),
        days in (15_000..22_000_i64, 0..2_000_i64, 0..2_000_i64),
        surveillance in proptest::option::of(0..2_000_i64),
        soa in any_option(),
    ) -> CertificateRecord {
        let status = ["active", "suspended", "withdrawn", "cancelled", "expired"][status];
        let date = |d: i64| annexa_shared::Date::from_days_since_epoch(d).expect("in range");
        let record = serde_json::json!({
            "certificate_number": number,
            "certification_body": body,
            "accreditation_body": accreditation,
            "standard": if standard_2013 { "ISO/IEC 27001:2013" } else { "ISO/IEC 27001:2022" },
            "status": status,
            "entity": {
                "name": name,
                "country": country,
                "identifiers": Identifiers { vat, duns, registration_number, lei },
            },
            "scope": scope,
            "sites": sites,
            "original_issue_date": date(days.0),
            "issue_date": date(days.0 + days.1),
            "expiry_date": date(days.0 + days.1 + days.2),
            "last_surveillance_date": surveillance.map(|s| date(days.0 + s)),
            "soa_reference": soa,
        });
        serde_json::from_value(record).expect("a record")
    }
}

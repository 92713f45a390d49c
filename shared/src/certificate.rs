//! A certificate record as a registry holds it: who certified whom, under which accreditation,
//! against which edition of ISO/IEC 27001, for which scope and sites, and for how long.
//!
//! The JSON form is the registry's import and API format (one object per line of a JSON Lines
//! import). Unknown fields are refused so that a misspelt field is an error, not silently lost.
//! [`CertificateRecord::validate`] checks what serde cannot: required texts not empty, country
//! codes, the shape of an LEI, date order and sizes. The edition is read as certificates print
//! it ([`Standard::parse`]) and stored under its canonical name.

mod identifiers;
mod standard;

use serde::{Deserialize, Serialize};

use crate::date::Date;

pub use identifiers::{
    Identifiers, LeiError, check_lei, identifier_key, identifier_label, same_identifier,
};
pub use standard::{Standard, StandardError};

/// The longest scope text accepted (characters). Real scopes are a few hundred characters.
pub const MAX_SCOPE_CHARS: usize = 20_000;
/// The most sites one record may list.
pub const MAX_SITES: usize = 500;
/// The longest short text (number, names, identifiers, address) accepted (characters).
pub const MAX_SHORT_CHARS: usize = 500;

/// The certification status as the certification body publishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    /// In force.
    Active,
    /// Temporarily not valid (for example after a missed surveillance audit).
    Suspended,
    /// Withdrawn by the certification body.
    Withdrawn,
    /// Cancelled at the holder's request.
    Cancelled,
    /// Ran out without recertification.
    Expired,
}

impl CertificateStatus {
    /// Every status, in the order above.
    pub const ALL: [CertificateStatus; 5] = [
        CertificateStatus::Active,
        CertificateStatus::Suspended,
        CertificateStatus::Withdrawn,
        CertificateStatus::Cancelled,
        CertificateStatus::Expired,
    ];

    /// The status as written in records: `active`, `suspended`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateStatus::Active => "active",
            CertificateStatus::Suspended => "suspended",
            CertificateStatus::Withdrawn => "withdrawn",
            CertificateStatus::Cancelled => "cancelled",
            CertificateStatus::Expired => "expired",
        }
    }

    /// Parses a status, ignoring case and surrounding spaces.
    pub fn parse(text: &str) -> Option<CertificateStatus> {
        let lower = text.trim().to_ascii_lowercase();
        CertificateStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == lower)
    }
}

/// The certified legal entity, named exactly as on the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// The legal name as printed on the certificate.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code of the entity (`IE`).
    pub country: String,
    /// Registry identifiers.
    #[serde(default)]
    pub identifiers: Identifiers,
}

/// One certified site, optionally with its own scope text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The site's name ("Head office", "Dublin data centre").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Street address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// What this site does within the certified scope, when the certificate says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// One ISO/IEC 27001 certificate as the registry stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateRecord {
    /// The number printed on the certificate; unique per certification body.
    pub certificate_number: String,
    /// The certification body that issued it.
    pub certification_body: String,
    /// The body that accredits the certification body; `null` when unaccredited.
    pub accreditation_body: Option<String>,
    /// The edition certified against.
    pub standard: Standard,
    /// Status as published by the certification body.
    pub status: CertificateStatus,
    /// The certified legal entity.
    pub entity: Entity,
    /// The scope statement, free text, exactly as on the certificate.
    pub scope: String,
    /// Certified sites; empty when the record does not list them.
    #[serde(default)]
    pub sites: Vec<Site>,
    /// First certification of this management system.
    pub original_issue_date: Date,
    /// Issue date of the current certificate.
    pub issue_date: Date,
    /// Printed expiry date.
    pub expiry_date: Date,
    /// Date of the last surveillance audit, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_surveillance_date: Option<Date>,
    /// Reference of the Statement of Applicability named on the certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soa_reference: Option<String>,
}

/// One problem found by [`CertificateRecord::validate`]: the wire contract's field error, with
/// a pointer into the record (`/entity/country`).
pub use crate::wire::FieldError;

impl CertificateRecord {
    /// Checks the record beyond its JSON shape. Returns every problem found, not only the first.
    ///
    /// Refused: empty certificate number, certification body, accreditation body (when given),
    /// entity name or scope; country codes that are not two upper-case ASCII letters; an LEI
    /// without the shape and check digits of ISO 17442 ([`check_lei`]); an issue
    /// date before the original issue date; an expiry date not after the issue date; texts over
    /// the size limits. A long validity period is not refused here: verification reports it.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut error = |pointer: &str, detail: String| {
            errors.push(FieldError {
                pointer: pointer.to_string(),
                detail,
            });
        };
        let short_texts = [
            ("/certificate_number", Some(&self.certificate_number)),
            ("/certification_body", Some(&self.certification_body)),
            ("/accreditation_body", self.accreditation_body.as_ref()),
            ("/entity/name", Some(&self.entity.name)),
        ];
        for (pointer, value) in short_texts {
            if let Some(value) = value {
                if value.trim().is_empty() {
                    error(pointer, "must not be empty".to_string());
                } else if value.chars().count() > MAX_SHORT_CHARS {
                    error(pointer, format!("longer than {MAX_SHORT_CHARS} characters"));
                }
            }
        }
        for (kind, value) in self.entity.identifiers.present() {
            let pointer = format!("/entity/identifiers/{kind}");
            if value.trim().is_empty() || value.chars().count() > MAX_SHORT_CHARS {
                error(
                    &pointer,
                    format!("must be 1 to {MAX_SHORT_CHARS} characters"),
                );
            } else if kind == "lei"
                && let Err(problem) = check_lei(value)
            {
                error(&pointer, problem.to_string());
            }
        }
        if self.scope.trim().is_empty() {
            error("/scope", "must not be empty".to_string());
        } else if self.scope.chars().count() > MAX_SCOPE_CHARS {
            error(
                "/scope",
                format!("longer than {MAX_SCOPE_CHARS} characters"),
            );
        }
        if !is_country_code(&self.entity.country) {
            error("/entity/country", country_detail(&self.entity.country));
        }
        if self.sites.len() > MAX_SITES {
            error("/sites", format!("more than {MAX_SITES} sites"));
        }
        for (i, site) in self.sites.iter().enumerate() {
            if !is_country_code(&site.country) {
                error(
                    &format!("/sites/{i}/country"),
                    country_detail(&site.country),
                );
            }
            let texts = [
                ("name", &site.name, MAX_SHORT_CHARS),
                ("address", &site.address, MAX_SHORT_CHARS),
                ("city", &site.city, MAX_SHORT_CHARS),
                ("scope", &site.scope, MAX_SCOPE_CHARS),
            ];
            for (field, value, max) in texts {
                if let Some(value) = value
                    && (value.trim().is_empty() || value.chars().count() > max)
                {
                    error(
                        &format!("/sites/{i}/{field}"),
                        format!("must be 1 to {max} characters when given"),
                    );
                }
            }
        }
        if self.issue_date < self.original_issue_date {
            error(
                "/issue_date",
                format!(
                    "issue date {} is before the original issue date {}",
                    self.issue_date, self.original_issue_date
                ),
            );
        }
        if self.expiry_date <= self.issue_date {
            error(
                "/expiry_date",
                format!(
                    "expiry date {} is not after the issue date {}",
                    self.expiry_date, self.issue_date
                ),
            );
        }
        if let Some(reference) = &self.soa_reference
            && reference.chars().count() > MAX_SHORT_CHARS
        {
            error(
                "/soa_reference",
                format!("longer than {MAX_SHORT_CHARS} characters"),
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// True for two upper-case ASCII letters, the shape of an ISO 3166-1 alpha-2 code.
pub fn is_country_code(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase())
}

fn country_detail(value: &str) -> String {
    let shown: String = value.chars().take(20).collect();
    format!("'{shown}' is not an ISO 3166-1 alpha-2 country code (two upper-case letters, e.g. IE)")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"{
        "certificate_number": "IS 712345",
        "certification_body": "Example Certification Ltd",
        "accreditation_body": "UKAS",
        "standard": "ISO/IEC 27001:2022",
        "status": "active",
        "entity": {"name": "Acme Payroll Ltd", "country": "IE",
                   "identifiers": {"vat": "IE6388047V"}},
        "scope": "Payroll software as a service.",
        "sites": [{"city": "Dublin", "country": "IE"}],
        "original_issue_date": "2019-05-01",
        "issue_date": "2025-05-01",
        "expiry_date": "2028-04-30"
    }"#;

    #[test]
    fn reads_the_issue_json_and_writes_it_back() {
        let record: CertificateRecord = serde_json::from_str(RECORD).unwrap();
        assert_eq!(record.standard, Standard::Iso27001_2022);
        assert_eq!(record.entity.identifiers.vat.as_deref(), Some("IE6388047V"));
        assert!(record.validate().is_ok());
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(json["standard"], "ISO/IEC 27001:2022");
        assert_eq!(json["status"], "active");
        assert!(json.get("last_surveillance_date").is_none());
        let again: CertificateRecord = serde_json::from_value(json).unwrap();
        assert_eq!(again, record);
    }

    #[test]
    fn null_accreditation_body_is_kept_as_null() {
        let json = RECORD.replace("\"UKAS\"", "null");
        let record: CertificateRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(record.accreditation_body, None);
        let out = serde_json::to_value(&record).unwrap();
        assert!(out["accreditation_body"].is_null());
    }

    #[test]
    fn refuses_unknown_fields_and_unknown_editions() {
        let extra = RECORD.replace("\"scope\":", "\"scop\": \"x\", \"scope\":");
        assert!(serde_json::from_str::<CertificateRecord>(&extra).is_err());
        let edition = RECORD.replace("27001:2022", "27001:2005");
        assert!(serde_json::from_str::<CertificateRecord>(&edition).is_err());
    }

    #[test]
    fn validate_reports_every_problem_with_a_pointer() {
        let mut record: CertificateRecord = serde_json::from_str(RECORD).unwrap();
        record.entity.country = "Ireland".into();
        record.sites[0].country = "ie".into();
        record.scope = "  ".into();
        record.expiry_date = record.issue_date;
        let errors = record.validate().unwrap_err();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/scope",
                "/entity/country",
                "/sites/0/country",
                "/expiry_date"
            ]
        );
    }

    #[test]
    fn parses_loose_spellings_of_standard_and_status() {
        assert_eq!(
            Standard::parse("ISO 27001:2013"),
            Ok(Standard::Iso27001_2013)
        );
        assert_eq!(
            Standard::parse("iso/iec 27001:2022"),
            Ok(Standard::Iso27001_2022)
        );
        assert!(Standard::parse("27001").is_err());
        assert_eq!(
            CertificateStatus::parse(" Suspended "),
            Some(CertificateStatus::Suspended)
        );
        assert_eq!(CertificateStatus::parse("draft"), None);
    }

    #[test]
    fn a_record_printed_with_the_amendment_is_stored_as_the_edition() {
        let printed = RECORD.replace(
            "\"ISO/IEC 27001:2022\"",
            "\"ISO/IEC 27001:2022/Amd 1:2024\"",
        );
        let record: CertificateRecord = serde_json::from_str(&printed).unwrap();
        assert_eq!(record.standard, Standard::Iso27001_2022);
        assert_eq!(
            serde_json::to_value(&record).unwrap()["standard"],
            "ISO/IEC 27001:2022"
        );
        let european = RECORD.replace("ISO/IEC 27001:2022", "EN ISO/IEC 27001:2017");
        let record: CertificateRecord = serde_json::from_str(&european).unwrap();
        assert_eq!(record.standard, Standard::Iso27001_2013);
        let nonsense = RECORD.replace("ISO/IEC 27001:2022", "ISO/IEC 27001:2022 gold edition");
        let error = serde_json::from_str::<CertificateRecord>(&nonsense).unwrap_err();
        assert!(
            error.to_string().contains("EN ISO/IEC 27001:2023"),
            "{error}"
        );
    }

    #[test]
    fn an_lei_is_imported_when_its_check_digits_hold() {
        let with_lei = RECORD.replace(
            "{\"vat\": \"IE6388047V\"}",
            "{\"vat\": \"IE6388047V\", \"lei\": \"984500ACMEPAYROLL004\"}",
        );
        let record: CertificateRecord = serde_json::from_str(&with_lei).unwrap();
        assert_eq!(
            record.entity.identifiers.lei.as_deref(),
            Some("984500ACMEPAYROLL004")
        );
        assert!(record.validate().is_ok());
        assert_eq!(
            serde_json::to_value(&record).unwrap()["entity"]["identifiers"]["lei"],
            "984500ACMEPAYROLL004"
        );
        let mistyped = with_lei.replace("984500ACMEPAYROLL004", "984500ACMEPAYR0LL004");
        let record: CertificateRecord = serde_json::from_str(&mistyped).unwrap();
        let errors = record.validate().unwrap_err();
        assert_eq!(errors[0].pointer, "/entity/identifiers/lei");
        assert!(
            errors[0].detail.contains("check digits"),
            "{}",
            errors[0].detail
        );
        let short = with_lei.replace("984500ACMEPAYROLL004", "984500ACME");
        let record: CertificateRecord = serde_json::from_str(&short).unwrap();
        assert!(
            record.validate().unwrap_err()[0]
                .detail
                .contains("20 characters")
        );
    }
}

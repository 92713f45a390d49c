//! The CSV form of a certificate record: the JSON fields flattened into columns.
//!
//! | column | JSON field |
//! |---|---|
//! | `certificate_number`, `certification_body`, `scope`, `standard`, `status` | same name (standard as printed: `ISO/IEC 27001:2022`, `ISO/IEC 27001:2022/Amd 1:2024`, `EN ISO/IEC 27001:2023`, `2022`, `ISO 27001:2013` …, stored as the edition; status any case) |
//! | `accreditation_body` | same; empty = `null` (unaccredited) |
//! | `entity_name`, `entity_country` | `entity.name`, `entity.country` |
//! | `vat`, `duns`, `registration_number`, `lei` | `entity.identifiers.*`; empty = absent; `lei` is optional in the header |
//! | `original_issue_date`, `issue_date`, `expiry_date`, `last_surveillance_date` | same, `YYYY-MM-DD`; the last may be empty |
//! | `soa_reference` | same; may be empty |
//! | `site_N_name`, `site_N_address`, `site_N_city`, `site_N_country`, `site_N_scope` | `sites[N-1].*`, N = 1, 2, …; a site whose columns are all empty is absent |
//!
//! Columns may come in any order; an unknown column rejects the file at its header, so a typo
//! cannot silently drop data.

use annexa_shared::{
    CertificateRecord, CertificateStatus, Date, Entity, Identifiers, Site, Standard,
};

/// The certificate holder's columns: the same names in an import file and in a batch check.
pub const ENTITY_COLUMNS: [&str; 6] = [
    "entity_name",
    "entity_country",
    "vat",
    "duns",
    "registration_number",
    "lei",
];

/// The fixed columns, in the order written.
pub const COLUMNS: [&str; 17] = concat_columns(
    [
        "certificate_number",
        "certification_body",
        "accreditation_body",
        "standard",
        "status",
    ],
    ENTITY_COLUMNS,
    [
        "scope",
        "original_issue_date",
        "issue_date",
        "expiry_date",
        "last_surveillance_date",
        "soa_reference",
    ],
);

/// `before`, then `middle`, then `after`, as one list of column names (for constants; the
/// lengths must add up, which the compiler checks).
pub const fn concat_columns<const A: usize, const B: usize, const C: usize, const N: usize>(
    before: [&'static str; A],
    middle: [&'static str; B],
    after: [&'static str; C],
) -> [&'static str; N] {
    assert!(
        A + B + C == N,
        "the column lists do not add up to the whole"
    );
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < A {
            before[i]
        } else if i < A + B {
            middle[i - A]
        } else {
            after[i - A - B]
        };
        i += 1;
    }
    out
}

const SITE_FIELDS: [&str; 5] = ["name", "address", "city", "country", "scope"];
const REQUIRED: [&str; 10] = [
    "certificate_number",
    "certification_body",
    "standard",
    "status",
    "entity_name",
    "entity_country",
    "scope",
    "original_issue_date",
    "issue_date",
    "expiry_date",
];

/// A checked CSV header.
#[derive(Debug, Clone)]
pub struct Header {
    names: Vec<String>,
    sites: usize,
}

impl Header {
    /// Checks the header row: known columns only, no duplicates, every required column present.
    pub fn parse(fields: Vec<String>) -> Result<Header, String> {
        let names: Vec<String> = fields.into_iter().map(|f| f.trim().to_string()).collect();
        let mut sites = 0;
        for (i, name) in names.iter().enumerate() {
            if names[..i].contains(name) {
                return Err(format!("column '{name}' appears twice"));
            }
            if COLUMNS.contains(&name.as_str()) {
                continue;
            }
            let site = name
                .strip_prefix("site_")
                .and_then(|rest| rest.split_once('_'))
                .and_then(|(n, field)| Some((n.parse::<usize>().ok()?, field)))
                .filter(|(n, field)| *n >= 1 && *n <= 100 && SITE_FIELDS.contains(field));
            match site {
                Some((n, _)) => sites = sites.max(n),
                None => return Err(format!("unknown column '{name}'")),
            }
        }
        if let Some(missing) = REQUIRED.iter().find(|r| !names.iter().any(|n| n == *r)) {
            return Err(format!("required column '{missing}' is missing"));
        }
        Ok(Header { names, sites })
    }

    /// The record in a data row.
    pub fn record(&self, fields: &[String]) -> Result<CertificateRecord, String> {
        if fields.len() != self.names.len() {
            return Err(format!(
                "{} fields where the header has {} columns",
                fields.len(),
                self.names.len()
            ));
        }
        let get = |name: &str| -> Option<String> {
            self.names
                .iter()
                .position(|n| n == name)
                .map(|i| fields[i].trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let text = |name: &str| get(name).ok_or_else(|| format!("{name}: must not be empty"));
        let date = |name: &str| -> Result<Option<Date>, String> {
            get(name)
                .map(|v| v.parse::<Date>().map_err(|e| format!("{name}: {e}")))
                .transpose()
        };
        let required_date =
            |name: &str| date(name)?.ok_or_else(|| format!("{name}: must not be empty"));
        let standard_text = text("standard")?;
        let standard = Standard::parse(&standard_text).map_err(|e| format!("standard: {e}"))?;
        let status_text = text("status")?;
        let status = CertificateStatus::parse(&status_text).ok_or_else(|| {
            format!(
                "status: '{status_text}' is not one of active, suspended, withdrawn, cancelled, \
                 expired"
            )
        })?;
        let mut sites = Vec::new();
        for n in 1..=self.sites {
            let field = |f: &str| get(&format!("site_{n}_{f}"));
            let site = Site {
                name: field("name"),
                address: field("address"),
                city: field("city"),
                country: field("country").unwrap_or_default(),
                scope: field("scope"),
            };
            if site != Site::default() {
                if site.country.is_empty() {
                    return Err(format!(
                        "site_{n}_country: must not be empty for a listed site"
                    ));
                }
                sites.push(site);
            }
        }
        Ok(CertificateRecord {
            certificate_number: text("certificate_number")?,
            certification_body: text("certification_body")?,
            accreditation_body: get("accreditation_body"),
            standard,
            status,
            entity: Entity {
                name: text("entity_name")?,
                country: text("entity_country")?,
                identifiers: Identifiers {
                    vat: get("vat"),
                    duns: get("duns"),
                    registration_number: get("registration_number"),
                    lei: get("lei"),
                },
            },
            scope: text("scope")?,
            sites,
            original_issue_date: required_date("original_issue_date")?,
            issue_date: required_date("issue_date")?,
            expiry_date: required_date("expiry_date")?,
            last_surveillance_date: date("last_surveillance_date")?,
            soa_reference: get("soa_reference"),
        })
    }
}

/// The header for records with up to `sites` sites each.
pub fn header(sites: usize) -> Vec<String> {
    let mut names: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    for n in 1..=sites {
        names.extend(SITE_FIELDS.iter().map(|f| format!("site_{n}_{f}")));
    }
    names
}

/// The fields of `record` under [`header`]`(sites)`.
pub fn fields(record: &CertificateRecord, sites: usize) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let ids = &record.entity.identifiers;
    let mut out = vec![
        record.certificate_number.clone(),
        record.certification_body.clone(),
        opt(&record.accreditation_body),
        record.standard.as_str().to_string(),
        record.status.as_str().to_string(),
        record.entity.name.clone(),
        record.entity.country.clone(),
        opt(&ids.vat),
        opt(&ids.duns),
        opt(&ids.registration_number),
        opt(&ids.lei),
        record.scope.clone(),
        record.original_issue_date.to_string(),
        record.issue_date.to_string(),
        record.expiry_date.to_string(),
        record
            .last_surveillance_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
        opt(&record.soa_reference),
    ];
    for n in 0..sites {
        match record.sites.get(n) {
            Some(site) => out.extend([
                opt(&site.name),
                opt(&site.address),
                opt(&site.city),
                site.country.clone(),
                opt(&site.scope),
            ]),
            None => out.extend(std::iter::repeat_n(String::new(), SITE_FIELDS.len())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::demo;

    #[test]
    fn records_round_trip_through_csv_fields() {
        for record in demo::records(0, 50) {
            let header = Header::parse(header(3)).unwrap();
            let back = header.record(&fields(&record, 3)).unwrap();
            assert_eq!(back, record);
        }
    }

    #[test]
    fn lei_and_printed_standards_are_read_and_the_lei_column_is_optional() {
        let mut record = demo::records(0, 1).next().unwrap();
        record.entity.identifiers.lei = Some("529900FJORDTRAVEL043".into());
        let header = Header::parse(header(1)).unwrap();
        let mut row = fields(&record, 1);
        assert_eq!(header.record(&row).unwrap(), record);
        // The standard as printed on the certificate is stored as the edition.
        let standard = COLUMNS.iter().position(|c| *c == "standard").unwrap();
        row[standard] = "ISO/IEC 27001:2022 + A1:2024".into();
        record.standard = Standard::Iso27001_2022;
        assert_eq!(header.record(&row).unwrap(), record);
        row[standard] = "ISO/IEC 27001:2019".into();
        let error = header.record(&row).unwrap_err();
        assert!(
            error.starts_with("standard: 'ISO/IEC 27001:2019'") && error.contains("Amd 1:2024"),
            "{error}"
        );
        // A file written before the lei column existed is still accepted.
        let lei = COLUMNS.iter().position(|c| *c == "lei").unwrap();
        let mut old_names = super::header(1);
        old_names.remove(lei);
        let old = Header::parse(old_names).unwrap();
        let mut old_row = fields(&record, 1);
        old_row.remove(lei);
        record.entity.identifiers.lei = None;
        assert_eq!(old.record(&old_row).unwrap(), record);
    }

    #[test]
    fn header_refuses_unknown_and_missing_columns() {
        let mut names = header(1);
        names.push("colour".into());
        assert_eq!(Header::parse(names).unwrap_err(), "unknown column 'colour'");
        let names: Vec<String> = header(0).into_iter().filter(|n| n != "scope").collect();
        assert_eq!(
            Header::parse(names).unwrap_err(),
            "required column 'scope' is missing"
        );
    }
}

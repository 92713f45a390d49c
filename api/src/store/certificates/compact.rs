//! The stored form of a record: a JSON array in a fixed field order instead of an object, which
//! saves the field names (about a quarter of a record) at millions of rows. Only this store reads
//! it; the API and imports always speak the record's JSON object form.
//!
//! `[1, number, body, accreditation|null, standard, status, [name, country, vat|null,
//! duns|null, registration|null(, lei)], scope, [[name|null, address|null, city|null, country,
//! scope|null], …], original_issue_date, issue_date, expiry_date, last_surveillance|null,
//! soa_reference|null]` — the leading 1 is the format version. The entity's sixth element, the
//! LEI, is written only when there is one, so rows stored before LEIs existed read unchanged.

use std::borrow::Cow;

use annexa_shared::{
    CertificateRecord, CertificateStatus, Date, Entity, Identifiers, Site, Standard,
};

/// The stored text of `record`. Serialised straight from the record's fields: the same text
/// as building a `serde_json::Value` first, without copying every string into it (the copies
/// were a good part of an import's time in malloc and free).
pub fn encode(record: &CertificateRecord) -> String {
    // Strings, options, numbers and sequences of them always serialise.
    serde_json::to_string(&Stored(record)).unwrap_or_default()
}

/// A record in its stored form (the module docs give the order).
struct Stored<'a>(&'a CertificateRecord);

impl serde::Serialize for Stored<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let record = self.0;
        let entity = &record.entity;
        let ids = &entity.identifiers;
        let mut seq = serializer.serialize_seq(Some(14))?;
        seq.serialize_element(&1)?;
        seq.serialize_element(&record.certificate_number)?;
        seq.serialize_element(&record.certification_body)?;
        seq.serialize_element(&record.accreditation_body)?;
        seq.serialize_element(record.standard.as_str())?;
        seq.serialize_element(record.status.as_str())?;
        let common = (
            &entity.name,
            &entity.country,
            &ids.vat,
            &ids.duns,
            &ids.registration_number,
        );
        match &ids.lei {
            None => seq.serialize_element(&common)?,
            Some(lei) => {
                let (name, country, vat, duns, registration) = common;
                seq.serialize_element(&(name, country, vat, duns, registration, lei))?
            }
        }
        seq.serialize_element(&record.scope)?;
        let sites: Vec<_> = record
            .sites
            .iter()
            .map(|s| (&s.name, &s.address, &s.city, &s.country, &s.scope))
            .collect();
        seq.serialize_element(&sites)?;
        seq.serialize_element(&record.original_issue_date.to_string())?;
        seq.serialize_element(&record.issue_date.to_string())?;
        seq.serialize_element(&record.expiry_date.to_string())?;
        seq.serialize_element(&record.last_surveillance_date.map(|d| d.to_string()))?;
        seq.serialize_element(&record.soa_reference)?;
        seq.end()
    }
}

/// The stored form as serde reads it: each array in its fixed order, straight into owned
/// strings (reading a `serde_json::Value` first copied every string twice). The standard, the
/// status and the dates are only parsed: borrowed from the stored text unless written with an
/// escape. serde_json refuses an array with elements missing or left over.
#[derive(serde::Deserialize)]
struct StoredForm<'a>(
    u32,
    String,
    String,
    Option<String>,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    EntityForm,
    String,
    Vec<SiteForm>,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Option<Cow<'a, str>>,
    Option<String>,
);

/// `[name, country, vat, duns, registration(, lei)]`: rows stored before LEIs existed have five.
#[derive(serde::Deserialize)]
struct EntityForm(
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    #[serde(default)] Option<String>,
);

/// `[name, address, city, country, scope]`.
#[derive(serde::Deserialize)]
struct SiteForm(
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
);

fn date(text: &str) -> Result<Date, String> {
    text.parse()
        .map_err(|e: annexa_shared::date::DateError| e.to_string())
}

/// The record stored as `stored`.
pub fn decode(stored: &str) -> Result<CertificateRecord, String> {
    let StoredForm(
        version,
        certificate_number,
        certification_body,
        accreditation_body,
        standard,
        status,
        EntityForm(name, country, vat, duns, registration_number, lei),
        scope,
        sites,
        original_issue_date,
        issue_date,
        expiry_date,
        last_surveillance_date,
        soa_reference,
    ) = serde_json::from_str(stored).map_err(|e| e.to_string())?;
    if version != 1 {
        return Err("unknown stored record version".into());
    }
    Ok(CertificateRecord {
        certificate_number,
        certification_body,
        accreditation_body,
        standard: Standard::parse(&standard).map_err(|e| e.to_string())?,
        status: CertificateStatus::parse(&status).ok_or("unknown status")?,
        entity: Entity {
            name,
            country,
            identifiers: Identifiers {
                vat,
                duns,
                registration_number,
                lei,
            },
        },
        scope,
        sites: sites
            .into_iter()
            .map(|SiteForm(name, address, city, country, scope)| Site {
                name,
                address,
                city,
                country,
                scope,
            })
            .collect(),
        original_issue_date: date(&original_issue_date)?,
        issue_date: date(&issue_date)?,
        expiry_date: date(&expiry_date)?,
        last_surveillance_date: last_surveillance_date.as_deref().map(date).transpose()?,
        soa_reference,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::demo;
    use serde_json::{Value, json};

    /// The stored text as it was first written (through a `serde_json::Value`): rows stored
    /// before `encode` serialised straight from the record are byte-for-byte what it writes now.
    fn encode_through_value(record: &CertificateRecord) -> String {
        let ids = &record.entity.identifiers;
        let mut entity = json!([
            record.entity.name,
            record.entity.country,
            ids.vat,
            ids.duns,
            ids.registration_number
        ]);
        if let (Some(lei), Value::Array(fields)) = (&ids.lei, &mut entity) {
            fields.push(json!(lei));
        }
        let sites: Vec<Value> = record
            .sites
            .iter()
            .map(|s| json!([s.name, s.address, s.city, s.country, s.scope]))
            .collect();
        json!([
            1,
            record.certificate_number,
            record.certification_body,
            record.accreditation_body,
            record.standard.as_str(),
            record.status.as_str(),
            entity,
            record.scope,
            sites,
            record.original_issue_date.to_string(),
            record.issue_date.to_string(),
            record.expiry_date.to_string(),
            record.last_surveillance_date.map(|d| d.to_string()),
            record.soa_reference,
        ])
        .to_string()
    }

    #[test]
    fn writes_the_same_text_as_before() {
        for mut record in demo::records(0, 300) {
            record.scope.push_str(" \"quoted\", tab\t, é");
            assert_eq!(encode(&record), encode_through_value(&record));
            record.entity.identifiers.lei = Some("529900FJORDTRAVEL043".into());
            assert_eq!(encode(&record), encode_through_value(&record));
        }
    }

    #[test]
    fn round_trips_and_is_smaller_than_the_object_form() {
        for record in demo::records(0, 200) {
            let stored = encode(&record);
            assert_eq!(decode(&stored).unwrap(), record);
            assert!(stored.len() < serde_json::to_string(&record).unwrap().len() * 4 / 5);
        }
        assert!(decode("[2]").is_err());
        assert!(decode("{}").is_err());
        // Another version, an element missing or left over, a site of the wrong length.
        let stored = encode(&demo::records(0, 1).next().unwrap());
        assert!(decode(&stored.replacen("[1,", "[2,", 1)).is_err());
        let mut fields: Vec<Value> = serde_json::from_str(&stored).unwrap();
        fields.push(Value::Null);
        assert!(decode(&Value::from(fields.clone()).to_string()).is_err());
        fields.truncate(13);
        assert!(decode(&Value::from(fields).to_string()).is_err());
        let mut fields: Vec<Value> = serde_json::from_str(&stored).unwrap();
        fields[8] = json!([["a", null, "Dublin", "IE"]]);
        assert!(decode(&Value::from(fields).to_string()).is_err());
        // The parsed fields (standard, status, dates) read the same written with escapes.
        let record = demo::records(0, 1).next().unwrap();
        let stored = encode(&record);
        let escaped = stored
            .replace("\"ISO/IEC", "\"\\u0049SO\\/IEC")
            .replace("\"active\"", "\"\\u0061ctive\"")
            .replace("\"20", "\"\\u00320");
        assert_ne!(escaped, stored);
        assert_eq!(decode(&escaped).unwrap(), record);
    }

    #[test]
    fn an_lei_is_stored_only_when_present_and_old_rows_still_read() {
        let mut record = demo::records(0, 1).next().unwrap();
        let without = encode(&record);
        record.entity.identifiers.lei = Some("529900FJORDTRAVEL043".into());
        let with = encode(&record);
        assert!(with.contains("\"529900FJORDTRAVEL043\"]"), "{with}");
        assert_eq!(decode(&with).unwrap(), record);
        // A row written before LEIs existed (five entity fields) reads without one.
        record.entity.identifiers.lei = None;
        assert_eq!(decode(&without).unwrap(), record);
    }
}

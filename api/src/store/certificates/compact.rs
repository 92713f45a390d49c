//! The stored form of a record: a JSON array in a fixed field order instead of an object, which
//! saves the field names (about a quarter of a record) at millions of rows. Only this store reads
//! it; the API and imports always speak the record's JSON object form.
//!
//! `[2, number, body, accreditation|null, edition, status, [name, country, vat|null,
//! duns|null, registration|null(, lei)], scope, [[name|null, address|null, city|null, country,
//! scope|null], …], original_issue_date, issue_date, expiry_date, last_surveillance|null,
//! soa_reference|null]` — the leading 2 is the format version. The edition of the standard is
//! its year (`2022`, `2013`) and each date a number that reads as the date, `20270105` for
//! 2027-01-05: less room than `"ISO/IEC 27001:2022"` and `"2027-01-05"`, 28 to 32 bytes a
//! record (docs/BENCHMARKS.md, "twenty-fifth round"). The entity's sixth element, the LEI, is
//! written only when there is one, so rows stored before LEIs existed read unchanged.
//!
//! Rows written before are version 1, read as they are: the same array with the standard's
//! name and the dates as strings (`"ISO/IEC 27001:2022"`, `"2027-01-05"`). A row is written in
//! version 2 the next time it changes.

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
        seq.serialize_element(&VERSION)?;
        seq.serialize_element(&record.certificate_number)?;
        seq.serialize_element(&record.certification_body)?;
        seq.serialize_element(&record.accreditation_body)?;
        seq.serialize_element(&edition(record.standard))?;
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
        seq.serialize_element(&date_number(record.original_issue_date))?;
        seq.serialize_element(&date_number(record.issue_date))?;
        seq.serialize_element(&date_number(record.expiry_date))?;
        seq.serialize_element(&record.last_surveillance_date.map(date_number))?;
        seq.serialize_element(&record.soa_reference)?;
        seq.end()
    }
}

/// The format [`encode`] writes (module docs).
const VERSION: u32 = 2;

/// The edition's year, as version 2 stores the standard.
fn edition(standard: Standard) -> u16 {
    match standard {
        Standard::Iso27001_2022 => 2022,
        Standard::Iso27001_2013 => 2013,
    }
}

/// The standard version 2 stores as `year`.
fn of_edition(year: u64) -> Option<Standard> {
    match year {
        2022 => Some(Standard::Iso27001_2022),
        2013 => Some(Standard::Iso27001_2013),
        _ => None,
    }
}

/// `date` as version 2 stores it: `yyyymmdd` as a number (years are 1 to 9999).
fn date_number(date: Date) -> u32 {
    date.year().unsigned_abs() * 10_000 + u32::from(date.month()) * 100 + u32::from(date.day())
}

/// The date version 2 stores as `number`, if it is one.
fn of_date_number(number: u64) -> Option<Date> {
    let year = i32::try_from(number / 10_000).ok()?;
    // Both below 100.
    Date::new(year, (number / 100 % 100) as u8, (number % 100) as u8)
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
    #[serde(borrow)] Field<'a>,
    #[serde(borrow)] Cow<'a, str>,
    EntityForm,
    String,
    Vec<SiteForm>,
    #[serde(borrow)] Field<'a>,
    #[serde(borrow)] Field<'a>,
    #[serde(borrow)] Field<'a>,
    #[serde(borrow)] Option<Field<'a>>,
    Option<String>,
);

/// The standard or a date: a string in version 1, a number in version 2.
enum Field<'a> {
    Text(Cow<'a, str>),
    Number(u64),
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Field<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Field<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a whole number")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Field<'de>, E> {
                Ok(Field::Text(Cow::Borrowed(text)))
            }
            fn visit_str<E>(self, text: &str) -> Result<Field<'de>, E> {
                Ok(Field::Text(Cow::Owned(text.to_owned())))
            }
            fn visit_u64<E>(self, number: u64) -> Result<Field<'de>, E> {
                Ok(Field::Number(number))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl Field<'_> {
    /// The standard this field stores in format `version`.
    fn standard(&self, version: u32) -> Result<Standard, String> {
        match (version, self) {
            (1, Field::Text(text)) => Standard::parse(text).map_err(|e| e.to_string()),
            (2, Field::Number(year)) => {
                of_edition(*year).ok_or_else(|| format!("unknown edition {year}"))
            }
            _ => Err("the standard is not stored as its version says".into()),
        }
    }

    /// The date this field stores in format `version`.
    fn date(&self, version: u32) -> Result<Date, String> {
        match (version, self) {
            (1, Field::Text(text)) => date(text),
            (2, Field::Number(number)) => {
                of_date_number(*number).ok_or_else(|| format!("no such date: {number}"))
            }
            _ => Err("a date is not stored as its version says".into()),
        }
    }
}

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

/// The record stored as `stored`. Read directly ([`plain::record`]) when the text is exactly
/// what [`encode`] writes with no escape in it — almost every record: serde_json's reading was
/// a fifth of the lookup of a certificate not kept in memory — and through serde_json
/// otherwise, which gives the same record or says what is wrong.
pub fn decode(stored: &str) -> Result<CertificateRecord, String> {
    match plain::record(stored) {
        Some(record) => Ok(record),
        None => decode_with_serde(stored),
    }
}

/// [`decode`] through serde_json: any stored form JSON allows (escapes, spaces), and the reason
/// a text is not one.
fn decode_with_serde(stored: &str) -> Result<CertificateRecord, String> {
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
    if !(1..=VERSION).contains(&version) {
        return Err("unknown stored record version".into());
    }
    Ok(CertificateRecord {
        certificate_number,
        certification_body,
        accreditation_body,
        standard: standard.standard(version)?,
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
        original_issue_date: original_issue_date.date(version)?,
        issue_date: issue_date.date(version)?,
        expiry_date: expiry_date.date(version)?,
        last_surveillance_date: last_surveillance_date
            .map(|d| d.date(version))
            .transpose()?,
        soa_reference,
    })
}

/// The stored form read without a JSON parser, for texts written as [`encode`] writes them
/// (or wrote them in version 1) when no string needs an escape: no spaces, `null`, a string or
/// a number in each place. Anything else — an escape or a control character anywhere, another
/// shape, a value the record refuses — is `None`, for serde_json to read (or refuse) instead.
mod plain {
    use annexa_shared::{
        CertificateRecord, CertificateStatus, Date, Entity, Identifiers, Site, Standard,
    };

    /// The record `stored` holds, if it is in the plain form.
    pub(super) fn record(stored: &str) -> Option<CertificateRecord> {
        // One look at the whole text (no early exit, so it goes 16 or 32 bytes at a time):
        // with no escape and no control character, a string ends at its next quote.
        let unusual = |b: u8| b == b'\\' || b < 0x20;
        if stored.bytes().fold(false, |found, b| found | unusual(b)) {
            return None;
        }
        let mut text = Cursor {
            text: stored,
            at: 0,
        };
        let version_1 = text.expect(b"[1,").is_some();
        if !version_1 {
            text.expect(b"[2,")?;
        }
        let certificate_number = text.string()?.to_owned();
        text.expect(b",")?;
        let certification_body = text.string()?.to_owned();
        text.expect(b",")?;
        let accreditation_body = text.optional()?.map(str::to_owned);
        text.expect(b",")?;
        let standard = if version_1 {
            Standard::parse(text.string()?).ok()?
        } else {
            super::of_edition(text.number()?)?
        };
        text.expect(b",")?;
        let status = CertificateStatus::parse(text.string()?)?;
        text.expect(b",[")?;
        let name = text.string()?.to_owned();
        text.expect(b",")?;
        let country = text.string()?.to_owned();
        let mut ids = [None, None, None, None];
        for (n, id) in ids.iter_mut().enumerate() {
            // The LEI, the sixth element, is written only when there is one.
            if n == 3 && text.next_is(b']') {
                break;
            }
            text.expect(b",")?;
            *id = text.optional()?.map(str::to_owned);
        }
        let [vat, duns, registration_number, lei] = ids;
        text.expect(b"],")?;
        let scope = text.string()?.to_owned();
        text.expect(b",[")?;
        let mut sites = Vec::new();
        while !text.next_is(b']') {
            if !sites.is_empty() {
                text.expect(b",")?;
            }
            text.expect(b"[")?;
            let name = text.optional()?.map(str::to_owned);
            text.expect(b",")?;
            let address = text.optional()?.map(str::to_owned);
            text.expect(b",")?;
            let city = text.optional()?.map(str::to_owned);
            text.expect(b",")?;
            let country = text.string()?.to_owned();
            text.expect(b",")?;
            let scope = text.optional()?.map(str::to_owned);
            text.expect(b"]")?;
            sites.push(Site {
                name,
                address,
                city,
                country,
                scope,
            });
        }
        text.expect(b"],")?;
        let original_issue_date = text.date(version_1)?;
        text.expect(b",")?;
        let issue_date = text.date(version_1)?;
        text.expect(b",")?;
        let expiry_date = text.date(version_1)?;
        text.expect(b",")?;
        let last_surveillance_date = match text.expect(b"null") {
            Some(()) => None,
            None => Some(text.date(version_1)?),
        };
        text.expect(b",")?;
        let soa_reference = text.optional()?.map(str::to_owned);
        text.expect(b"]")?;
        (text.at == stored.len()).then_some(CertificateRecord {
            certificate_number,
            certification_body,
            accreditation_body,
            standard,
            status,
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
            sites,
            original_issue_date,
            issue_date,
            expiry_date,
            last_surveillance_date,
            soa_reference,
        })
    }

    /// A text and how far it has been read (always a char boundary: only ASCII is stepped
    /// over).
    struct Cursor<'a> {
        text: &'a str,
        at: usize,
    }

    impl<'a> Cursor<'a> {
        /// Steps over `bytes`, which must come next.
        fn expect(&mut self, bytes: &[u8]) -> Option<()> {
            let end = self.at + bytes.len();
            (self.text.as_bytes().get(self.at..end) == Some(bytes)).then(|| self.at = end)
        }

        fn next_is(&self, byte: u8) -> bool {
            self.text.as_bytes().get(self.at) == Some(&byte)
        }

        /// A string (the text holds no escape: it ends at the next quote).
        fn string(&mut self) -> Option<&'a str> {
            self.expect(b"\"")?;
            let start = self.at;
            let len = memchr::memchr(b'"', &self.text.as_bytes()[start..])?;
            self.at = start + len + 1;
            // Both ends are next to ASCII quotes: char boundaries.
            self.text.get(start..start + len)
        }

        /// A whole number as JSON writes it (no sign, no leading zero), of at most 9 digits.
        fn number(&mut self) -> Option<u64> {
            let digits = self.text.as_bytes()[self.at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let text = self.text.get(self.at..self.at + digits)?;
            if digits == 0 || digits > 9 || (digits > 1 && text.starts_with('0')) {
                return None;
            }
            self.at += digits;
            text.parse().ok()
        }

        /// A date: a string in version 1, a number in version 2 (module docs).
        fn date(&mut self, version_1: bool) -> Option<Date> {
            if version_1 {
                self.string()?.parse().ok()
            } else {
                super::of_date_number(self.number()?)
            }
        }

        /// `null`, or a string as [`Cursor::string`] reads it.
        fn optional(&mut self) -> Option<Option<&'a str>> {
            match self.expect(b"null") {
                Some(()) => Some(None),
                None => self.string().map(Some),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;
    use crate::registry::arbitrary::any_record;
    use crate::registry::demo;

    /// The stored text of version 1, as rows written before version 2 hold it (it was first
    /// written through a `serde_json::Value`, then straight from the record, byte for byte the
    /// same).
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
    fn rows_stored_in_version_1_read_as_before() {
        for mut record in demo::records(0, 300) {
            let stored = encode_through_value(&record);
            assert_eq!(plain::record(&stored).as_ref(), Some(&record), "{stored}");
            assert!(stored.len() >= encode(&record).len() + 28);
            record.scope.push_str(" \"quoted\", tab\t, é");
            assert_eq!(decode(&encode_through_value(&record)).unwrap(), record);
            record.entity.identifiers.lei = Some("529900FJORDTRAVEL043".into());
            assert_eq!(decode(&encode_through_value(&record)).unwrap(), record);
        }
    }

    #[test]
    fn the_edition_and_dates_are_stored_as_numbers_that_read_as_themselves() {
        let mut record = demo::records(0, 1).next().unwrap();
        record.original_issue_date = "2019-03-04".parse().unwrap();
        record.issue_date = "0001-01-01".parse().unwrap();
        record.expiry_date = "9999-12-31".parse().unwrap();
        record.last_surveillance_date = None;
        let stored = encode(&record);
        assert!(stored.starts_with("[2,"), "{stored}");
        assert!(stored.contains(",2022,"), "{stored}");
        assert!(
            stored.contains(",20190304,10101,99991231,null,"),
            "{stored}"
        );
        assert_eq!(decode(&stored).unwrap(), record);
        assert_eq!(decode_with_serde(&stored).unwrap(), record);
        // A number that is no date, no edition, or a field stored as the other version stores
        // it, is refused by both readers.
        for wrong in [
            stored.replace(",20190304,", ",20190230,"),
            stored.replace(",2022,", ",2021,"),
            stored.replace(",2022,", ",\"ISO/IEC 27001:2022\","),
            stored.replace(",20190304,", ",\"2019-03-04\","),
            stored.replace(",20190304,", ",020190304,"),
            stored.replacen("[2,", "[1,", 1),
        ] {
            assert_ne!(wrong, stored);
            assert!(plain::record(&wrong).is_none(), "{wrong}");
            assert!(decode(&wrong).is_err(), "{wrong}");
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
        assert!(decode(&stored.replacen("[2,", "[3,", 1)).is_err());
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
        let stored = encode_through_value(&record);
        let escaped = stored
            .replace("\"ISO/IEC", "\"\\u0049SO\\/IEC")
            .replace("\"active\"", "\"\\u0061ctive\"")
            .replace("\"20", "\"\\u00320");
        assert_ne!(escaped, stored);
        assert_eq!(decode(&escaped).unwrap(), record);
    }

    /// Whether `text` is written by serde_json as it is (nothing in it needs an escape).
    fn plain_text(text: &str) -> bool {
        !text.chars().any(|c| c == '"' || c == '\\' || c < ' ')
    }

    fn plain_record(record: &CertificateRecord) -> bool {
        let ids = &record.entity.identifiers;
        [
            Some(&record.certificate_number),
            Some(&record.certification_body),
            record.accreditation_body.as_ref(),
            Some(&record.entity.name),
            Some(&record.entity.country),
            ids.vat.as_ref(),
            ids.duns.as_ref(),
            ids.registration_number.as_ref(),
            ids.lei.as_ref(),
            Some(&record.scope),
            record.soa_reference.as_ref(),
        ]
        .into_iter()
        .chain(record.sites.iter().flat_map(|s| {
            [
                s.name.as_ref(),
                s.address.as_ref(),
                s.city.as_ref(),
                Some(&s.country),
                s.scope.as_ref(),
            ]
        }))
        .flatten()
        .all(|text| plain_text(text))
    }

    /// Bytes a stored text is edited with: its punctuation, an escape, a space, parts of
    /// `null`, of the version, of numbers and of dates, a control character, a non-ASCII
    /// letter.
    fn any_edit() -> impl Strategy<Value = (usize, usize, String)> {
        (
            any::<usize>(),
            0..4_usize,
            prop_oneof![Just(String::new()), "[\\[\\],\"\\\\ nul1209.e\u{1}é-]{1,3}",],
        )
    }

    proptest! {
        /// Any record is read back as it was stored, through the plain reader whenever no
        /// string in it needs an escape (most records: the fast way must be the one taken).
        #[test]
        fn any_record_reads_back_and_plain_ones_without_serde(record in any_record()) {
            // As written now, and as rows written in version 1 hold it.
            for stored in [encode(&record), encode_through_value(&record)] {
                prop_assert_eq!(decode(&stored), Ok(record.clone()));
                let plain = plain::record(&stored);
                prop_assert_eq!(plain.is_some(), plain_record(&record), "{}", stored);
                if let Some(plain) = plain {
                    prop_assert_eq!(plain, record.clone());
                }
            }
        }

        /// Whatever a stored text holds — a record's text cut, with bytes left out or put in
        /// anywhere — the plain reader reads what serde_json reads, or leaves it to serde_json:
        /// never another record, never a record serde_json would refuse.
        #[test]
        fn the_plain_reader_never_reads_otherwise_than_serde(
            record in any_record(),
            edits in prop::collection::vec(any_edit(), 0..3),
            version_1 in any::<bool>(),
        ) {
            let mut stored = if version_1 {
                encode_through_value(&record)
            } else {
                encode(&record)
            };
            for (at, remove, insert) in edits {
                let mut at = at % (stored.len() + 1);
                while !stored.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + remove).min(stored.len());
                while !stored.is_char_boundary(end) {
                    end += 1;
                }
                stored.replace_range(at..end, &insert);
            }
            if let Some(plain) = plain::record(&stored) {
                prop_assert_eq!(decode_with_serde(&stored), Ok(plain), "{}", stored);
            }
        }
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

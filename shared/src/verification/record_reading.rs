//! A record's scope texts read once, to verify many requests against the same record without
//! reading its scope each time.
//!
//! Reading a scope costs far more than the rest of a verification (about 0.1 ms, against a few
//! microseconds for validity, entity and coverage). A server that verifies the same record
//! again and again keeps a [`RecordReading`] per record and passes it to [`verify_read`]; the
//! verification is the same as [`verify`]'s, byte for byte.

use super::accreditation::AccreditationReading;
use super::coverage::SourceText;
use super::reading::{ReadScope, read};
use super::validity::accreditation_of;
use super::{Verification, VerificationRequest, verify_sources, verify_without_record};
use crate::certificate::CertificateRecord;
use crate::date::Date;

/// The texts of one [`CertificateRecord`] as they were read: the certificate scope, each site's
/// own scope and the accreditation body. It keeps the texts it read, so that it is only ever used for a record
/// with the same texts.
#[derive(Debug, Clone)]
pub struct RecordReading {
    /// The holder's name, left out of the organisations a scope names.
    holder: String,
    /// The accreditation-body text and what it says.
    accreditation: (Option<String>, AccreditationReading),
    scope: (String, ReadScope),
    /// Per site of the record: its own scope, when it has one.
    sites: Vec<Option<(String, ReadScope)>>,
}

impl RecordReading {
    /// Reads the scope texts of `record`.
    pub fn of(record: &CertificateRecord) -> RecordReading {
        let holder = record.entity.name.as_str();
        RecordReading {
            holder: holder.to_owned(),
            accreditation: (record.accreditation_body.clone(), accreditation_of(record)),
            scope: (record.scope.clone(), read(&record.scope, Some(holder))),
            sites: site_scopes(record)
                .map(|text| text.map(|t| (t.to_owned(), read(t, Some(holder)))))
                .collect(),
        }
    }

    /// Whether this is the reading of `record`'s texts: the same holder, scope and site
    /// scopes.
    pub fn is_of(&self, record: &CertificateRecord) -> bool {
        self.holder == record.entity.name
            && self.accreditation.0 == record.accreditation_body
            && self.scope.0 == record.scope
            && self.sites.len() == record.sites.len()
            && self
                .sites
                .iter()
                .zip(site_scopes(record))
                .all(|(read, text)| read.as_ref().map(|(t, _)| t.as_str()) == text)
    }
}

/// Each site's own scope, `None` when it has none (or only blanks).
pub(super) fn site_scopes(record: &CertificateRecord) -> impl Iterator<Item = Option<&str>> {
    record
        .sites
        .iter()
        .map(|site| site.scope.as_deref().filter(|s| !s.trim().is_empty()))
}

/// [`verify`] for a record whose texts were read before: the same verification, without
/// reading the scope again. A `reading` of other texts than `record`'s (another record, or an
/// earlier version of it) is not used: the record is then read afresh.
pub fn verify_read(
    request: &VerificationRequest,
    record: &CertificateRecord,
    reading: &RecordReading,
    as_of: Date,
) -> Verification {
    Verification {
        certificate: Some(record.clone()),
        ..verify_read_without_record(request, record, reading, as_of)
    }
}

/// [`verify_read`] with the record left out of the answer: `certificate` is `None`, for a
/// caller that answers with the record it holds (a server writing the record kept in memory
/// into its JSON, without copying it). Filling `certificate` with `record` gives
/// [`verify_read`]'s verification.
pub fn verify_read_without_record(
    request: &VerificationRequest,
    record: &CertificateRecord,
    reading: &RecordReading,
    as_of: Date,
) -> Verification {
    if !reading.is_of(record) {
        // Read afresh: the record is not copied here either.
        return verify_without_record(request, record, as_of);
    }
    let scope = SourceText::with_reading("/scope".to_string(), &record.scope, &reading.scope.1);
    let site_scopes = reading
        .sites
        .iter()
        .enumerate()
        .map(|(i, site)| {
            site.as_ref().map(|(text, read)| {
                SourceText::with_reading(format!("/sites/{i}/scope"), text, read)
            })
        })
        .collect();
    verify_sources(
        request,
        record,
        scope,
        site_scopes,
        reading.accreditation.1,
        as_of,
    )
}

//! A verification written as JSON directly, byte for byte what `serde_json::to_vec` gives for
//! [`Verification`], for `POST /certificates/verify`.
//!
//! Profiled (callgrind, one certificate asked again and again), serialising the answer with
//! serde_json was a fifth of the route's instructions: the field names and the scope, names and
//! quoted evidence escaped one byte at a time, each date formatted through `core::fmt`. Texts,
//! names, numbers, dates, the standard, validity and identifiers are written here directly (see
//! [`crate::json_out`]); the parts that are rare or small (validity problems, the reason an
//! entity differs, the organisations a scope names, the sites' own readings) still go through
//! serde_json.

use annexa_shared::certificate::{CertificateRecord, CertificateStatus, Entity, Identifiers, Site};
use annexa_shared::verification::{
    CoverageItem, EntityMatch, Evidence, ItemKind, ItemVerdict, Location, LocationKind, Polarity,
    Reach, Reading, Segment, Validity, Verdict, Verification,
};

use crate::json_out::{code, date, list, offset, serde, text, text_or_null};

/// `verification` as compact JSON, appended to `out`: the same bytes as `serde_json::to_writer`.
/// (The route writes the record it holds apart: [`write_verification_with`].)
#[cfg(test)]
pub fn write_verification(out: &mut Vec<u8>, verification: &Verification) {
    write_verification_with(out, verification, verification.certificate.as_ref());
}

/// [`write_verification`] with `certificate` written as the verification's record, in place of
/// its own `certificate` field (which is not read): for a caller that holds the record apart
/// (a record kept in memory, not copied into the verification).
pub fn write_verification_with(
    out: &mut Vec<u8>,
    verification: &Verification,
    certificate: Option<&CertificateRecord>,
) {
    // Destructured in full, so a field added to the type does not compile until it is written
    // here too (in the type's field order, which is the JSON order).
    let Verification {
        verdict,
        validity,
        entity_match,
        entity_reason,
        coverage,
        reading,
        certificate: _,
        as_of,
        explanation,
    } = verification;
    out.extend_from_slice(br#"{"verdict":"#);
    name(out, Name::Verdict(*verdict));
    out.extend_from_slice(br#","validity":"#);
    write_validity(out, validity);
    out.extend_from_slice(br#","entity_match":"#);
    name(out, Name::EntityMatch(*entity_match));
    if let Some(reason) = entity_reason {
        out.extend_from_slice(br#","entity_reason":"#);
        serde(out, reason);
    }
    out.extend_from_slice(br#","coverage":"#);
    list(out, coverage, coverage_item);
    out.extend_from_slice(br#","reading":"#);
    write_reading(out, reading);
    out.extend_from_slice(br#","certificate":"#);
    match certificate {
        Some(record) => write_record(out, record),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(br#","as_of":"#);
    date(out, *as_of);
    out.extend_from_slice(br#","explanation":"#);
    text(out, explanation);
    out.push(b'}');
}

/// A value of one of the answer's enums, written as its name (serde's `snake_case` name)
/// without going through serde: ten to twenty of them per answer.
#[derive(Debug, Clone, Copy)]
enum Name {
    Verdict(Verdict),
    EntityMatch(EntityMatch),
    ItemKind(ItemKind),
    ItemVerdict(ItemVerdict),
    Polarity(Polarity),
    Reach(Reach),
    LocationKind(LocationKind),
    Status(CertificateStatus),
}

impl Name {
    fn as_str(self) -> &'static str {
        match self {
            Name::Verdict(verdict) => verdict.as_str(),
            Name::Status(status) => status.as_str(),
            Name::EntityMatch(entity) => match entity {
                EntityMatch::Exact => "exact",
                EntityMatch::Normalized => "normalized",
                EntityMatch::SameIdentifier => "same_identifier",
                EntityMatch::Different => "different",
                EntityMatch::NotChecked => "not_checked",
            },
            Name::ItemKind(kind) => match kind {
                ItemKind::Activity => "activity",
                ItemKind::Site => "site",
            },
            Name::ItemVerdict(verdict) => match verdict {
                ItemVerdict::Covered => "covered",
                ItemVerdict::Excluded => "excluded",
                ItemVerdict::NotCovered => "not_covered",
                ItemVerdict::Undetermined => "undetermined",
            },
            Name::Polarity(polarity) => match polarity {
                Polarity::Included => "included",
                Polarity::Excluded => "excluded",
                Polarity::Unclear => "unclear",
            },
            Name::Reach(reach) => match reach {
                Reach::Heading => "heading",
                Reach::List => "list",
                Reach::Clause => "clause",
                Reach::Parenthesis => "parenthesis",
                Reach::Sentence => "sentence",
            },
            Name::LocationKind(kind) => match kind {
                LocationKind::Site => "site",
                LocationKind::Market => "market",
            },
        }
    }
}

/// `value`'s name as a JSON string (names need no escaping).
fn name(out: &mut Vec<u8>, value: Name) {
    code(out, value.as_str());
}

fn coverage_item(out: &mut Vec<u8>, item: &CoverageItem) {
    let CoverageItem {
        item,
        kind,
        verdict,
        evidence,
    } = item;
    out.extend_from_slice(br#"{"item":"#);
    text(out, item);
    out.extend_from_slice(br#","kind":"#);
    name(out, Name::ItemKind(*kind));
    out.extend_from_slice(br#","verdict":"#);
    name(out, Name::ItemVerdict(*verdict));
    out.extend_from_slice(br#","evidence":"#);
    list(out, evidence, write_evidence);
    out.push(b'}');
}

fn write_evidence(out: &mut Vec<u8>, evidence: &Evidence) {
    let Evidence {
        source,
        text: quoted,
        start,
        end,
    } = evidence;
    out.extend_from_slice(br#"{"source":"#);
    text(out, source);
    out.extend_from_slice(br#","text":"#);
    text(out, quoted);
    out.extend_from_slice(br#","start":"#);
    offset(out, *start);
    out.extend_from_slice(br#","end":"#);
    offset(out, *end);
    out.push(b'}');
}

fn write_reading(out: &mut Vec<u8>, reading: &Reading) {
    let Reading {
        segments,
        locations,
        organisations,
        sites,
    } = reading;
    out.extend_from_slice(br#"{"segments":"#);
    list(out, segments, segment);
    out.extend_from_slice(br#","locations":"#);
    list(out, locations, location);
    out.extend_from_slice(br#","organisations":"#);
    serde(out, organisations);
    out.extend_from_slice(br#","sites":"#);
    serde(out, sites);
    out.push(b'}');
}

fn segment(out: &mut Vec<u8>, segment: &Segment) {
    let Segment {
        start,
        end,
        polarity,
        marker,
        reach,
    } = segment;
    out.extend_from_slice(br#"{"start":"#);
    offset(out, *start);
    out.extend_from_slice(br#","end":"#);
    offset(out, *end);
    out.extend_from_slice(br#","polarity":"#);
    name(out, Name::Polarity(*polarity));
    if let Some(marker) = marker {
        out.extend_from_slice(br#","marker":"#);
        text(out, marker);
    }
    if let Some(reach) = reach {
        out.extend_from_slice(br#","reach":"#);
        name(out, Name::Reach(*reach));
    }
    out.push(b'}');
}

fn location(out: &mut Vec<u8>, location: &Location) {
    let Location {
        text: place,
        start,
        end,
        kind,
    } = location;
    out.extend_from_slice(br#"{"text":"#);
    text(out, place);
    out.extend_from_slice(br#","start":"#);
    offset(out, *start);
    out.extend_from_slice(br#","end":"#);
    offset(out, *end);
    out.extend_from_slice(br#","kind":"#);
    name(out, Name::LocationKind(*kind));
    out.push(b'}');
}

fn write_record(out: &mut Vec<u8>, record: &CertificateRecord) {
    let CertificateRecord {
        certificate_number,
        certification_body,
        accreditation_body,
        standard,
        status,
        entity,
        scope,
        sites,
        original_issue_date,
        issue_date,
        expiry_date,
        last_surveillance_date,
        soa_reference,
    } = record;
    out.extend_from_slice(br#"{"certificate_number":"#);
    text(out, certificate_number);
    out.extend_from_slice(br#","certification_body":"#);
    text(out, certification_body);
    out.extend_from_slice(br#","accreditation_body":"#);
    text_or_null(out, accreditation_body.as_deref());
    out.extend_from_slice(br#","standard":"#);
    code(out, standard.as_str());
    out.extend_from_slice(br#","status":"#);
    name(out, Name::Status(*status));
    out.extend_from_slice(br#","entity":"#);
    write_entity(out, entity);
    out.extend_from_slice(br#","scope":"#);
    text(out, scope);
    out.extend_from_slice(br#","sites":"#);
    list(out, sites, site);
    out.extend_from_slice(br#","original_issue_date":"#);
    date(out, *original_issue_date);
    out.extend_from_slice(br#","issue_date":"#);
    date(out, *issue_date);
    out.extend_from_slice(br#","expiry_date":"#);
    date(out, *expiry_date);
    if let Some(last) = last_surveillance_date {
        out.extend_from_slice(br#","last_surveillance_date":"#);
        date(out, *last);
    }
    if let Some(reference) = soa_reference {
        out.extend_from_slice(br#","soa_reference":"#);
        text(out, reference);
    }
    out.push(b'}');
}

fn write_entity(out: &mut Vec<u8>, entity: &Entity) {
    let Entity {
        name,
        country,
        identifiers,
    } = entity;
    out.extend_from_slice(br#"{"name":"#);
    text(out, name);
    out.extend_from_slice(br#","country":"#);
    text(out, country);
    out.extend_from_slice(br#","identifiers":"#);
    write_identifiers(out, identifiers);
    out.push(b'}');
}

/// `{"valid":…,"problems":[…]}`; a problem (rare) through serde_json.
fn write_validity(out: &mut Vec<u8>, validity: &Validity) {
    out.extend_from_slice(match validity.valid {
        true => br#"{"valid":true,"problems":"#,
        false => br#"{"valid":false,"problems":"#,
    });
    list(out, &validity.problems, serde);
    out.push(b'}');
}

/// The identifiers present, in the struct's order, as serde writes them (absent ones left
/// out).
fn write_identifiers(out: &mut Vec<u8>, identifiers: &Identifiers) {
    let Identifiers {
        vat,
        duns,
        registration_number,
        lei,
    } = identifiers;
    out.push(b'{');
    let present = [vat, duns, registration_number, lei]
        .into_iter()
        .zip(Identifiers::KINDS)
        .filter_map(|(value, kind)| value.as_deref().map(|value| (kind, value)));
    for (n, (kind, value)) in present.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(kind.as_bytes());
        out.extend_from_slice(b"\":");
        text(out, value);
    }
    out.push(b'}');
}

fn site(out: &mut Vec<u8>, site: &Site) {
    let Site {
        name,
        address,
        city,
        country,
        scope,
    } = site;
    // The first field written opens the object; the optional ones before `country` may all be
    // missing.
    out.push(b'{');
    for (key, value) in [
        (&br#""name":"#[..], name),
        (&br#""address":"#[..], address),
        (&br#""city":"#[..], city),
    ] {
        if let Some(value) = value {
            out.extend_from_slice(key);
            text(out, value);
            out.push(b',');
        }
    }
    out.extend_from_slice(br#""country":"#);
    text(out, country);
    if let Some(scope) = scope {
        out.extend_from_slice(br#","scope":"#);
        text(out, scope);
    }
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use annexa_shared::verification::{ClaimedSite, VerificationRequest, verify};
    use proptest::prelude::*;

    use crate::registry::arbitrary::{any_option, any_record, any_text};

    fn written(verification: &Verification) -> String {
        let mut out = Vec::new();
        write_verification(&mut out, verification);
        String::from_utf8(out).expect("UTF-8")
    }

    prop_compose! {
        fn any_request()(
            activities in proptest::collection::vec(
                prop_oneof![
                    any_text(),
                    Just("software development".to_string()),
                    Just("payroll".to_string()),
                ],
                0..3,
            ),
            sites in proptest::collection::vec((any_option(), any_option()), 0..3),
            entity in proptest::option::of(any_text()),
        ) -> VerificationRequest {
            let request = serde_json::json!({
                "certificate_number": "N-1",
                "entity": entity.map(|name| serde_json::json!({ "name": name })),
                "claim": {
                    "activities": activities,
                    "sites": sites
                        .into_iter()
                        .map(|(city, country)| ClaimedSite { city, country, address: None })
                        .collect::<Vec<_>>(),
                },
            });
            serde_json::from_value(request).expect("a request")
        }
    }

    /// Every value of every enum written by name: serde_json's string for it.
    #[test]
    fn every_enum_value_is_written_as_serde_names_it() {
        fn check<T: serde::Serialize>(values: &[T], name_of: impl Fn(&T) -> Name) {
            for value in values {
                let mut out = Vec::new();
                name(&mut out, name_of(value));
                assert_eq!(
                    String::from_utf8(out).expect("UTF-8"),
                    serde_json::to_string(value).expect("JSON")
                );
            }
        }
        use Verdict as V;
        check(
            &[
                V::Covered,
                V::PartiallyCovered,
                V::NotCovered,
                V::Invalid,
                V::NotFound,
                V::Undetermined,
            ],
            |v| Name::Verdict(*v),
        );
        use EntityMatch as E;
        check(
            &[
                E::Exact,
                E::Normalized,
                E::SameIdentifier,
                E::Different,
                E::NotChecked,
            ],
            |v| Name::EntityMatch(*v),
        );
        check(&[ItemKind::Activity, ItemKind::Site], |v| {
            Name::ItemKind(*v)
        });
        use ItemVerdict as I;
        check(
            &[I::Covered, I::Excluded, I::NotCovered, I::Undetermined],
            |v| Name::ItemVerdict(*v),
        );
        use Polarity as P;
        check(&[P::Included, P::Excluded, P::Unclear], |v| {
            Name::Polarity(*v)
        });
        use Reach as R;
        check(
            &[R::Heading, R::List, R::Clause, R::Parenthesis, R::Sentence],
            |v| Name::Reach(*v),
        );
        check(&[LocationKind::Site, LocationKind::Market], |v| {
            Name::LocationKind(*v)
        });
        use CertificateStatus as S;
        check(
            &[
                S::Active,
                S::Suspended,
                S::Withdrawn,
                S::Cancelled,
                S::Expired,
            ],
            |v| Name::Status(*v),
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// For any record (every optional field present or not, texts with escapes) and any
        /// claim, verified on any day, and for no record at all: serde_json's bytes.
        #[test]
        fn any_verification_is_written_as_serde_json_writes_it(
            record in any_record(),
            request in any_request(),
            day in 15_000..24_000_i64,
            found in any::<bool>(),
        ) {
            let as_of = annexa_shared::Date::from_days_since_epoch(day).expect("in range");
            let verification = verify(&request, found.then_some(&record), as_of);
            let expected = serde_json::to_string(&verification).expect("JSON");
            prop_assert_eq!(&written(&verification), &expected);
            // The record held apart (the route's way): the same bytes, whatever the
            // verification's own `certificate` says.
            for own in [None, Some(record.clone())] {
                let apart = Verification { certificate: own, ..verification.clone() };
                let mut out = Vec::new();
                write_verification_with(&mut out, &apart, verification.certificate.as_ref());
                prop_assert_eq!(&String::from_utf8(out).expect("UTF-8"), &expected);
            }
        }
    }
}

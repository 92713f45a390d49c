//! The accreditation bodies recognised for ISO/IEC 27001 certification (IAF MLA signatories with
//! the ISMS sub-scope, directly or through their regional group), compiled in from
//! `shared/data/accreditation/iaf_mla_isms_signatories.csv` (source, date, method and confidence
//! in the `SOURCES.md` beside it), and the reading of a record's accreditation-body text: a body
//! on the list, no accreditation at all, a negated or qualified mention, or a body not on it.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::text::WordTable;
use crate::csv;

const SIGNATORIES_CSV: &str = include_str!("../../data/accreditation/iaf_mla_isms_signatories.csv");

/// The date the shipped signatory list was compiled.
pub const SIGNATORIES_RETRIEVED: &str = "2026-12-01";

/// One accreditation body recognised for ISO/IEC 27001 certification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    /// Short name as printed on certificates (`UKAS`).
    pub acronym: String,
    /// Full name.
    pub name: String,
    /// ISO 3166-1 alpha-2 codes of the economies it serves.
    pub economies: Vec<String>,
    /// The regional accreditation groups it belongs to (`EA`, `APAC`, `IAAC`, `ARAC`, `AFRAC`,
    /// `SADCA`).
    pub regions: Vec<String>,
    /// Other spellings seen on certificates.
    pub aliases: Vec<String>,
}

/// Every shipped signatory, in file order.
pub fn signatories() -> &'static [Signatory] {
    static LIST: OnceLock<Vec<Signatory>> = OnceLock::new();
    LIST.get_or_init(|| {
        let owned = |values: Vec<&str>| values.into_iter().map(String::from).collect();
        csv::records(SIGNATORIES_CSV)
            .iter()
            .map(|row| Signatory {
                acronym: row.get("acronym").to_string(),
                name: row.get("name").to_string(),
                economies: owned(row.list("economies")),
                regions: owned(row.list("regions")),
                aliases: owned(row.list("aliases")),
            })
            .collect()
    })
}

/// Upper-case letters and digits only, words separated by one space.
fn key(text: &str) -> String {
    super::text::fold(text)
        .to_uppercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that negate or qualify an accreditation ("not", "withdrawn", "pending", "formerly" …),
/// in English and the main languages of certificates, as [`key`] writes them. A text holding
/// one of them does not show an accreditation in force by the body it names.
const NEGATIONS: &[&str] = &[
    "NOT",
    "NO",
    "NON",
    "NONE",
    "NIL",
    "NEVER",
    "UNACCREDITED",
    "NONACCREDITED",
    "WITHOUT",
    "WITHDRAWN",
    "WITHDRAWAL",
    "SUSPENDED",
    "SUSPENSION",
    "PENDING",
    "APPLIED",
    "APPLYING",
    "APPLICATION",
    "APPLICANT",
    "REVOKED",
    "EXPIRED",
    "CANCELLED",
    "CANCELED",
    "LAPSED",
    "TERMINATED",
    "ENDED",
    "UNTIL",
    "FORMER",
    "FORMERLY",
    "PREVIOUSLY",
    "PREVIOUS",
    "EX",
    "AWAITING",
    "PROGRESS",
    "PLANNED",
    "SOUGHT",
    "SEEKING",
    "REQUESTED",
    "PROVISIONAL",
    "SELF",
    "TBC",
    "TBD",
    "UNKNOWN",
    "NICHT",
    "KEIN",
    "KEINE",
    "OHNE",
    "SANS",
    "AUCUN",
    "AUCUNE",
    "SIN",
    "NINGUNO",
    "NINGUNA",
    "NESSUNO",
    "NESSUNA",
    "NAO",
    "NENHUM",
    "NENHUMA",
    "GEEN",
    "NIET",
    "NIE",
    "IKKE",
    "INGEN",
    "EI",
];

/// Words that say nothing about which body accredits: a text made only of these and
/// [`NEGATIONS`] ("accreditation: none", "not accredited", "n/a") states no accreditation.
const NEUTRAL: &[&str] = &[
    "ACCREDITED",
    "ACCREDITATION",
    "ACCREDITING",
    "BODY",
    "BY",
    "THE",
    "IS",
    "APPLICABLE",
    "AVAILABLE",
    "N",
    "A",
    "NA",
    "STATUS",
    "MARK",
];

/// What a record's accreditation-body text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccreditationReading {
    /// A body on the list, with nothing negating it.
    Recognised(&'static Signatory),
    /// No accreditation: empty, "none", "n/a", "not accredited", "accreditation pending" ….
    NoneStated,
    /// A body is named, but the text negates or qualifies its accreditation ("not accredited by
    /// UKAS", "UKAS accreditation withdrawn", "formerly DAkkS").
    Qualified,
    /// A body that is not on the list.
    NotListed,
}

/// Reads an accreditation-body text (see [`AccreditationReading`]).
///
/// Most records name their body by its acronym or name exactly as the shipped list writes it
/// ("UKAS", "DAkkS"): those texts are read once, when first needed, and looked up after that
/// (reading a text walks the whole list, some 6,000 instructions, and every verification of a
/// record not kept in memory reads one).
pub(crate) fn read_accreditation(text: &str) -> AccreditationReading {
    static LISTED: OnceLock<WordTable<&'static str, AccreditationReading>> = OnceLock::new();
    let listed = LISTED.get_or_init(|| {
        signatories()
            .iter()
            .flat_map(|s| [&s.acronym, &s.name].into_iter().chain(&s.aliases))
            .map(|text| (text.as_str(), read_text(text)))
            .collect()
    });
    match listed.get(text) {
        Some(reading) => *reading,
        None => read_text(text),
    }
}

/// [`read_accreditation`], walking the list.
fn read_text(text: &str) -> AccreditationReading {
    let wanted = key(text);
    let words: Vec<&str> = wanted.split(' ').filter(|w| !w.is_empty()).collect();
    if words
        .iter()
        .all(|w| NEUTRAL.contains(w) || NEGATIONS.contains(w))
    {
        return AccreditationReading::NoneStated;
    }
    let says_na = words.windows(2).any(|pair| pair == ["N", "A"]);
    if says_na || words.iter().any(|w| NEGATIONS.contains(w)) {
        return AccreditationReading::Qualified;
    }
    match named_signatory(&wanted, &words) {
        Some(signatory) => AccreditationReading::Recognised(signatory),
        None => AccreditationReading::NotListed,
    }
}

/// True when `words` holds `phrase` as consecutive words.
fn holds_phrase(words: &[&str], phrase: &[String]) -> bool {
    !phrase.is_empty()
        && words
            .windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(a, b)| *a == b.as_str()))
}

/// A signatory's names as [`key`] writes them, computed once: reading a record's accreditation
/// happens on every verification, and folding some hundred names each time was a fifth of the
/// verify route's work.
struct SignatoryKeys {
    signatory: &'static Signatory,
    /// The acronym's words ("JAS ANZ").
    acronym: String,
    /// The acronym's words joined ("JASANZ").
    joined_acronym: String,
    /// The acronym's words, one by one.
    acronym_words: Vec<String>,
    /// The full name's and each alias's words.
    names: Vec<Vec<String>>,
}

fn signatory_keys() -> &'static [SignatoryKeys] {
    static KEYS: OnceLock<Vec<SignatoryKeys>> = OnceLock::new();
    // A key's words: `key` separates them by single spaces.
    let words = |key: &str| -> Vec<String> {
        key.split(' ')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    };
    KEYS.get_or_init(|| {
        signatories()
            .iter()
            .map(|signatory| {
                let acronym = key(&signatory.acronym);
                SignatoryKeys {
                    signatory,
                    joined_acronym: acronym.replace(' ', ""),
                    acronym_words: words(&acronym),
                    acronym,
                    names: std::iter::once(&signatory.name)
                        .chain(&signatory.aliases)
                        .map(|name| words(&key(name)))
                        .collect(),
                }
            })
            .collect()
    })
}

fn named_signatory(wanted: &str, words: &[&str]) -> Option<&'static Signatory> {
    let joined_wanted = wanted.replace(' ', "");
    signatory_keys()
        .iter()
        .find(|s| {
            // Two-letter acronyms ("AA", "NA") are too often something else to be trusted alone.
            let acronym_usable = s.joined_acronym.chars().count() >= 3;
            s.names.iter().any(|name| holds_phrase(words, name))
                || (acronym_usable
                    && (s.acronym == wanted
                        || s.joined_acronym == joined_wanted
                        || words.contains(&s.joined_acronym.as_str())
                        || holds_phrase(words, &s.acronym_words)))
        })
        .map(|s| s.signatory)
}

/// The signatory named by `text`: its acronym (three letters or more; also as a whole word
/// inside a longer text such as "UKAS (United Kingdom)"), its full name or an alias, ignoring
/// case, accents and punctuation. `None` when the body is not on the shipped list, and whenever
/// the text negates or qualifies the accreditation ("not accredited by UKAS", "UKAS
/// accreditation withdrawn", "pending", "n/a"): a negated mention is not an accreditation.
pub fn find_signatory(text: &str) -> Option<&'static Signatory> {
    match read_accreditation(text) {
        AccreditationReading::Recognised(signatory) => Some(signatory),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts read once answer as reading them afresh does, and so do near misses of them.
    #[test]
    fn listed_names_read_as_walking_the_list_reads_them() {
        for signatory in signatories() {
            for text in [&signatory.acronym, &signatory.name]
                .into_iter()
                .chain(&signatory.aliases)
            {
                for variant in [
                    text.clone(),
                    text.to_lowercase(),
                    format!("not {text}"),
                    format!("{text} (withdrawn)"),
                ] {
                    assert_eq!(
                        read_accreditation(&variant),
                        read_text(&variant),
                        "{variant}"
                    );
                }
            }
        }
    }

    #[test]
    fn ships_signatories_of_every_regional_group_with_their_economies() {
        let list = signatories();
        assert!(list.len() >= 30, "{}", list.len());
        for acronym in [
            "UKAS", "ANAB", "DAkkS", "COFRAC", "JAS-ANZ", "NABCB", "SCC", "TÜRKAK", "SANAS",
        ] {
            assert!(list.iter().any(|s| s.acronym == acronym), "{acronym}");
        }
        let jas = list.iter().find(|s| s.acronym == "JAS-ANZ").unwrap();
        assert_eq!(jas.economies, ["AU", "NZ"]);
        assert_eq!(jas.regions, ["APAC"]);
        for signatory in list {
            assert!(!signatory.name.is_empty(), "{}", signatory.acronym);
            assert!(!signatory.economies.is_empty(), "{}", signatory.acronym);
            assert!(
                signatory
                    .economies
                    .iter()
                    .all(|e| crate::certificate::is_country_code(e)),
                "{}",
                signatory.acronym
            );
            assert!(
                !signatory.regions.is_empty()
                    && signatory.regions.iter().all(|r| {
                        ["EA", "APAC", "IAAC", "ARAC", "AFRAC", "SADCA"].contains(&r.as_str())
                    }),
                "{}",
                signatory.acronym
            );
            // Every body is found by its own names.
            for name in std::iter::once(&signatory.name).chain(&signatory.aliases) {
                assert_eq!(
                    find_signatory(name).map(|s| &s.acronym),
                    Some(&signatory.acronym),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn reads_what_the_text_says_about_accreditation() {
        for text in [
            "",
            "-",
            "None",
            "N/A",
            "n.a.",
            "NA",
            "not accredited",
            "Non-accredited",
            "Accreditation: none",
            "accreditation pending",
            "Unaccredited",
        ] {
            assert_eq!(
                read_accreditation(text),
                AccreditationReading::NoneStated,
                "{text}"
            );
        }
        for text in [
            "not accredited by UKAS",
            "UKAS accreditation withdrawn",
            "formerly DAkkS",
            "UKAS (suspended)",
            "N/A (UKAS)",
        ] {
            assert_eq!(
                read_accreditation(text),
                AccreditationReading::Qualified,
                "{text}"
            );
        }
        assert_eq!(
            read_accreditation("Global Accreditation Council"),
            AccreditationReading::NotListed
        );
        assert!(matches!(
            read_accreditation("Accredited by the United Kingdom Accreditation Service"),
            AccreditationReading::Recognised(s) if s.acronym == "UKAS"
        ));
    }
}

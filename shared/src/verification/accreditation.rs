//! The accreditation bodies known to sign the IAF MLA for ISMS certification, compiled in from
//! `shared/data/accreditation/iaf_mla_isms_signatories.csv` (source and date in the `SOURCES.md`
//! beside it). The list is incomplete on purpose: absence means "unknown", never "unrecognised".

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::csv;

const SIGNATORIES_CSV: &str = include_str!("../../data/accreditation/iaf_mla_isms_signatories.csv");

/// The date the shipped signatory list was compiled.
pub const SIGNATORIES_RETRIEVED: &str = "2026-11-29";

/// One accreditation body that signs the IAF MLA for ISMS certification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    /// Short name as printed on certificates (`UKAS`).
    pub acronym: String,
    /// Full name.
    pub name: String,
    /// ISO 3166-1 alpha-2 codes of the economies it serves.
    pub economies: Vec<String>,
    /// Other spellings seen on certificates.
    pub aliases: Vec<String>,
}

/// Every shipped signatory, in file order.
pub fn signatories() -> &'static [Signatory] {
    static LIST: OnceLock<Vec<Signatory>> = OnceLock::new();
    LIST.get_or_init(|| {
        csv::records(SIGNATORIES_CSV)
            .iter()
            .map(|row| Signatory {
                acronym: row.get("acronym").to_string(),
                name: row.get("name").to_string(),
                economies: row
                    .list("economies")
                    .into_iter()
                    .map(String::from)
                    .collect(),
                aliases: row.list("aliases").into_iter().map(String::from).collect(),
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

/// The signatory named by `text`: its acronym, full name or an alias (ignoring case, accents
/// and punctuation), or a text that contains the acronym (three letters or more) as a whole word,
/// such as "UKAS (United Kingdom)". `None` when the body is not in the shipped list.
pub fn find_signatory(text: &str) -> Option<&'static Signatory> {
    let wanted = key(text);
    if wanted.is_empty() {
        return None;
    }
    let words: Vec<&str> = wanted.split(' ').collect();
    signatories().iter().find(|s| {
        let acronym = key(&s.acronym);
        let joined_acronym = acronym.replace(' ', "");
        std::iter::once(&s.name)
            .chain(&s.aliases)
            .any(|name| key(name) == wanted)
            || acronym == wanted
            || joined_acronym == wanted.replace(' ', "")
            || (joined_acronym.len() >= 3 && words.contains(&joined_acronym.as_str()))
            || (acronym.contains(' ') && wanted.contains(&acronym))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ships_the_main_signatories_with_their_economies() {
        let list = signatories();
        assert!(list.len() >= 16);
        for acronym in ["UKAS", "ANAB", "DAkkS", "COFRAC", "JAS-ANZ", "NABCB", "SCC"] {
            assert!(list.iter().any(|s| s.acronym == acronym), "{acronym}");
        }
        let jas = list.iter().find(|s| s.acronym == "JAS-ANZ").unwrap();
        assert_eq!(jas.economies, ["AU", "NZ"]);
    }

    #[test]
    fn finds_bodies_however_they_are_written() {
        for text in [
            "UKAS",
            "ukas",
            "United Kingdom Accreditation Service",
            "UKAS (United Kingdom)",
            "JAS-ANZ",
            "JASANZ",
            "jas anz",
            "Comite Francais d'Accreditation",
            "ANSI-ASQ National Accreditation Board",
            "DAkkS",
        ] {
            assert!(find_signatory(text).is_some(), "{text}");
        }
        for text in [
            "",
            "Global Accreditation Council",
            "IAS",
            "UKA",
            "Accreditation",
        ] {
            assert!(find_signatory(text).is_none(), "{text}");
        }
    }
}

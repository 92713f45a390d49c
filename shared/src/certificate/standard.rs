//! The edition of ISO/IEC 27001 a certificate names, read the way certificates print it.
//!
//! Certificates do not all write `ISO/IEC 27001:2022`. They add the 2024 amendment
//! ("ISO/IEC 27001:2022/Amd 1:2024", "… + A1:2024"), drop the IEC ("ISO 27001:2022"), or name
//! the European adoption, whose year is the year of the EN ("EN ISO/IEC 27001:2023" is the 2022
//! edition, "EN ISO/IEC 27001:2017" the 2013 edition), sometimes under a national prefix
//! ("BS EN ISO/IEC 27001:2023", "DIN EN ISO/IEC 27001:2024"). [`Standard::parse`] reads all of
//! these and keeps only the edition: an amendment or an adoption does not start a new edition,
//! and the rules that depend on the standard (the end of the 2013 edition) depend on the edition
//! alone. Records therefore store and show the canonical name, `ISO/IEC 27001:2022`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The edition of ISO/IEC 27001 a certificate was issued against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standard {
    /// ISO/IEC 27001:2022, the current edition (with or without its Amendment 1:2024).
    Iso27001_2022,
    /// ISO/IEC 27001:2013; no such certificate is valid after 2025-10-31 (IAF MD 26).
    Iso27001_2013,
}

/// The forms [`Standard::parse`] accepts, for error messages.
const ACCEPTED_FORMS: &str = "write the edition as printed on the certificate, e.g. \
    'ISO/IEC 27001:2022', 'ISO 27001:2022', 'ISO/IEC 27001:2022/Amd 1:2024', \
    'ISO/IEC 27001:2022 + A1:2024', 'EN ISO/IEC 27001:2023', 'BS EN ISO/IEC 27001:2023', \
    'ISO/IEC 27001:2013' or 'EN ISO/IEC 27001:2017'";

/// Why a standard as written cannot be read as an edition of ISO/IEC 27001.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{shown}' {reason}; {ACCEPTED_FORMS}")]
pub struct StandardError {
    shown: String,
    reason: &'static str,
}

impl StandardError {
    fn new(text: &str, reason: &'static str) -> StandardError {
        StandardError {
            shown: text.trim().chars().take(60).collect(),
            reason,
        }
    }
}

/// National standards bodies' prefixes before an EN adoption ("BS EN …", "DIN EN …"), as they
/// read once spaces are removed and letters upper-cased.
const NATIONAL_PREFIXES: &[&str] = &[
    "UNICEI", "ÖNORM", "ONORM", "SIST", "ELOT", "BS", "DIN", "NF", "UNE", "NEN", "SS", "PN", "DS",
    "SFS", "NS", "UNI", "SN", "I.S.", "IS", "ČSN", "CSN", "STN", "MSZ", "SR", "EVS", "LST", "LVS",
    "HRN", "NBN", "ILNAS", "IST", "CYS", "MSA", "BDS",
];

/// How the standard itself may be named before `27001`.
const ISO_NAMES: &[&str] = &["ISO/IEC", "ISO-IEC", "ISOIEC", "ISO/CEI", "ISO", ""];

impl Standard {
    /// The standard's canonical name, as records store it: `ISO/IEC 27001:2022`.
    pub fn as_str(self) -> &'static str {
        match self {
            Standard::Iso27001_2022 => "ISO/IEC 27001:2022",
            Standard::Iso27001_2013 => "ISO/IEC 27001:2013",
        }
    }

    /// Reads the standard as printed on a certificate, ignoring case and spacing: the ISO name
    /// (`ISO/IEC 27001:2022`, `ISO 27001:2022`, `27001:2022`, or the bare year `2022`), with
    /// the edition's amendment or corrigenda (`/Amd 1:2024`, `+ A1:2024`, `incl. Amd 1:2024`;
    /// `/Cor 1:2014`, `/Cor 2:2015` for 2013), or the European adoption (`EN ISO/IEC
    /// 27001:2023` and national forms such as `BS EN …:2023`, `DIN EN …:2024` for 2022; `EN
    /// …:2017` for 2013). Withdrawn or unknown editions, amendments that do not exist and any
    /// other text are refused with an error naming the accepted forms.
    ///
    /// ```
    /// use annexa_shared::Standard;
    /// assert_eq!(Standard::parse("ISO/IEC 27001:2022/Amd 1:2024"), Ok(Standard::Iso27001_2022));
    /// assert_eq!(Standard::parse("bs en iso/iec 27001 : 2023"), Ok(Standard::Iso27001_2022));
    /// assert_eq!(Standard::parse("EN ISO/IEC 27001:2017"), Ok(Standard::Iso27001_2013));
    /// assert!(Standard::parse("ISO 9001:2015").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Standard, StandardError> {
        // The form [`Standard::as_str`] writes (every stored record, most imports), at once.
        for standard in [Standard::Iso27001_2022, Standard::Iso27001_2013] {
            if text == standard.as_str() {
                return Ok(standard);
            }
        }
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '[' | ']'))
            .map(|c| match c {
                '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
                '\u{ff1a}' => ':',
                '\u{ff0f}' => '/',
                other => other,
            })
            .flat_map(char::to_uppercase)
            .collect();
        if compact.is_empty() {
            return Err(StandardError::new(text, "is empty"));
        }
        match compact.as_str() {
            "2022" => return Ok(Standard::Iso27001_2022),
            "2013" => return Ok(Standard::Iso27001_2013),
            _ => {}
        }
        let (european, rest) = strip_european_adoption(&compact);
        let Some(rest) = ISO_NAMES
            .iter()
            .find_map(|name| rest.strip_prefix(name)?.strip_prefix("27001"))
        else {
            return Err(StandardError::new(text, "does not name ISO/IEC 27001"));
        };
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        let Some((year, mut rest)) = leading_number(rest) else {
            return Err(StandardError::new(text, "does not give the edition's year"));
        };
        // National publications may add the month: "DIN EN ISO/IEC 27001:2017-06".
        if european
            && let Some((month, after)) = rest.strip_prefix('-').and_then(leading_number)
            && (1..=12).contains(&month)
        {
            rest = after;
        }
        let standard = match (european, year) {
            (_, 2022) | (true, 2023 | 2024) => Standard::Iso27001_2022,
            (_, 2013) | (true, 2017) => Standard::Iso27001_2013,
            (_, 2005) => {
                return Err(StandardError::new(
                    text,
                    "names the 2005 edition, withdrawn in 2013; no certificate against it is valid",
                ));
            }
            _ => {
                return Err(StandardError::new(
                    text,
                    "names no edition of ISO/IEC 27001",
                ));
            }
        };
        read_amendments(standard, rest).map_err(|reason| StandardError::new(text, reason))?;
        Ok(standard)
    }
}

/// Strips an EN adoption prefix ("EN", "BS EN", "UNE-EN", "DS/EN" …): whether there was one, and
/// the rest.
fn strip_european_adoption(compact: &str) -> (bool, &str) {
    let after_en = |text: &str| -> Option<usize> {
        let text_after = text.strip_prefix("EN")?;
        let rest = text_after.strip_prefix('-').unwrap_or(text_after);
        rest.starts_with("ISO")
            .then_some(compact.len() - rest.len())
    };
    if let Some(at) = after_en(compact) {
        return (true, &compact[at..]);
    }
    for prefix in NATIONAL_PREFIXES {
        let Some(rest) = compact.strip_prefix(prefix) else {
            continue;
        };
        let rest = rest
            .strip_prefix('-')
            .or_else(|| rest.strip_prefix('/'))
            .unwrap_or(rest);
        if let Some(at) = after_en(rest) {
            return (true, &compact[at..]);
        }
    }
    (false, compact)
}

/// The ASCII digits at the start of `text` as a number, and the rest.
fn leading_number(text: &str) -> Option<(u32, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    Some((text[..digits].parse().ok()?, &text[digits..]))
}

/// Checks the amendment and corrigendum clauses after the edition ("/Amd 1:2024 …"): each must
/// be one that exists for `standard`.
fn read_amendments(standard: Standard, mut rest: &str) -> Result<(), &'static str> {
    const SEPARATORS: &[&str] = &[
        "INCLUDING",
        "INCL.",
        "INCL",
        "WITH",
        "AND",
        "/",
        "+",
        ",",
        "&",
        ";",
        "-",
    ];
    const AMENDMENT: &[&str] = &["AMENDMENT", "AMD.", "AMD", "A"];
    const CORRIGENDUM: &[&str] = &["CORRIGENDUM", "COR.", "COR", "AC"];
    while !rest.is_empty() {
        let mut stripped = false;
        while let Some(after) = SEPARATORS.iter().find_map(|s| rest.strip_prefix(s)) {
            rest = after;
            stripped = true;
        }
        if rest.is_empty() {
            return Ok(());
        }
        if !stripped {
            return Err("has unexpected text after the edition");
        }
        let (amendment, after) =
            if let Some(after) = AMENDMENT.iter().find_map(|a| rest.strip_prefix(a)) {
                (true, after)
            } else if let Some(after) = CORRIGENDUM.iter().find_map(|c| rest.strip_prefix(c)) {
                (false, after)
            } else {
                return Err("has unexpected text after the edition");
            };
        let after = after.strip_prefix('.').unwrap_or(after);
        let (number, after) = leading_number(after).unwrap_or((0, after));
        let (year, after) = match after.strip_prefix(':') {
            Some(year) => {
                let (year, after) =
                    leading_number(year).ok_or("has an amendment without a readable year")?;
                (Some(year), after)
            }
            None => (None, after),
        };
        let known = match (standard, amendment) {
            (Standard::Iso27001_2022, true) => number == 1 && year.is_none_or(|y| y == 2024),
            (Standard::Iso27001_2013, false) => {
                matches!(
                    (number, year),
                    (1, None | Some(2014)) | (2, None | Some(2015))
                )
            }
            _ => false,
        };
        if !known {
            return Err(if amendment {
                "names an amendment that does not exist for that edition (the 2022 edition has \
                 Amendment 1:2024)"
            } else {
                "names a corrigendum that does not exist for that edition (the 2013 edition has \
                 Cor 1:2014 and Cor 2:2015)"
            });
        }
        rest = after;
    }
    Ok(())
}

impl Serialize for Standard {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Standard {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Standard, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Standard::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_printed_on_certificates() {
        let editions_2022 = [
            "ISO/IEC 27001:2022",
            "ISO/IEC 27001:2022/Amd 1:2024",
            "ISO/IEC 27001:2022/AMD1:2024",
            "ISO/IEC 27001:2022 + A1:2024",
            "ISO/IEC 27001:2022+A1:2024",
            "ISO/IEC 27001:2022 incl. Amd 1:2024",
            "ISO/IEC 27001:2022 (including Amd 1:2024)",
            "ISO/IEC 27001:2022 with Amendment 1:2024",
            "EN ISO/IEC 27001:2023",
            "EN ISO/IEC 27001:2023/A1:2024",
            "BS EN ISO/IEC 27001:2023",
            "BS EN ISO/IEC 27001:2023+A1:2024",
            "DIN EN ISO/IEC 27001:2024-01",
            "UNE-EN ISO/IEC 27001:2023",
            "DS/EN ISO/IEC 27001:2023",
            "ISO 27001:2022",
            "iso/iec 27001 : 2022",
            "  ISO / IEC   27001:2022  ",
            "ISO\u{2011}IEC 27001\u{ff1a}2022",
            "ISO/IEC 27001 2022",
            "27001:2022",
            "2022",
        ];
        for text in editions_2022 {
            assert_eq!(Standard::parse(text), Ok(Standard::Iso27001_2022), "{text}");
        }
        let editions_2013 = [
            "ISO/IEC 27001:2013",
            "ISO 27001:2013",
            "ISO/IEC 27001:2013/Cor 1:2014",
            "ISO/IEC 27001:2013 + Cor 1:2014 + Cor 2:2015",
            "EN ISO/IEC 27001:2017",
            "BS EN ISO/IEC 27001:2017",
            "DIN EN ISO/IEC 27001:2017-06",
            "2013",
        ];
        for text in editions_2013 {
            assert_eq!(Standard::parse(text), Ok(Standard::Iso27001_2013), "{text}");
        }
    }

    #[test]
    fn refuses_other_standards_editions_and_amendments_with_the_accepted_forms() {
        for text in [
            "",
            "ISO 9001:2015",
            "ISO/IEC 27002:2022",
            "ISO/IEC 27001",
            "ISO/IEC 27001:2005",
            "ISO/IEC 27001:2023",
            "ISO/IEC 27001:2017",
            "EN ISO/IEC 27001:2019",
            "ISO/IEC 27001:2022/Amd 2:2025",
            "ISO/IEC 27001:2013/Amd 1:2024",
            "ISO/IEC 27001:2022/Cor 1:2014",
            "ISO/IEC 27001:2022 and ISO/IEC 27701:2019",
            "ISO/IEC 27001:2022 certified",
            "27001",
            "2024",
        ] {
            let error = Standard::parse(text).expect_err(text);
            let message = error.to_string();
            assert!(
                message.contains("'ISO/IEC 27001:2022/Amd 1:2024'"),
                "{message}"
            );
            assert!(message.contains("'EN ISO/IEC 27001:2023'"), "{message}");
        }
        assert!(
            Standard::parse("ISO/IEC 27001:2005")
                .unwrap_err()
                .to_string()
                .contains("withdrawn")
        );
    }

    #[test]
    fn serde_reads_printed_forms_and_writes_the_canonical_name() {
        let read: Standard = serde_json::from_str("\"ISO/IEC 27001:2022 + A1:2024\"").unwrap();
        assert_eq!(read, Standard::Iso27001_2022);
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            "\"ISO/IEC 27001:2022\""
        );
        let error = serde_json::from_str::<Standard>("\"ISO/IEC 27001:2005\"").unwrap_err();
        assert!(error.to_string().contains("2005 edition"), "{error}");
    }
}

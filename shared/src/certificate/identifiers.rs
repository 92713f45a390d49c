//! Registry identifiers of a legal entity (VAT, D-U-N-S, LEI, company registration number): how
//! they are compared, and the shape an LEI must have.

use serde::{Deserialize, Serialize};

/// Registry identifiers of a legal entity. Each is compared in its [`identifier_key`] form, so
/// spaces, dots, dashes and letter case do not matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identifiers {
    /// VAT number, with its country prefix where it has one (`IE6388047V`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat: Option<String>,
    /// Dun & Bradstreet D-U-N-S number (nine digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duns: Option<String>,
    /// Company registration number in the entity's country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
    /// Legal Entity Identifier (ISO 17442): 20 letters and digits, the last two check digits.
    /// [`check_lei`] tells whether a value has that shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lei: Option<String>,
}

impl Identifiers {
    /// Every identifier kind, as written in JSON, CSV columns and the registry's identifier
    /// index.
    pub const KINDS: [&'static str; 4] = ["vat", "duns", "registration_number", "lei"];

    /// True when no identifier is given.
    pub fn is_empty(&self) -> bool {
        self.present().is_empty()
    }

    /// The identifiers that are present, as `(kind, value)` with kind one of [`Self::KINDS`].
    pub fn present(&self) -> Vec<(&'static str, &str)> {
        [
            ("vat", &self.vat),
            ("duns", &self.duns),
            ("registration_number", &self.registration_number),
            ("lei", &self.lei),
        ]
        .into_iter()
        .filter_map(|(kind, value)| value.as_deref().map(|v| (kind, v)))
        .collect()
    }

    /// The value of identifier `kind` (one of [`Self::KINDS`]).
    pub fn get(&self, kind: &str) -> Option<&str> {
        match kind {
            "vat" => self.vat.as_deref(),
            "duns" => self.duns.as_deref(),
            "registration_number" => self.registration_number.as_deref(),
            "lei" => self.lei.as_deref(),
            _ => None,
        }
    }
}

/// The identifier kind in plain words ("VAT number"), for messages.
pub fn identifier_label(kind: &str) -> &'static str {
    match kind {
        "vat" => "VAT number",
        "duns" => "D-U-N-S number",
        "registration_number" => "company registration number",
        "lei" => "Legal Entity Identifier (LEI)",
        _ => "identifier",
    }
}

/// The comparable form of an identifier or certificate number: its letters and digits, upper
/// case ("ie 638-8047.v" = "IE6388047V").
pub fn identifier_key(text: &str) -> String {
    if text.is_ascii() {
        // Most numbers: an ASCII letter or digit is alphanumeric and upper-cases to one byte.
        let mut key = String::with_capacity(text.len());
        key.extend(
            text.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_uppercase())),
        );
        return key;
    }
    identifier_key_chars(text)
}

/// [`identifier_key`], character by character (any text).
fn identifier_key_chars(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// True when two values of identifier `kind` name the same entity: equal [`identifier_key`]s,
/// or, for a VAT number, equal once one side's two-letter country prefix is set aside
/// ("IE6388047V" = "6388047V").
pub fn same_identifier(kind: &str, a: &str, b: &str) -> bool {
    let (a, b) = (identifier_key(a), identifier_key(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let without_prefix = |long: &str, short: &str| {
        long.len() == short.len() + 2
            && long.starts_with(|c: char| c.is_ascii_alphabetic())
            && long[1..].starts_with(|c: char| c.is_ascii_alphabetic())
            && long[2..] == *short
    };
    kind == "vat" && (without_prefix(&a, &b) || without_prefix(&b, &a))
}

/// Why a value is not a Legal Entity Identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LeiError {
    /// Not 20 characters once spaces are removed.
    #[error("an LEI has 20 characters (letters and digits); this one has {0}")]
    Length(usize),
    /// A character other than a letter A–Z or a digit.
    #[error("an LEI holds only letters A to Z and digits; '{0}' is neither")]
    Character(char),
    /// The check digits (the last two) do not match the first eighteen characters.
    #[error(
        "the last two digits are not this LEI's check digits (ISO 17442, mod 97): a character \
         is probably mistyped"
    )]
    CheckDigits,
}

/// Checks that `text` is a Legal Entity Identifier: 20 letters and digits (spaces and letter
/// case ignored) whose last two are digits that satisfy the ISO 17442 check (ISO 7064 mod 97-10,
/// as for an IBAN: letters count as 10–35 and the whole number leaves remainder 1 when divided
/// by 97). Whether the LEI is issued to anyone is not checked.
///
/// ```
/// use annexa_shared::certificate::{check_lei, LeiError};
/// assert_eq!(check_lei("529900FJORDTRAVEL043"), Ok(()));
/// assert_eq!(check_lei("529900FJORDTRAVEL034"), Err(LeiError::CheckDigits));
/// ```
pub fn check_lei(text: &str) -> Result<(), LeiError> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if let Some(bad) = chars.iter().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(LeiError::Character(*bad));
    }
    if chars.len() != 20 {
        return Err(LeiError::Length(chars.len()));
    }
    if !chars[18..].iter().all(char::is_ascii_digit) {
        return Err(LeiError::CheckDigits);
    }
    let remainder = chars.iter().fold(0u32, |remainder, c| {
        let value = c.to_digit(36).unwrap_or(0);
        let shift = if value >= 10 { 100 } else { 10 };
        (remainder * shift + value) % 97
    });
    if remainder == 1 {
        Ok(())
    } else {
        Err(LeiError::CheckDigits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // proptest builds natively only (see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The ASCII shortcut gives what the character rules give, for any text.
        #[test]
        fn an_identifier_key_is_the_character_rules_for_any_text(
            text in proptest::prop_oneof![
                "[a-zA-Z0-9 ./-]{0,20}",
                "[a-zA-Z0-9 ßéİı-]{0,20}",
                proptest::prelude::any::<String>(),
            ],
        ) {
            proptest::prop_assert_eq!(identifier_key(&text), identifier_key_chars(&text));
        }
    }

    /// `prefix` (18 characters) completed with its ISO 17442 check digits.
    fn with_check_digits(prefix: &str) -> String {
        (0..100)
            .map(|n| format!("{prefix}{n:02}"))
            .find(|lei| check_lei(lei).is_ok())
            .unwrap()
    }

    #[test]
    fn lei_check_digits_catch_typing_errors() {
        for prefix in [
            "529900FJORDTRAVEL0",
            "984500ACMEPAYROLL0",
            "5493000NORDLICHT00",
        ] {
            let lei = with_check_digits(prefix);
            assert_eq!(check_lei(&lei), Ok(()), "{lei}");
            assert_eq!(check_lei(&lei.to_lowercase()), Ok(()), "{lei}");
            // Exactly one pair of check digits fits.
            let fitting = (0..100)
                .filter(|n| check_lei(&format!("{prefix}{n:02}")).is_ok())
                .count();
            assert_eq!(fitting, 1, "{prefix}");
            // Any single changed character and any swap of two neighbours is caught.
            let chars: Vec<char> = lei.chars().collect();
            for i in 0..18 {
                let mut typo = chars.clone();
                typo[i] = if typo[i] == '7' { '8' } else { '7' };
                let typo: String = typo.into_iter().collect();
                assert_eq!(check_lei(&typo), Err(LeiError::CheckDigits), "{typo}");
                let mut swapped = chars.clone();
                swapped.swap(i, i + 1);
                if swapped != chars {
                    let swapped: String = swapped.into_iter().collect();
                    assert_eq!(check_lei(&swapped), Err(LeiError::CheckDigits), "{swapped}");
                }
            }
        }
        // A published LEI (of a well-known financial data company) passes.
        assert_eq!(check_lei("5493001KJTIIGC8Y1R12"), Ok(()));
    }

    #[test]
    fn lei_shape_errors_say_what_is_wrong() {
        assert_eq!(check_lei("529900FJORDTRAVEL04"), Err(LeiError::Length(19)));
        assert_eq!(
            check_lei("529900-FJORDTRAVEL043"),
            Err(LeiError::Character('-'))
        );
        assert_eq!(
            check_lei("529900FJORDTRAVEL0AB"),
            Err(LeiError::CheckDigits)
        );
        assert!(LeiError::Length(19).to_string().contains("20 characters"));
    }

    #[test]
    fn identifiers_compare_without_punctuation_case_or_vat_prefix() {
        assert!(same_identifier("vat", "IE 6388047 V", "ie6388047v"));
        assert!(same_identifier("vat", "DK-12345678", "12345678"));
        assert!(same_identifier("duns", "12-345-6789", "123456789"));
        assert!(!same_identifier("duns", "DK123456789", "123456789"));
        assert!(!same_identifier("vat", "DK12345678", "SE12345678"));
        assert!(!same_identifier("registration_number", "", ""));
        let ids = Identifiers {
            lei: Some("529900FJORDTRAVEL043".into()),
            ..Identifiers::default()
        };
        assert_eq!(ids.present(), [("lei", "529900FJORDTRAVEL043")]);
        assert!(!ids.is_empty());
        assert_eq!(ids.get("lei"), Some("529900FJORDTRAVEL043"));
    }
}

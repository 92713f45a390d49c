//! [`Text`]: a string of a report that is usually one of the built-in catalog's texts, and
//! [`capitalised`] for a text that opens a sentence.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Serialize};

/// A text in a report (an id, a title, a label, a recommendation): borrowed from the built-in
/// catalog, so scoring copies none of them, or owned when composed for one report or read back
/// from JSON. It reads like a `&str` and serialises as a plain JSON string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(Cow<'static, str>);

impl Text {
    /// A text of the built-in data, borrowed for as long as the program runs.
    pub const fn from_static(text: &'static str) -> Self {
        Text(Cow::Borrowed(text))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&'static str> for Text {
    fn from(text: &'static str) -> Self {
        Text::from_static(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(Cow::Owned(text))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.0.into_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

/// `text` with a capital first letter, for a text that opens a sentence ("you serve …" → "You
/// serve …"). Only an ASCII first letter changes; any other first character is kept as it is.
/// Every text of ours that goes through here (advice reasons, blocker reasons, recommendations)
/// starts with an ASCII letter — the tests check the recommendations — and Unicode's case
/// mapping would bring its tables into the widget (about 25 KB, 9 KB brotli) for a letter we
/// never write.
pub fn capitalised(text: &str) -> String {
    let mut out = text.to_owned();
    // `get_mut(..1)` is `None` when the first character takes more than one byte.
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn a_sentence_opens_with_a_capital_letter() {
        assert_eq!(capitalised("you serve US buyers"), "You serve US buyers");
        assert_eq!(capitalised("Already capital"), "Already capital");
        assert_eq!(capitalised("27001 first"), "27001 first");
        assert_eq!(capitalised(""), "");
        // Not an ASCII letter: kept, not mapped (no text of ours starts like this).
        assert_eq!(capitalised("élan"), "élan");
    }

    #[test]
    fn every_recommendation_capitalises_as_unicode_would() {
        let mut checked = 0;
        for requirement in catalog().requirements() {
            let id = requirement.id;
            let Some(text) = crate::guidance::recommendation(id) else {
                continue;
            };
            let mut chars = text.chars();
            let unicode: String = chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            assert_eq!(capitalised(text), unicode, "{id}");
            checked += 1;
        }
        assert!(checked > 100, "only {checked} recommendations");
    }

    #[test]
    fn borrowed_and_owned_texts_are_the_same_json_string() {
        let borrowed = Text::from_static("Information security policies");
        let owned = Text::from(String::from("Information security policies"));
        assert_eq!(borrowed, owned);
        assert_eq!(
            serde_json::to_string(&borrowed).unwrap(),
            "\"Information security policies\""
        );
        let read: Text = serde_json::from_str("\"A.5.1\"").unwrap();
        assert_eq!(read, "A.5.1");
    }
}

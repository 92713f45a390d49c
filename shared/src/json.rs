//! A small JSON reader for the widget, which reads its saved progress on every return: the text
//! becomes a [`Json`] tree once, and typed readers walk it
//! ([`crate::AnswersDocument::from_json`]). serde's derived deserializers are compiled once per
//! type and per field type; for the answers document and its profile they came to about 37 KB of
//! the widget module, this reader and its walkers to a few.
//!
//! It reads RFC 8259 JSON the way `serde_json::from_str` does: the same grammar (no leading
//! zeros, no trailing commas, no control characters in strings, one value and then only
//! whitespace), the same escapes (a `\u` escape that is half of a surrogate pair must have its
//! other half), at most 128 levels of nesting. Numbers are kept as written; an object keeps its
//! members in order, repeats included, so that its reader can refuse a repeated name.
//!
//! What the widget writes goes through [`write`], the writer beside this reader.

pub mod scan;
pub mod write;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(&'a str),
    /// A string, its escapes read.
    Str(String),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object's members in document order, repeated names included.
    Object(Vec<(String, Json<'a>)>),
}

/// The deepest nesting read, as `serde_json`'s recursion limit.
const MAX_DEPTH: usize = 128;

/// The value `text` holds, or `None` when it is not exactly one JSON value (whitespace around).
pub fn parse(text: &str) -> Option<Json<'_>> {
    let mut reader = Reader::new(text);
    let value = reader.value(MAX_DEPTH)?;
    reader.at_end().then_some(value)
}

/// [`MAX_DEPTH`] less `levels`: what a value nested inside `levels` levels may still use.
pub(crate) fn depth_left(levels: usize) -> usize {
    MAX_DEPTH.saturating_sub(levels)
}

impl<'a> Json<'a> {
    /// A whole number that fits `T` (`u32`, `usize`), as serde reads one: written without a
    /// fraction or exponent, and not negative (serde_json reads `-0` as a float).
    pub fn whole<T: TryFrom<u64>>(&self) -> Option<T> {
        let Json::Number(text) = self else {
            return None;
        };
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        T::try_from(text.parse::<u64>().ok()?).ok()
    }

    /// The text of a string.
    pub fn str(&self) -> Option<&str> {
        match self {
            Json::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The name of an enum's unit variant as serde reads one: a string, or an object with that
    /// one name and `null`.
    pub fn variant(&self) -> Option<&str> {
        match self {
            Json::Str(text) => Some(text),
            Json::Object(members) => match members.as_slice() {
                [(name, Json::Null)] => Some(name),
                _ => None,
            },
            _ => None,
        }
    }

    /// The members of an object, or `None` when it is not one or names a member of `fields`
    /// twice (serde refuses a repeated field; other names may repeat).
    pub fn members(&self, fields: &[&str]) -> Option<&[(String, Json<'a>)]> {
        let Json::Object(members) = self else {
            return None;
        };
        for (i, (name, _)) in members.iter().enumerate() {
            if fields.contains(&name.as_str()) && members[..i].iter().any(|(n, _)| n == name) {
                return None;
            }
        }
        Some(members)
    }
}

/// A reader of JSON text from a position: the tree reader above, and readers of one document's
/// own shape ([`crate::AnswersDocumentRef::read_plain`]) that take its pieces from here.
pub(crate) struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Reader { text, at: 0 }
    }

    /// Where the reader is: [`Reader::rewind`] comes back here.
    pub(crate) fn position(&self) -> usize {
        self.at
    }

    /// Back to a [`Reader::position`] taken earlier, to read the same text another way.
    pub(crate) fn rewind(&mut self, position: usize) {
        self.at = position;
    }

    /// The bytes from where the reader is to the end.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.text.as_bytes()[self.at..]
    }

    /// `count` bytes on, past bytes the caller has read from [`Reader::rest`] (ending at a
    /// character boundary).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn skip(&mut self, count: usize) {
        self.at += count;
    }

    /// Whether only whitespace is left.
    pub(crate) fn at_end(&mut self) -> bool {
        self.whitespace();
        self.at == self.text.len()
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn whitespace(&mut self) {
        self.at = scan::whitespace_end(self.text.as_bytes(), self.at);
    }

    /// The next byte after whitespace, consumed when it is `byte`.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn eat(&mut self, byte: u8) -> bool {
        self.whitespace();
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    /// `word` (a literal such as `null`) after whitespace, consumed when it comes next.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn literal(&mut self, word: &str) -> bool {
        self.whitespace();
        let found = self.text.as_bytes()[self.at..].starts_with(word.as_bytes());
        if found {
            self.at += word.len();
        }
        found
    }

    /// `bytes` exactly where the reader is (no whitespace skipped), consumed when they come
    /// next.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn exactly(&mut self, bytes: &str) -> bool {
        let found = self.text.as_bytes()[self.at..].starts_with(bytes.as_bytes());
        if found {
            self.at += bytes.len();
        }
        found
    }

    /// The text from one position to another, both taken from the reader at a character
    /// boundary (after or at an ASCII quote or punctuation).
    pub(crate) fn text(&self, from: usize, to: usize) -> Option<&'a str> {
        self.text.get(from..to)
    }

    /// The value after whitespace, nested at most `depth` levels.
    pub(crate) fn value(&mut self, depth: usize) -> Option<Json<'a>> {
        self.whitespace();
        let literal = |reader: &mut Self, word, value| reader.literal(word).then_some(value);
        match self.peek()? {
            b'n' => literal(self, "null", Json::Null),
            b't' => literal(self, "true", Json::Bool(true)),
            b'f' => literal(self, "false", Json::Bool(false)),
            b'"' => self.string().map(Json::Str),
            b'[' => {
                let depth = depth.checked_sub(1).filter(|d| *d > 0)?;
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Json::Array(items))
            }
            b'{' => {
                let depth = depth.checked_sub(1).filter(|d| *d > 0)?;
                self.at += 1;
                let mut members = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.whitespace();
                        if self.peek() != Some(b'"') {
                            return None;
                        }
                        let name = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        members.push((name, self.value(depth)?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Json::Object(members))
            }
            _ => self.number(),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Option<Json<'a>> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        self.text.get(start..self.at).map(Json::Number)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A string after whitespace without escapes or control characters, borrowed from the
    /// text; `None`, and the position unchanged past the whitespace, for any other value.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn plain_string(&mut self) -> Option<&'a str> {
        self.whitespace();
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.at + 1;
        let end = scan::string_stop(self.text.as_bytes(), start);
        if self.text.as_bytes().get(end) != Some(&b'"') {
            return None;
        }
        self.at = end + 1;
        // Both ends are ASCII quotes, so they are character boundaries.
        self.text.get(start..end)
    }

    /// A string, at its opening quote.
    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            self.at = scan::string_stop(self.text.as_bytes(), start);
            out.push_str(self.text.get(start..self.at)?);
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    let escape = self.peek()?;
                    self.at += 1;
                    out.push(match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    });
                }
                // A control character.
                _ => return None,
            }
        }
    }

    /// The character of a `\u` escape (after the `u`), with the second half of a pair.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xDC00..0xE000).contains(&first) {
            return None;
        }
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first);
        }
        if self.text.get(self.at..self.at + 2)? != "\\u" {
            return None;
        }
        self.at += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_json makes of `text`, in this module's terms.
    fn serde(text: &str) -> Option<String> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        Some(value.to_string())
    }

    fn ours(text: &str) -> Option<String> {
        fn write(json: &Json<'_>) -> serde_json::Value {
            match json {
                Json::Null => serde_json::Value::Null,
                Json::Bool(b) => serde_json::Value::Bool(*b),
                Json::Number(n) => serde_json::from_str(n).expect("a number serde reads"),
                Json::Str(s) => serde_json::Value::String(s.clone()),
                Json::Array(items) => items.iter().map(write).collect(),
                // serde_json's map keeps the last of repeated names.
                Json::Object(members) => serde_json::Value::Object(
                    members
                        .iter()
                        .map(|(name, value)| (name.clone(), write(value)))
                        .collect(),
                ),
            }
        }
        parse(text).map(|json| write(&json).to_string())
    }

    #[test]
    fn reads_what_serde_json_reads_and_refuses_what_it_refuses() {
        let cases = [
            "null",
            " true ",
            "false",
            "tru",
            "nul",
            "0",
            "-0",
            "01",
            "-",
            "1.",
            ".5",
            "1.5",
            "1e5",
            "1E+5",
            "1e",
            "-12.5e-3",
            "18446744073709551616",
            "\"\"",
            "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
            "\"\\u00e9\\u20AC\"",
            "\"\\ud83d\\ude00\"",
            "\"\\ud83d\"",
            "\"\\ude00\"",
            "\"\\ud83dx\"",
            "\"\\ud83d\\u0041\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"tab\there\"",
            "\"line\nbreak\"",
            "\"héllo ünïcode 😀\"",
            "\"unterminated",
            "[]",
            "[ ]",
            "[1,]",
            "[,1]",
            "[1 2]",
            "[1,[2,[3]]]",
            "{}",
            "{ }",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a:1}",
            "{\"a\":1,\"a\":2}",
            "{\"a\":{\"b\":[null,true,\"x\"]}}",
            "1 2",
            "[1] x",
            "",
            "   ",
            "\u{feff}1",
        ];
        for text in cases {
            assert_eq!(ours(text), serde(text), "{text:?}");
        }
    }

    #[test]
    fn nesting_stops_where_serde_json_stops() {
        for depth in [1, 100, 126, 127, 128, 129, 200, 10_000] {
            let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            assert_eq!(ours(&text), serde(&text), "{depth} levels");
            let text = format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
            let text = text.replacen("{\"a\":}", "{}", 1);
            assert_eq!(
                ours(&text).is_some(),
                serde(&text).is_some(),
                "{depth} objects"
            );
        }
    }

    #[test]
    fn whole_numbers_are_read_as_serde_reads_them() {
        for (text, expected) in [
            ("0", Some(0)),
            ("42", Some(42)),
            ("4294967295", Some(u32::MAX)),
            ("4294967296", None),
            ("-0", None),
            ("-1", None),
            ("1.0", None),
            ("1e2", None),
        ] {
            let json = parse(text).unwrap();
            assert_eq!(json.whole::<u32>(), expected, "{text}");
            let serde: Option<u32> = serde_json::from_str(text).ok();
            assert_eq!(serde, expected, "serde on {text}");
        }
    }
}

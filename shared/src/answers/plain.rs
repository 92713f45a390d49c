//! The answers document as programs write it, read without serde: a shortcut for the score
//! route, which reads one per request.
//!
//! serde_json's derived reading of [`AnswersDocumentRef`] spent about 1,100 instructions per
//! answer (callgrind, the full questionnaire's 123 answers as the load test sends them),
//! half of the route's work. This reader handles the plain form of the document only: the four
//! fields at most once each, strings without escapes or control characters, answers as
//! `{"value": "<code>"}` with an optional `"justification"` string or `null`, the profile as
//! serde reads it (through the widget's reader of it). Anything else — an escape, an unknown or repeated
//! field, a question answered twice, a value in another form, any syntax error — gives `None`,
//! and the caller reads the text with serde, which accepts or refuses it with its own message.
//! So what this reader accepts, serde accepts too, as the same document: the answers fuzz
//! campaign (`tests/fuzz_answers.rs`) checks that on every case. (The crate does not depend on
//! serde_json, which the widget leaves out; the API makes the call.)

use std::borrow::Cow;
use std::ops::Range;

use super::borrowed::{AnswerRef, AnswersDocumentRef};
use super::{AnswerValue, Profile};
use crate::json;
use crate::questionnaire::{Mode, questionnaire};

/// The plain document `text` holds, or `None` when it is not one (see the module).
pub(super) fn read(text: &str) -> Option<AnswersDocumentRef<'_>> {
    read_noting(text, None)
}

/// As [`read`], with where each answer's code is in `text` (from its opening quote to after
/// its closing one), in the document's order, which is then the answers' order: `None` when
/// the answers came out of id order.
pub(crate) fn read_with_codes(
    text: &str,
) -> Option<(AnswersDocumentRef<'_>, Option<Vec<Range<usize>>>)> {
    let mut codes = Some(Vec::new());
    let doc = read_noting(text, Some(&mut codes))?;
    Some((doc, codes))
}

fn read_noting<'a>(
    text: &'a str,
    codes: Option<&mut Option<Vec<Range<usize>>>>,
) -> Option<AnswersDocumentRef<'a>> {
    let mut reader = Reader(json::Reader::new(text), codes);
    let doc = reader.document()?;
    reader.0.at_end().then_some(doc)
}

/// The document's shape read from the pieces of the shared JSON reader: its whitespace,
/// punctuation, literals and plain strings; and, when asked, where each answer's code is
/// (see [`read_with_codes`]).
struct Reader<'a, 'c>(json::Reader<'a>, Option<&'c mut Option<Vec<Range<usize>>>>);

/// The bytes around an answer's code as an answer read piece by piece had them: from after its
/// id's closing quote to its code's opening quote, and from after the code's closing quote to
/// the next id's opening quote (see [`Reader::answers`]).
#[derive(Debug, Clone, Copy)]
struct Layout<'a> {
    before_code: &'a str,
    after_code: &'a str,
}

impl<'a> Reader<'a, '_> {
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn plain_string(&mut self) -> Option<&'a str> {
        self.0.plain_string()
    }

    /// `{ "name": <member>, … }`, each member read by `member`; `None` from it stops.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        if !self.0.eat(b'{') {
            return None;
        }
        if self.0.eat(b'}') {
            return Some(());
        }
        loop {
            let name = self.plain_string()?;
            if !self.0.eat(b':') {
                return None;
            }
            member(self, name)?;
            if self.0.eat(b',') {
                continue;
            }
            return self.0.eat(b'}').then_some(());
        }
    }

    fn document(&mut self) -> Option<AnswersDocumentRef<'a>> {
        let mut version = None;
        let mut mode = None;
        let mut profile = None;
        let mut answers = None;
        self.object(|reader, name| match name {
            "questionnaire_version" if version.is_none() => {
                version = Some(reader.plain_string()?);
                Some(())
            }
            "mode" if mode.is_none() => {
                mode = Some(Mode::from_name(reader.plain_string()?)?);
                Some(())
            }
            "profile" if profile.is_none() => {
                profile = Some(reader.profile()?);
                Some(())
            }
            "answers" if answers.is_none() => {
                answers = Some(reader.answers(mode)?);
                Some(())
            }
            _ => None,
        })?;
        Some(AnswersDocumentRef::from_parts(
            Cow::Borrowed(version?),
            mode?,
            profile.unwrap_or_default(),
            answers.unwrap_or_default(),
        ))
    }

    /// The profile, read as the widget reads it ([`Profile::from_json`], which reads what serde
    /// reads): it is small, and rarely plain (numbers, lists, `null`s).
    fn profile(&mut self) -> Option<Profile> {
        // Inside the document's object: one level used.
        Profile::from_json(&self.0.value(json::depth_left(1))?)
    }

    /// The answers, sorted by question id; `None` when a question is answered twice. `mode`,
    /// when the document named it before its answers (as programs write it), sizes the list:
    /// a valid document answers each of its questionnaire's questions at most once.
    ///
    /// A program writes every answer alike: the same bytes between an id and its code, and
    /// between the code and the next id (`: {⏎      "value": "` and `"⏎    },⏎    "` when
    /// indented). Once an answer has been read piece by piece ([`Reader::value_only`]), those
    /// bytes are kept ([`Layout`]), and each next answer that has them exactly is read by
    /// comparing them instead of taking each piece in turn (the full questionnaire's reading:
    /// 70,400 → 50,500 instructions). Equal bytes are read alike either way, so the
    /// document read is the same; an answer laid out otherwise is read piece by piece.
    fn answers(&mut self, mode: Option<Mode>) -> Option<Vec<(Cow<'a, str>, AnswerRef<'a>)>> {
        let questions = mode.map_or(0, |mode| questionnaire(mode).questions.len());
        let mut answers: Vec<(Cow<'a, str>, AnswerRef<'a>)> = Vec::with_capacity(questions);
        if !self.0.eat(b'{') {
            return None;
        }
        if !self.0.eat(b'}') {
            let mut layout: Option<Layout<'a>> = None;
            // The last answer read piece by piece: the bytes before its code, and where its
            // code ended (the bytes after it end at the next id, once that is read).
            let mut learning: Option<(&'a str, usize)> = None;
            loop {
                let id = self.plain_string()?;
                let after_id = self.0.position();
                if let Some((before_code, code_end)) = learning.take() {
                    // The id's opening quote: the id is plain, so its bytes are as read.
                    let id_open = after_id - id.len() - 2;
                    layout = Some(Layout {
                        before_code,
                        after_code: self.0.text(code_end, id_open)?,
                    });
                }
                if let Some((value, code)) = layout.and_then(|layout| self.in_layout(layout)) {
                    self.note(code);
                    answers.push((Cow::Borrowed(id), value));
                    continue;
                }
                if !self.0.eat(b':') {
                    return None;
                }
                let (answer, code) = match self.value_only() {
                    Some((answer, code_open, code_end)) => {
                        learning = Some((self.0.text(after_id, code_open)?, code_end));
                        (answer, code_open..code_end)
                    }
                    None => self.answer()?,
                };
                self.note(code);
                answers.push((Cow::Borrowed(id), answer));
                if self.0.eat(b',') {
                    continue;
                }
                if self.0.eat(b'}') {
                    break;
                }
                return None;
            }
        }
        // Documents are mostly written in id order already, with no id twice: then there is
        // nothing to sort. Else a stable sort keeps a repeat next to its first, where the check
        // below finds it.
        if !answers.is_sorted_by(|(a, _), (b, _)| a < b) {
            self.forget_codes();
            answers.sort_by(|(a, _), (b, _)| a.cmp(b));
            if answers.windows(2).any(|pair| pair[0].0 == pair[1].0) {
                return None;
            }
        }
        Some(answers)
    }

    /// An answer laid out as `layout` says, after its id: `layout.before_code`, a plain code,
    /// `layout.after_code` (which ends with the comma before the next id, so there is one).
    /// `None`, with the reader where it was, when any of it differs.
    /// With the answer, where its code is (its quotes included).
    fn in_layout(&mut self, layout: Layout<'a>) -> Option<(AnswerRef<'a>, Range<usize>)> {
        let start = self.0.position();
        let code_open = start + layout.before_code.len();
        let value = (self.0.exactly(layout.before_code))
            .then(|| self.quoted_code())
            .flatten()
            .map(|value| (value, code_open..self.0.position()))
            .filter(|_| self.0.exactly(layout.after_code));
        if value.is_none() {
            self.0.rewind(start);
        }
        value.map(|(value, code)| {
            let answer = AnswerRef {
                value,
                justification: None,
            };
            (answer, code)
        })
    }

    /// Notes where the answer just read has its code, when the caller asked for them.
    fn note(&mut self, code: Range<usize>) {
        if let Some(Some(codes)) = self.1.as_deref_mut() {
            codes.push(code);
        }
    }

    /// No codes for the caller: the answers are not in the document's order.
    fn forget_codes(&mut self) {
        if let Some(codes) = self.1.as_deref_mut() {
            *codes = None;
        }
    }

    /// An answer's code in its quotes right where the reader is (`"yes"`, `"not_applicable"`),
    /// consumed ([`quoted_code_at`]). `None` for anything else, with the reader where it was.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn quoted_code(&mut self) -> Option<AnswerValue> {
        let (value, length) = quoted_code_at(self.0.rest())?;
        self.0.skip(length);
        Some(value)
    }

    /// The form nearly every answer takes, `{"value": "<code>"}` (whitespace anywhere between
    /// the pieces), read piece by piece without [`Reader::object`]'s steps for members in any
    /// order (93,000 → 81,000 instructions for the full questionnaire when it was added), with
    /// where its code's quotes are (the opening one, and the byte after the closing one).
    /// `None`, with the reader where it was, for any other form, which [`Reader::answer`] then
    /// reads; what this accepts, that reads as the same answer.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn value_only(&mut self) -> Option<(AnswerRef<'a>, usize, usize)> {
        let start = self.0.position();
        let opened = self.0.eat(b'{') && self.0.literal("\"value\"") && self.0.eat(b':');
        let code = if opened { self.plain_string() } else { None };
        let code_end = self.0.position();
        match code.and_then(|code| Some((code, AnswerValue::from_code(code)?))) {
            Some((code, value)) if self.0.eat(b'}') => Some((
                AnswerRef {
                    value,
                    justification: None,
                },
                // The code is plain, so its bytes are as read, between two quotes.
                code_end - code.len() - 2,
                code_end,
            )),
            _ => {
                self.0.rewind(start);
                None
            }
        }
    }

    /// `{"value": "<code>", "justification": "<text>" | null}`, the justification optional;
    /// with where its code is (its quotes included).
    fn answer(&mut self) -> Option<(AnswerRef<'a>, Range<usize>)> {
        let mut value = None;
        let mut justification: Option<Option<&'a str>> = None;
        self.object(|reader, name| match name {
            "value" if value.is_none() => {
                let code = reader.plain_string()?;
                let code_end = reader.0.position();
                // The code is plain, so its bytes are as read, between two quotes.
                let code_open = code_end - code.len() - 2;
                value = Some((AnswerValue::from_code(code)?, code_open..code_end));
                Some(())
            }
            "justification" if justification.is_none() => {
                justification = Some(if reader.0.literal("null") {
                    None
                } else {
                    Some(reader.plain_string()?)
                });
                Some(())
            }
            _ => None,
        })?;
        let (value, code) = value?;
        let answer = AnswerRef {
            value,
            justification: justification.flatten().map(Cow::Borrowed),
        };
        Some((answer, code))
    }
}

/// The answer code in its quotes at the start of `bytes` (`"yes"`, `"not_applicable"`) and its
/// length, quotes included: what a plain string read as a code accepts there, with no
/// whitespace before it. The quoted codes differ in their first letter but for `no` and
/// `not_applicable`, so that letter picks the one or two to compare whole, instead of finding
/// the string's end and then comparing it with each code (the full questionnaire's reading:
/// about 60 instructions an answer less).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub(super) fn quoted_code_at(bytes: &[u8]) -> Option<(AnswerValue, usize)> {
    use AnswerValue::*;
    // Each code compared as a literal, a comparison of known length the compiler writes out in
    // place.
    let quoted =
        |text: &str, value| (bytes.starts_with(text.as_bytes())).then_some((value, text.len()));
    match bytes.get(..2)? {
        [b'"', b'y'] => quoted("\"yes\"", Yes),
        [b'"', b'p'] => quoted("\"partial\"", Partial),
        [b'"', b'u'] => quoted("\"unsure\"", Unsure),
        [b'"', b'n'] => {
            quoted("\"no\"", No).or_else(|| quoted("\"not_applicable\"", NotApplicable))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde(text: &str) -> Option<AnswersDocumentRef<'_>> {
        serde_json::from_str(text).ok()
    }

    #[test]
    fn reads_every_golden_fixture_as_serde_does() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut read_plain = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.to_string_lossy().ends_with(".answers.json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let plain = read(&text);
            assert!(plain.is_some(), "{} is plain", path.display());
            assert_eq!(plain, serde(&text), "{}", path.display());
            read_plain += 1;
        }
        assert!(read_plain >= 4, "{read_plain} fixtures");
    }

    /// Every text one byte away from a plain document — each byte inserted, replaced or
    /// deleted anywhere — is read as serde reads it, or left to serde.
    #[test]
    fn reads_nothing_serde_refuses_one_byte_away_from_a_plain_document() {
        let samples = [
            r#"{"questionnaire_version":"2026.2","mode":"quick","answers":{"quick.scope":{"value":"yes"},"q.A.5":{"value":"not_applicable","justification":"no"}}}"#,
            r#"{"mode":"full","profile":{"sites":2,"data":["phi"],"recent_breach":null},"questionnaire_version":"2","answers":{"b":{"justification":null,"value":"no"}}}"#,
            // Answers alike: the second and third are read by their layout (`Layout`), so a
            // change anywhere in them, or in the first, whose layout they follow, is tried.
            r#"{"questionnaire_version":"2","mode":"full","answers":{"a":{"value":"yes"},"b":{"value":"no"},"c":{"value":"partial"},"d":{"value":"unsure"}}}"#,
            // Each code read by its layout, `no` and `not_applicable` (one first letter) too.
            r#"{"questionnaire_version":"2","mode":"full","answers":{"a":{"value":"no"},"b":{"value":"not_applicable"},"c":{"value":"no"},"d":{"value":"yes"}}}"#,
            "{\"questionnaire_version\": \"2\", \"mode\": \"full\", \"answers\": {\n  \"a\": {\n    \"value\": \"yes\"\n  },\n  \"b\": {\n    \"value\": \"no\"\n  },\n  \"c\": {\n    \"value\": \"unsure\"\n  }\n}}",
        ];
        let mut plain_cases = 0;
        for sample in samples {
            assert!(read(sample).is_some(), "{sample}");
            let bytes = sample.as_bytes();
            let mut texts = Vec::new();
            for at in 0..=bytes.len() {
                if at < bytes.len() {
                    let mut deleted = bytes.to_vec();
                    deleted.remove(at);
                    texts.push(deleted);
                }
                for byte in 0..=127u8 {
                    let mut inserted = bytes.to_vec();
                    inserted.insert(at, byte);
                    texts.push(inserted);
                    if at < bytes.len() {
                        let mut replaced = bytes.to_vec();
                        replaced[at] = byte;
                        texts.push(replaced);
                    }
                }
            }
            for text in texts {
                let Ok(text) = String::from_utf8(text) else {
                    continue;
                };
                if let Some(plain) = read(&text) {
                    plain_cases += 1;
                    assert_eq!(Some(plain), serde(&text), "{text}");
                }
            }
        }
        // Whitespace, other ids, codes and versions: many neighbours are plain documents too.
        assert!(plain_cases > 3_000, "{plain_cases}");
    }

    #[test]
    fn leaves_every_other_form_to_serde() {
        let base = r#"{"questionnaire_version":"2026.2","mode":"quick","answers":{"quick.scope":{"value":"yes"}}}"#;
        assert!(read(base).is_some());
        for (from, to) in [
            // Serde reads these too, its own way (escapes, the map form of an enum).
            ("quick.scope", "quick.sc\\u006fpe"),
            (r#""value":"yes""#, r#""value":{"yes":null}"#),
            (r#""mode":"quick""#, r#""mode":{"quick":null}"#),
            // And refuses these, with its own messages.
            (r#""mode":"quick","#, r#""mode":"quick","mode":"quick","#),
            (r#"{"value":"yes"}"#, r#"{"value":"yes","value":"no"}"#),
            (
                r#"{"value":"yes"}"#,
                r#"{"value":"yes","justification":null,"justification":"x"}"#,
            ),
            (r#""answers":"#, r#""profile":{},"profile":{},"answers":"#),
            (
                r#""answers":"#,
                r#""profile":{"sites":1,"sites":2},"answers":"#,
            ),
            (
                r#"{"value":"yes"}"#,
                r#"{"value":"yes"},"quick.scope":{"value":"no"}"#,
            ),
            (r#"{"value":"yes"}"#, r#"{"value":"yes","note":"x"}"#),
            (r#"{"value":"yes"}"#, r#"{"justification":null}"#),
            (r#""yes"}}"#, r#""yes"},}"#),
            (r#""mode":"quick","#, r#""mode":"quick",,"#),
            ("}}}", "}}},"),
            ("}}}", "}} }x"),
            ("\"yes\"", "\"yes\t\""),
            ("\"yes\"", "\"maybe\""),
        ] {
            let text = base.replacen(from, to, 1);
            assert_ne!(text, base, "{from}");
            assert!(read(&text).is_none(), "{text}");
        }
        let spaced = "\n{ \"mode\" : \"full\" ,\r\n\t\"questionnaire_version\":\"x\",\"profile\":{ \"sites\": 3 } ,\"answers\":{ \"b\":{\"justification\": null ,\"value\":\"no\"},\"a\":{\"value\":\"not_applicable\",\"justification\":\"é ✓\"}} } \n";
        let doc = read(spaced).expect("plain");
        assert_eq!(Some(&doc), serde(spaced).as_ref());
        assert_eq!(doc.answers()[0].0, "a");
        assert_eq!(doc.profile.sites, Some(3));
        // Answers laid out alike, then otherwise (a justification, other whitespace), then
        // alike again: each read as serde reads it.
        let mixed = r#"{"questionnaire_version":"2026.2","mode":"full","answers":{"a":{"value":"yes"},"b":{"value":"no"},"c":{"value":"not_applicable","justification":"none"},"d":{"value":"partial"},"e":{ "value":"no"},"f":{ "value":"yes"},"g":{"value":"unsure"},"h":{"value":"yes"}}}"#;
        let doc = read(mixed).expect("plain");
        assert_eq!(Some(&doc), serde(mixed).as_ref());
        assert_eq!(doc.answers().len(), 8);
        let full = include_str!("../../tests/fixtures/full_mixed.answers.json");
        assert_eq!(read(full), serde(full));
    }
}

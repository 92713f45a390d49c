//! A small JSON writer for the widget, which writes its saved progress on every change, the lead
//! it sends, its events' details, the answers it hands to the exports module and the SoA's
//! download: each type writes itself field by field ([`WriteJson`]) into one [`Writer`].
//! `serde_json`'s serializer and the derived `Serialize` impls of those types came to about
//! 8 KB of the widget module; this writer and the impls to a fraction of that.
//!
//! The text is the one `serde_json::to_string` (or, with [`Writer::pretty`],
//! `serde_json::to_string_pretty`) writes for the same value, byte for byte: the same escapes
//! (`"`, `\` and the control characters U+0000–U+001F only; `\b \t \n \f \r` by name, the others
//! as `\u00XX` in lower-case hex), the same digits for numbers (`zmij`'s shortest round trip, as
//! serde_json; `null` for a number that is not finite), the same layout (two spaces of indent,
//! `": "` after a name, `{}` and `[]` for empty ones). The property tests of
//! `tests/json_write.rs` compare both on arbitrary values of every type written here.

use std::collections::{BTreeMap, BTreeSet};

/// Writes one JSON value; objects and arrays are opened and closed around their members.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    pretty: bool,
    depth: usize,
    /// Nothing written yet in the innermost open object or array.
    first: bool,
    /// A member's name was just written: its value follows without a separator.
    after_name: bool,
}

/// A value that writes itself as JSON, as its `serde::Serialize` impl would through
/// `serde_json`.
pub trait WriteJson {
    /// Writes the value into `w`.
    fn write_json(&self, w: &mut Writer);

    /// The value as compact JSON text, as `serde_json::to_string` writes it.
    fn to_json(&self) -> String {
        let mut w = Writer::default();
        self.write_json(&mut w);
        w.out
    }

    /// The value as indented JSON text, as `serde_json::to_string_pretty` writes it.
    fn to_json_pretty(&self) -> String {
        let mut w = Writer::pretty();
        self.write_json(&mut w);
        w.out
    }
}

impl Writer {
    /// A writer that indents by two spaces, as `serde_json::to_string_pretty`.
    pub fn pretty() -> Writer {
        Writer {
            pretty: true,
            ..Writer::default()
        }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    /// A line break and the indent of the current depth (pretty output only).
    fn new_line(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    /// The separator before a member or an item: a comma after the first, then the new line.
    fn separator(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.new_line();
    }

    /// What comes before any value: nothing after a member's name or at the top level, else
    /// the separator of an array's item.
    fn before_value(&mut self) {
        if self.after_name {
            self.after_name = false;
        } else if self.depth > 0 {
            self.separator();
        }
    }

    fn open(&mut self, bracket: char) {
        self.before_value();
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.first {
            self.new_line();
        }
        self.out.push(bracket);
        self.first = false;
    }

    /// Opens an object; its members follow as [`Writer::name`] and a value each.
    pub fn begin_object(&mut self) {
        self.open('{');
    }

    /// Closes the innermost object.
    pub fn end_object(&mut self) {
        self.close('}');
    }

    /// Opens an array; its items follow as values.
    pub fn begin_array(&mut self) {
        self.open('[');
    }

    /// Closes the innermost array.
    pub fn end_array(&mut self) {
        self.close(']');
    }

    /// A member's name; its value comes next.
    pub fn name(&mut self, name: &str) {
        self.separator();
        self.escaped(name);
        self.out.push_str(if self.pretty { ": " } else { ":" });
        self.after_name = true;
    }

    /// A member: its name and `value`.
    pub fn member<T: WriteJson + ?Sized>(&mut self, name: &str, value: &T) {
        self.name(name);
        value.write_json(self);
    }

    /// A string.
    pub fn string(&mut self, text: &str) {
        self.before_value();
        self.escaped(text);
    }

    /// `null`.
    pub fn null(&mut self) {
        self.before_value();
        self.out.push_str("null");
    }

    /// `true` or `false`.
    pub fn bool(&mut self, value: bool) {
        self.before_value();
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// A whole number.
    pub fn whole(&mut self, value: u64) {
        self.before_value();
        for &digit in decimal(value, &mut [0; 20]) {
            self.out.push(char::from(digit));
        }
    }

    /// A number: its shortest round-trip digits as serde_json writes them (`42.0`, `1e21`),
    /// `null` when it is not finite.
    pub fn number(&mut self, value: f64) {
        self.before_value();
        self.out.push_str(number(value, &mut NumberBuffer::new()));
    }

    /// `text` in quotes with serde_json's escapes.
    fn escaped(&mut self, text: &str) {
        self.out.push('"');
        let mut plain = 0;
        for (at, byte) in text.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\x08' => "\\b",
                b'\t' => "\\t",
                b'\n' => "\\n",
                b'\x0c' => "\\f",
                b'\r' => "\\r",
                0..0x20 => "\\u00",
                _ => continue,
            };
            // Every byte escaped is ASCII: the text before it ends on a character boundary.
            self.out.push_str(&text[plain..at]);
            self.out.push_str(escape);
            if escape == "\\u00" {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push(char::from(HEX[usize::from(byte >> 4)]));
                self.out.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
            plain = at + 1;
        }
        self.out.push_str(&text[plain..]);
        self.out.push('"');
    }
}

impl WriteJson for str {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl WriteJson for String {
    fn write_json(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl WriteJson for bool {
    fn write_json(&self, w: &mut Writer) {
        w.bool(*self);
    }
}

impl WriteJson for u32 {
    fn write_json(&self, w: &mut Writer) {
        w.whole(u64::from(*self));
    }
}

impl WriteJson for usize {
    fn write_json(&self, w: &mut Writer) {
        w.whole(*self as u64);
    }
}

impl WriteJson for f64 {
    fn write_json(&self, w: &mut Writer) {
        w.number(*self);
    }
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(value) => value.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        for item in self {
            item.write_json(w);
        }
        w.end_array();
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, w: &mut Writer) {
        self.as_slice().write_json(w);
    }
}

impl WriteJson for BTreeSet<String> {
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        for item in self {
            w.string(item);
        }
        w.end_array();
    }
}

impl<T: WriteJson> WriteJson for BTreeMap<String, T> {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        for (name, value) in self {
            w.member(name, value);
        }
        w.end_object();
    }
}

/// Room for [`number`]'s digits.
pub use zmij::Buffer as NumberBuffer;

/// A number as serde_json writes it: its shortest round-trip digits (`42.0`, `1e21`), `null`
/// when it is not finite.
pub fn number(value: f64, buffer: &mut NumberBuffer) -> &str {
    if value.is_finite() {
        buffer.format_finite(value)
    } else {
        "null"
    }
}

/// The decimal digits of `value` (as serde_json writes a whole number), written at the end of
/// `buffer`: the part of it they take.
pub fn decimal(value: u64, buffer: &mut [u8; 20]) -> &[u8] {
    let mut at = buffer.len();
    let mut rest = value;
    loop {
        at -= 1;
        buffer[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    &buffer[at..]
}

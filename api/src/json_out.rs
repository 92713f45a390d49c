//! JSON written directly into a byte buffer, byte for byte what serde_json writes, for the
//! routes whose answers are large and frequent (the readiness report, a verification).
//!
//! Profiled, serde_json spent most of its time escaping strings one byte at a time — field
//! names and texts that have nothing to escape. The writers built on these helpers write field
//! names as constants and copy a text as it is once a check of eight bytes at a time finds
//! nothing to escape; a text that has something to escape still goes through serde_json, and
//! floats get the digits serde_json writes (`annexa_shared::json::write::number`). Each
//! writer's tests compare its bytes with `serde_json::to_vec` over the whole class of its
//! inputs.

use serde::Serialize;

/// `[item,item,…]`.
pub(crate) fn list<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, each) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, each);
    }
    out.push(b']');
}

/// A JSON string: copied as it is when nothing in it needs an escape (every report text but a
/// rare justification or note), else escaped by serde_json.
pub(crate) fn text(out: &mut Vec<u8>, text: &str) {
    if annexa_shared::json::scan::needs_escape(text) {
        serde(out, text);
    } else {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

/// The name serde_json writes for a unit variant (`"nearly_ready"`), from the type's `code()`:
/// an identifier, which never needs an escape (each type's tests compare it with serde's).
pub(crate) fn code(out: &mut Vec<u8>, code: &'static str) {
    out.push(b'"');
    out.extend_from_slice(code.as_bytes());
    out.push(b'"');
}

/// A date as serde_json writes it (`"2026-06-01"`), without going through serde: a verification
/// writes five.
pub(crate) fn date(out: &mut Vec<u8>, date: annexa_shared::Date) {
    match date.iso_bytes() {
        Some(bytes) => {
            out.push(b'"');
            out.extend_from_slice(&bytes);
            out.push(b'"');
        }
        None => serde(out, &date),
    }
}

/// A float as serde_json writes it: shortest round-trip digits, `null` when not finite.
pub(crate) fn float(out: &mut Vec<u8>, value: f64) {
    use annexa_shared::json::write::{NumberBuffer, number};
    out.extend_from_slice(number(value, &mut NumberBuffer::new()).as_bytes());
}

/// A float, or `null` for `None`.
pub(crate) fn float_or_null(out: &mut Vec<u8>, value: Option<f64>) {
    match value {
        Some(value) => float(out, value),
        None => out.extend_from_slice(b"null"),
    }
}

/// A count, in decimal (what serde_json writes for an unsigned integer).
pub(crate) fn number(out: &mut Vec<u8>, n: impl Into<u64>) {
    out.extend_from_slice(annexa_shared::json::write::decimal(n.into(), &mut [0; 20]));
}

/// An offset or an index, in decimal.
pub(crate) fn offset(out: &mut Vec<u8>, n: usize) {
    number(out, n as u64);
}

/// `"value"`, or `null` for `None`.
pub(crate) fn text_or_null(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        Some(value) => text(out, value),
        None => out.extend_from_slice(b"null"),
    }
}

/// A value as serde_json writes it (numbers, `null`, enum names, texts with escapes).
pub(crate) fn serde<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Writing into a Vec cannot fail, and none of these values can fail to serialise (a float
    // that is not finite is written `null`).
    let written = serde_json::to_writer(&mut *out, value);
    debug_assert!(written.is_ok(), "{written:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any text and any count are written as serde_json writes them.
        #[test]
        fn texts_and_counts_are_written_as_serde_json_writes_them(
            value in proptest::prelude::any::<String>(),
            n in proptest::prelude::any::<u64>(),
            x in proptest::prelude::any::<f64>(),
            i in proptest::prelude::any::<usize>(),
        ) {
            let mut out = Vec::new();
            text(&mut out, &value);
            proptest::prop_assert_eq!(&out, &serde_json::to_vec(&value).unwrap());
            out.clear();
            number(&mut out, n);
            proptest::prop_assert_eq!(&out, &serde_json::to_vec(&n).unwrap());
            out.clear();
            offset(&mut out, i);
            proptest::prop_assert_eq!(&out, &serde_json::to_vec(&i).unwrap());
            out.clear();
            text_or_null(&mut out, None);
            proptest::prop_assert_eq!(&out, b"null");
            out.clear();
            float_or_null(&mut out, Some(x));
            proptest::prop_assert_eq!(&out, &serde_json::to_vec(&x).unwrap());
            out.clear();
            float_or_null(&mut out, None);
            proptest::prop_assert_eq!(&out, &serde_json::to_vec(&None::<f64>).unwrap());
        }
    }
}

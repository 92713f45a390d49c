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

use std::sync::OnceLock;

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
        // One capacity check for the three pieces.
        out.reserve(text.len() + 2);
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
///
/// Every float of a report is a score rounded to one decimal (0–100) or a share rounded to
/// three (0–1): those are written from their thousandths ([`thousandths`]) without the
/// general shortest-digits search, which cost about 190 instructions a float (a report has
/// some forty). Any other value goes through that search.
pub(crate) fn float(out: &mut Vec<u8>, value: f64) {
    use annexa_shared::json::write::{NumberBuffer, number};
    match thousandths(value) {
        Some(k) => match written_thousandths(k) {
            Some((text, len)) => whole_then_cut(out, text, usize::from(*len)),
            None => fixed_thousandths(out, k),
        },
        None => out.extend_from_slice(number(value, &mut NumberBuffer::new()).as_bytes()),
    }
}

/// `k / 1000` as [`fixed_thousandths`] writes it, written once per process, for the floats a
/// report holds: a share (0–1, `k` ≤ 1,000) or a score to one decimal (0–100, `k` a multiple
/// of 100). A report has some forty; each was a dozen divisions and a loop. `None` for others.
fn written_thousandths(k: u64) -> Option<&'static ([u8; 8], u8)> {
    static WRITTEN: OnceLock<Vec<([u8; 8], u8)>> = OnceLock::new();
    // Shares by `k` (0..=1,000), then the scores above 1.0 by tenths (11..=1,000).
    let at = match k {
        0..=1_000 => k,
        1_001..=100_000 if k.is_multiple_of(100) => 1_001 + k / 100 - 11,
        _ => return None,
    };
    let written = WRITTEN.get_or_init(|| {
        let shares = 0..=1_000;
        let scores = (11..=1_000).map(|tenths| tenths * 100);
        (shares.chain(scores))
            .map(|k| {
                let mut out = Vec::with_capacity(8);
                fixed_thousandths(&mut out, k);
                let mut text = [0; 8];
                text[..out.len()].copy_from_slice(&out);
                (text, out.len() as u8)
            })
            .collect()
    });
    written.get(at as usize)
}

/// `k` when `value` is the float nearest to `k / 1000` for a whole `k` from 0 to 1,000,000
/// (bit for bit, so never `-0.0`, a NaN or an infinity): a decimal of at most seven significant
/// digits, whose shortest round-trip digits are its own (two decimals of up to fifteen digits
/// never share a float). The tests hold the shortcut to serde_json for every such `k`.
fn thousandths(value: f64) -> Option<u64> {
    // A guess (`as` saturates: negative values and NaN give 0), kept only when the division
    // gives `value` back exactly.
    let k = (value * 1000.0 + 0.5) as u64;
    let exact = k <= 1_000_000 && (k as f64 / 1000.0).to_bits() == value.to_bits();
    exact.then_some(k)
}

/// `k / 1000` (`k` ≤ 1,000,000) in the form serde_json gives such a float: the whole part (as
/// a count, [`number`]), then a point and the thousandths without trailing zeros, at least one
/// digit (`12.0`, `0.5`, `0.984`), put together in a few bytes on the stack.
fn fixed_thousandths(out: &mut Vec<u8>, k: u64) {
    let (whole, fraction) = (k / 1000, k % 1000);
    number(out, whole);
    let decimals = [fraction / 100, fraction / 10 % 10, fraction % 10];
    let kept = if decimals[2] != 0 {
        3
    } else if decimals[1] != 0 {
        2
    } else {
        1
    };
    // At most ".000".
    let mut text = [b'.', 0, 0, 0];
    for (at, decimal) in decimals[..kept].iter().enumerate() {
        text[at + 1] = b'0' + *decimal as u8;
    }
    whole_then_cut(out, &text, kept + 1);
}

/// The first `len` bytes of `text` appended to `out`: all of `text` copied — a copy of known
/// length, a store or two, where a copy of `len` bytes calls `memcpy` — and the rest cut off.
fn whole_then_cut<const N: usize>(out: &mut Vec<u8>, text: &[u8; N], len: usize) {
    let end = out.len() + len;
    out.extend_from_slice(text);
    out.truncate(end);
}

/// A float, or `null` for `None`.
pub(crate) fn float_or_null(out: &mut Vec<u8>, value: Option<f64>) {
    match value {
        Some(value) => float(out, value),
        None => out.extend_from_slice(b"null"),
    }
}

/// A count, in decimal (what serde_json writes for an unsigned integer). Below 1,000 — a
/// report's counts of requirements, some eighty a report — its digits are put together in a
/// few bytes on the stack and appended whole then cut ([`whole_then_cut`]), without the
/// general loop and a `memcpy` of unknown length.
pub(crate) fn number(out: &mut Vec<u8>, n: impl Into<u64>) {
    let n = n.into();
    let digit = |d: u64| b'0' + (d % 10) as u8;
    let (text, len) = match n {
        0..=9 => ([digit(n), 0, 0], 1),
        10..=99 => ([digit(n / 10), digit(n), 0], 2),
        100..=999 => ([digit(n / 100), digit(n / 10), digit(n)], 3),
        _ => return out.extend_from_slice(annexa_shared::json::write::decimal(n, &mut [0; 20])),
    };
    whole_then_cut(out, &text, len);
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
            // The counts a report holds, and the lengths around them.
            let small = n % 1_100;
            out.clear();
            number(&mut out, small);
            proptest::prop_assert_eq!(&out, &serde_json::to_vec(&small).unwrap());
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

        /// Floats near the shortcut's: a whole number of thousandths nudged by a few units in
        /// the last place either way, negative or beyond 1,000 too.
        #[test]
        fn floats_next_to_thousandths_are_written_as_serde_json_writes_them(
            k in -2_000_i64..1_002_000,
            nudge in -3_i64..=3,
        ) {
            let value = f64::from_bits(((k as f64) / 1000.0).to_bits().wrapping_add_signed(nudge));
            let mut out = Vec::new();
            float(&mut out, value);
            proptest::prop_assert_eq!(&out, &serde_json::to_vec(&value).unwrap());
        }
    }

    /// Every float the shortcut writes — each whole number of thousandths from 0 to 1,000 —
    /// and the scores and shares as scoring rounds them, as serde_json writes them.
    #[test]
    fn every_whole_number_of_thousandths_is_written_as_serde_json_writes_it() {
        let mut out = Vec::new();
        for k in 0..=1_000_000_u32 {
            let value = f64::from(k) / 1000.0;
            out.clear();
            float(&mut out, value);
            assert_eq!(out, serde_json::to_vec(&value).unwrap(), "{k}");
        }
        for (value, scale) in [
            (2.0 / 3.0, 1000.0_f64),
            (200.0 / 3.0, 10.0),
            (0.98449, 1000.0),
        ] {
            let rounded = (value * scale).round() / scale;
            out.clear();
            float(&mut out, rounded);
            assert_eq!(out, serde_json::to_vec(&rounded).unwrap(), "{rounded}");
        }
        for value in [-0.0, f64::NAN, f64::INFINITY, -0.5, 1000.001, 1e21, 5e-324] {
            out.clear();
            float(&mut out, value);
            assert_eq!(out, serde_json::to_vec(&value).unwrap(), "{value}");
        }
    }
}

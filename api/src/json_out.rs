//! JSON written directly into a byte buffer, byte for byte what serde_json writes, for the
//! routes whose answers are large and frequent (the readiness report, a verification).
//!
//! Profiled, serde_json spent most of its time escaping strings one byte at a time — field
//! names and texts that have nothing to escape. The writers built on these helpers write field
//! names as constants and copy a text as it is once a check of eight bytes at a time finds
//! nothing to escape; a text that has something to escape, and every enum name and float,
//! still goes through serde_json, so the rules are serde_json's own. Each writer's tests
//! compare its bytes with `serde_json::to_vec` over the whole class of its inputs.

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
    if needs_escape(text.as_bytes()) {
        serde(out, text);
    } else {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

/// Whether `bytes` holds a byte JSON must escape: a control character, `"` or `\`. Eight
/// bytes are tested at a time, in one 64-bit word: the report's texts are mostly short, where
/// a byte-by-byte test (or a vector loop with its set-up) costs several times more.
pub(crate) fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);
    // A byte of `word` below `n` (n <= 128) leaves its high bit set in the result; bytes of
    // 0x80 and above (UTF-8 beyond ASCII) never do (the classic "has less" bit trick).
    let has_below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH_BITS;
    let has_byte = |word: u64, byte: u8| has_below(word ^ (ONES * u64::from(byte)), 1);
    let special = |word: u64| has_below(word, 0x20) | has_byte(word, b'"') | has_byte(word, b'\\');
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if special(word) != 0 {
            return true;
        }
    }
    // The last bytes, padded with a letter that needs no escape.
    let mut last = [b'a'; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    special(u64::from_le_bytes(last)) != 0
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

    #[test]
    fn a_byte_to_escape_is_found_wherever_it_is() {
        for length in 0..20 {
            for at in 0..length {
                for byte in 0..=255u8 {
                    let mut text = vec![b'x'; length];
                    text[at] = byte;
                    let expected = byte < 0x20 || byte == b'"' || byte == b'\\';
                    assert_eq!(
                        needs_escape(&text),
                        expected,
                        "{byte:#x} at {at} of {length}"
                    );
                }
            }
            assert!(!needs_escape("é✓ ~ \u{7f}".repeat(length).as_bytes()));
        }
    }

    proptest::proptest! {
        /// Any text and any count are written as serde_json writes them.
        #[test]
        fn texts_and_counts_are_written_as_serde_json_writes_them(
            value in proptest::prelude::any::<String>(),
            n in proptest::prelude::any::<u64>(),
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
        }
    }
}

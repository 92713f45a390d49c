//! `annexa_shared::json::scan`: the scans eight bytes at a time (the API's) against the byte
//! loops (the widget's), and both against the definitions, over arbitrary bytes (natively:
//! proptest does not build for wasm32).
#![cfg(not(target_arch = "wasm32"))]

use annexa_shared::json::scan::{
    needs_escape, needs_escape_wordwise, string_stop, string_stop_bytewise, string_stop_wordwise,
    whitespace_end, whitespace_end_bytewise, whitespace_end_wordwise,
};
use proptest::prelude::*;

/// The first special byte, by definition.
fn first_special(bytes: &[u8], at: usize) -> usize {
    (at..bytes.len())
        .find(|&i| matches!(bytes[i], b'"' | b'\\' | 0..=0x1f))
        .unwrap_or(bytes.len())
}

/// The first byte that is not whitespace, by definition.
fn first_other(bytes: &[u8], at: usize) -> usize {
    (at..bytes.len())
        .find(|&i| !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r'))
        .unwrap_or(bytes.len())
}

/// Bytes where the interesting ones are frequent: whitespace, quotes, backslashes,
/// control characters, the bytes next to them, and bytes beyond ASCII.
fn texts() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        4 => Just(b' '),
        1 => prop::sample::select(vec![
            b'\t', b'\n', b'\r', b'"', b'\\', 0, 0x1f, 0x20, 0x21, b'!', b'#', b'[', b']', 0x7f,
            0x80, 0x9f, 0xa2, 0xdc, 0xff,
        ]),
        2 => any::<u8>(),
    ];
    prop::collection::vec(byte, 0..40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    #[test]
    fn string_stop_is_the_first_special_byte(bytes in texts(), at in 0usize..45) {
        let at = at.min(bytes.len());
        prop_assert_eq!(string_stop(&bytes, at), string_stop_bytewise(&bytes, at));
    }

    #[test]
    fn a_text_needs_an_escape_when_it_holds_a_special_byte(bytes in texts()) {
        let expected = first_special(&bytes, 0) < bytes.len();
        prop_assert_eq!(needs_escape_wordwise(&bytes), expected);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            prop_assert_eq!(needs_escape(text), expected);
        }
    }

    #[test]
    fn whitespace_end_is_the_first_other_byte(bytes in texts(), at in 0usize..45) {
        let at = at.min(bytes.len());
        prop_assert_eq!(whitespace_end(&bytes, at), whitespace_end_bytewise(&bytes, at));
    }
}

#[test]
fn every_byte_in_every_position_of_a_word() {
    for byte in 0..=255u8 {
        for length in 1..20 {
            for position in 0..length {
                let mut run = vec![b' '; length];
                run[position] = byte;
                assert_eq!(whitespace_end_wordwise(&run, 0), first_other(&run, 0));
                let mut text = vec![b'a'; length];
                text[position] = byte;
                assert_eq!(string_stop_wordwise(&text, 0), first_special(&text, 0));
                assert_eq!(
                    needs_escape_wordwise(&text),
                    first_special(&text, 0) < length,
                    "{byte:#x} at {position} of {length}"
                );
            }
        }
    }
}

#[test]
fn texts_beyond_ascii_need_no_escape() {
    for length in 0..20 {
        assert!(!annexa_shared::json::scan::needs_escape(
            &"é✓ ~ \u{7f}".repeat(length)
        ));
        assert!(annexa_shared::json::scan::needs_escape(
            &("é✓ ~ \u{7f}".repeat(length) + "\u{1f}")
        ));
    }
}

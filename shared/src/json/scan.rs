//! The two byte scans every JSON reader and writer here repeats most: past whitespace, and to
//! the end of a string's plain run (the first `"`, `\` or control character). The API reads
//! and writes a few kilobytes of JSON per request with them, so they look at eight bytes at a
//! time, in one 64-bit word, natively; the answers are the ones the byte-by-byte loops the
//! widget keeps give (property tests in `tests/json_scan.rs` hold the two to each other over
//! arbitrary bytes).

const ONES: u64 = u64::from_le_bytes([1; 8]);
const LOW_BITS: u64 = u64::from_le_bytes([0x7f; 8]);
const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);

/// The high bit of each byte of `word` below `n` (`n` ≤ 128) set. Only the lowest flag is
/// exact: a borrow from a flagged byte can flag the byte above it, never one below. Bytes of
/// 0x80 and above (UTF-8 beyond ASCII) are never flagged.
const fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * n as u64) & !word & HIGH_BITS
}

/// The high bit of each byte of `word` that is not `byte` set, every flag exact (no carry
/// crosses a byte: the low seven bits are added to at most 0x7f each).
const fn not_byte(word: u64, byte: u8) -> u64 {
    let diff = word ^ (ONES * byte as u64);
    ((diff & LOW_BITS).wrapping_add(LOW_BITS) | diff) & HIGH_BITS
}

/// The flags of the bytes a JSON string cannot hold as they are: `"`, `\`, U+0000–U+001F.
const fn special(word: u64) -> u64 {
    below(word, 0x20)
        | below(word ^ (ONES * b'"' as u64), 1)
        | below(word ^ (ONES * b'\\' as u64), 1)
}

/// The eight bytes at `at` as a little-endian word, when there are eight.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(chunk.try_into().ok()?))
}

/// Offset of the lowest flagged byte of a word whose flags are not all clear.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn first_flagged(flags: u64) -> usize {
    (flags.trailing_zeros() / 8) as usize
}

/// The position of the first byte at or after `at` (at most `bytes.len()`) that a JSON string
/// cannot hold unescaped — `"`, `\` or a control character — or `bytes.len()` when there is
/// none. Natively eight bytes at a time; the widget, which reads little JSON, keeps the
/// smaller byte loop.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn string_stop(bytes: &[u8], at: usize) -> usize {
    if cfg!(target_arch = "wasm32") {
        string_stop_bytewise(bytes, at)
    } else {
        string_stop_wordwise(bytes, at)
    }
}

/// Whether `text` holds a byte JSON must escape (a control character, `"` or `\`). Natively
/// eight bytes at a time to the end, the last word overlapping the one before it (the API
/// checks every text of every report it writes: some 150 texts a report, most shorter than
/// a few words); the widget, which does not use it, would keep the byte loop.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn needs_escape(text: &str) -> bool {
    if cfg!(target_arch = "wasm32") {
        string_stop_bytewise(text.as_bytes(), 0) < text.len()
    } else {
        needs_escape_wordwise(text.as_bytes())
    }
}

/// [`needs_escape`] eight bytes at a time: whole words up to the last eight bytes, then those
/// eight (some checked twice, which changes no answer); a text shorter than a word is checked
/// as two overlapping halves of four bytes, or byte by byte below four.
#[doc(hidden)]
pub fn needs_escape_wordwise(bytes: &[u8]) -> bool {
    let len = bytes.len();
    if len < 8 {
        let Some(last) = len.checked_sub(4) else {
            return string_stop_bytewise(bytes, 0) < len;
        };
        let half = |at: usize| match bytes.get(at..at + 4) {
            Some(&[a, b, c, d]) => u64::from(u32::from_le_bytes([a, b, c, d])),
            _ => 0,
        };
        return special(half(0) | (half(last) << 32)) != 0;
    }
    let mut at = 0;
    while at + 8 < len {
        if word_at(bytes, at).is_some_and(|word| special(word) != 0) {
            return true;
        }
        at += 8;
    }
    word_at(bytes, len - 8).is_some_and(|word| special(word) != 0)
}

/// The position after the JSON whitespace (space, tab, line feed, carriage return) at `at`
/// (at most `bytes.len()`). Natively eight bytes at a time; the widget keeps the byte loop.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn whitespace_end(bytes: &[u8], at: usize) -> usize {
    if cfg!(target_arch = "wasm32") {
        whitespace_end_bytewise(bytes, at)
    } else {
        whitespace_end_wordwise(bytes, at)
    }
}

/// [`string_stop`] a byte at a time.
#[doc(hidden)]
pub fn string_stop_bytewise(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&byte) = bytes.get(at) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            return at;
        }
        at += 1;
    }
    bytes.len()
}

/// [`string_stop`] eight bytes at a time.
#[doc(hidden)]
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn string_stop_wordwise(bytes: &[u8], mut at: usize) -> usize {
    while let Some(word) = word_at(bytes, at) {
        let flags = special(word);
        if flags != 0 {
            return at + first_flagged(flags);
        }
        at += 8;
    }
    string_stop_bytewise(bytes, at)
}

/// [`whitespace_end`] a byte at a time.
#[doc(hidden)]
pub fn whitespace_end_bytewise(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(at) {
        at += 1;
    }
    at.min(bytes.len())
}

/// [`whitespace_end`] eight bytes at a time: each word's bytes that are not whitespace are
/// flagged exactly, and the first of them ends the run.
#[doc(hidden)]
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub fn whitespace_end_wordwise(bytes: &[u8], mut at: usize) -> usize {
    // Most calls come where there is no whitespace (after a name, before a comma): one
    // comparison. Every byte above the space is not JSON whitespace.
    if bytes.get(at).is_some_and(|&byte| byte > b' ') {
        return at;
    }
    while let Some(word) = word_at(bytes, at) {
        let others = not_byte(word, b' ')
            & not_byte(word, b'\n')
            & not_byte(word, b'\t')
            & not_byte(word, b'\r');
        if others != 0 {
            return at + first_flagged(others);
        }
        at += 8;
    }
    whitespace_end_bytewise(bytes, at)
}

//! Decimal numbers read from text (a computed CSS colour's channels, the 27006 table's auditor
//! days) without core's `f64` parser.
//!
//! `str::parse::<f64>` is exact for every input, and for that it carries a table of 650
//! 128-bit powers of five (10 KB that brotli cannot shrink) and a big-decimal fallback: about
//! 12 KB brotli in each widget module that reads a colour. The numbers we read have a few
//! significant digits, where [`parse_decimal`] gives the same `f64` to the bit with one
//! correctly rounded multiplication or division (the fast path of Clinger's algorithm, which
//! core takes too); only past 15 significant digits or a power of ten beyond 10^22 can it be
//! an ulp away.

/// Powers of ten an `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The number written in `text` as `[+-]digits[.digits][(e|E)[+-]digits]` (`12`, `-0.5`,
/// `.25`, `3.`, `1e-5`); `None` for anything else, spaces included, and for the words `inf`
/// and `NaN` that `str::parse` also takes.
pub fn parse_decimal(text: &str) -> Option<f64> {
    // `get` rather than indexing: each cut is next to an ASCII byte, so it always succeeds, and
    // no code for a panic on a cut inside a character (with core's `char` debug formatting and
    // Unicode tables) comes into the modules that read a colour.
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, text.get(1..)?),
        b'+' => (false, text.get(1..)?),
        _ => (false, text),
    };
    let (number, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (
            unsigned.get(..at)?,
            unsigned.get(at + 1..)?.parse::<i32>().ok()?,
        ),
        None => (unsigned, 0),
    };
    let mut significand: u64 = 0;
    let mut exponent = i64::from(exponent);
    let mut digits = 0;
    let mut after_point = false;
    for byte in number.bytes() {
        match byte {
            b'0'..=b'9' => {
                digits += 1;
                let digit = u64::from(byte - b'0');
                match significand
                    .checked_mul(10)
                    .and_then(|s| s.checked_add(digit))
                {
                    Some(wider) => {
                        significand = wider;
                        exponent -= i64::from(after_point);
                    }
                    // Past u64's 19 digits: the digit is dropped, its place kept.
                    None => exponent += i64::from(!after_point),
                }
            }
            b'.' if !after_point => after_point = true,
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let magnitude = scaled(significand as f64, exponent);
    Some(if negative { -magnitude } else { magnitude })
}

/// `significand × 10^exponent`.
fn scaled(significand: f64, exponent: i64) -> f64 {
    let power = |e: i64| {
        usize::try_from(e)
            .ok()
            .and_then(|e| EXACT_POWERS_OF_TEN.get(e).copied())
            .unwrap_or_else(|| 10_f64.powi(i32::try_from(e).unwrap_or(i32::MAX)))
    };
    if significand == 0.0 {
        0.0
    } else if exponent >= 0 {
        significand * power(exponent)
    } else {
        significand / power(-exponent)
    }
}

// Writing numbers (after the reading above, so that its panic locations keep their lines).
mod written;

pub use written::{Fixed, Shortest};

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` must read as core reads it, to the bit.
    fn same_as_core(text: &str) {
        let core: f64 = text.parse().unwrap();
        let ours = parse_decimal(text).unwrap_or_else(|| panic!("{text:?} not read"));
        assert_eq!(ours.to_bits(), core.to_bits(), "{text:?}: {ours} vs {core}");
    }

    #[test]
    fn colour_channels_and_table_days_read_as_core_reads_them() {
        for text in [
            "0",
            "255",
            "12.5",
            "8.5",
            "0.5",
            "0.392157",
            "0.00392157",
            "100%",
            "1",
            "-3.25e2",
            "1e-5",
            "2.5E+3",
            ".25",
            "3.",
            "+7",
            "-0",
            "0.1",
            "0.2",
            "0.3",
            "127.49999",
            "123456789012345",
            "0.000000000000001",
            "9007199254740991",
        ] {
            if text.ends_with('%') {
                assert_eq!(parse_decimal(text), None);
                continue;
            }
            same_as_core(text);
        }
        assert!(parse_decimal("-0").unwrap().is_sign_negative());
    }

    #[test]
    fn short_decimals_read_as_core_reads_them() {
        // Every significand up to 15 digits with up to 15 decimals, spread by a fixed LCG.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let significand = (state >> 11) % 1_000_000_000_000_000;
            let places = ((state >> 3) % 16) as usize;
            let digits = significand.to_string();
            let text = if places == 0 || places >= digits.len() {
                format!("0.{digits:0>places$}", places = places.max(1))
            } else {
                let (whole, fraction) = digits.split_at(digits.len() - places);
                format!("{whole}.{fraction}")
            };
            same_as_core(&text);
            same_as_core(&format!("{digits}e-{places}"));
        }
    }

    #[test]
    fn anything_but_a_number_is_refused() {
        for text in [
            "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "12px", "inf", "NaN",
            "infinity", "0x10", "1,5", "--1",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }

    #[test]
    fn long_inputs_stay_close_to_core() {
        for text in [
            "3.14159265358979323846264338327950288",
            "1e300",
            "1e-300",
            "123456789012345678901234567890",
        ] {
            let core: f64 = text.parse().unwrap();
            let ours = parse_decimal(text).unwrap();
            assert!(
                ((ours - core) / core).abs() < 1e-14,
                "{text}: {ours} vs {core}"
            );
        }
        assert_eq!(parse_decimal("1e400"), Some(f64::INFINITY));
        assert_eq!(parse_decimal("1e-400"), Some(0.0));
    }
}

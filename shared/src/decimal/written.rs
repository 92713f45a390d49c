//! `f64` written as core's `{}` and `{:.N}` write it, without core's float formatting.
//!
//! `<f64 as Display>` carries Grisu's tables, the Dragon4 fallback with its big numbers and
//! the padding machinery: about 18 KB of the widget module. [`Shortest`] writes the same text
//! from the shortest round-trip digits of `zmij` (Schubfach, the digits `serde_json` writes and
//! core's `{}` chooses: the shortest that read back to the same `f64`, the closest of those),
//! laid out as core lays them out (no exponent, `-0` for negative zero); [`Fixed`] rounds the
//! exact binary value to N decimals, ties to even, as core's `{:.N}` does. Tests compare both
//! with core on millions of values.

use std::fmt;

/// `x` as `format!("{x}")` writes it; the `+` flag (`{:+}`) is honoured, width and fill are
/// not (no caller uses them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shortest(pub f64);

/// `x` with `N` decimals, as `format!("{x:.N$}")` writes it (`N` up to 9); the `+` flag is
/// honoured, width and fill are not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fixed(pub f64, pub usize);

/// The sign core writes before `x` (also for negative zero), or `None` for NaN.
fn sign(f: &fmt::Formatter<'_>, x: f64) -> Option<&'static str> {
    if x.is_nan() {
        None
    } else if x.is_sign_negative() {
        Some("-")
    } else if f.sign_plus() {
        Some("+")
    } else {
        Some("")
    }
}

/// Writes `digits` (no leading zero) with the decimal point after `point` of them: before them
/// with zeros when `point` is not positive, after them with zeros when it is past their end.
fn lay_out(f: &mut fmt::Formatter<'_>, digits: &str, point: i32) -> fmt::Result {
    let zeros = |f: &mut fmt::Formatter<'_>, n: i32| (0..n).try_for_each(|_| f.write_str("0"));
    let len = digits.len() as i32;
    if digits.is_empty() {
        f.write_str("0")
    } else if point <= 0 {
        f.write_str("0.")?;
        zeros(f, -point)?;
        f.write_str(digits)
    } else if point >= len {
        f.write_str(digits)?;
        zeros(f, point - len)
    } else {
        let (int, frac) = digits.split_at(point as usize);
        f.write_str(int)?;
        f.write_str(".")?;
        f.write_str(frac)
    }
}

impl fmt::Display for Shortest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        let Some(sign) = sign(f, x) else {
            return f.write_str("NaN");
        };
        f.write_str(sign)?;
        if x.is_infinite() {
            return f.write_str("inf");
        }
        let mut buffer = zmij::Buffer::new();
        let text = buffer.format_finite(x.abs());
        // `d.ddd`, `ddd.d` or `d.ddde±x`: the digits and where the point goes.
        let (mantissa, exponent) = match text.split_once('e') {
            Some((mantissa, exponent)) => (mantissa, exponent_of(exponent)),
            None => (text, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let mut digits = String::with_capacity(int.len() + frac.len());
        digits.push_str(int);
        digits.push_str(frac);
        let mut point = int.len() as i32 + exponent;
        let significant = digits.trim_start_matches('0');
        point -= (digits.len() - significant.len()) as i32;
        let mut digits = significant.trim_end_matches('0').to_owned();
        if let Some(upper) = upper_of_tie(x.abs(), &digits, point) {
            // 999 → 1000 moves the point one place on.
            point += upper.len() as i32 - digits.len() as i32;
            digits = upper.trim_end_matches('0').to_owned();
        }
        lay_out(f, &digits, point)
    }
}

/// Where `x` lies exactly halfway between `digits` (the point after `point` of them) and the
/// next number of as many digits, core writes the upper one and zmij the even one: the upper
/// digits (one more digit when all were nines), when zmij chose the lower. Only numbers with
/// 16 or more significant digits can lie halfway (from about 2·10^9 on).
fn upper_of_tie(x: f64, digits: &str, point: i32) -> Option<String> {
    if digits.len() < 16 {
        return None;
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 || biased >= 1075 {
        return None;
    }
    let significand = u128::from((bits & ((1 << 52) - 1)) | (1 << 52));
    let shift = (1075 - biased) as u32;
    // x × 10^(decimals + 1), where decimals are the digits after the point.
    let decimals = digits.len() as i32 - point;
    if !(0..=19).contains(&decimals) || shift >= 120 {
        return None;
    }
    let scaled = significand * 10u128.pow(decimals as u32 + 1);
    if scaled & ((1u128 << shift) - 1) != 0 {
        return None;
    }
    let tenths = scaled >> shift;
    let lower: u128 = digits.parse().ok()?;
    (tenths % 10 == 5 && tenths / 10 == lower).then(|| (lower + 1).to_string())
}

/// The exponent zmij writes after the `e` (`+21`, `-7`), read by hand: `str::parse::<i32>` is
/// also what [`super::parse_decimal`] calls, and a second caller changes how the widget's
/// modules inline it.
fn exponent_of(text: &str) -> i32 {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text.trim_start_matches('+')),
    };
    let value = digits
        .bytes()
        .fold(0i32, |n, b| n * 10 + i32::from(b.wrapping_sub(b'0')));
    if negative { -value } else { value }
}

/// The decimal digits of `n` (most significant first; `0` for zero).
fn push_digits(out: &mut Vec<u8>, mut n: u128) {
    let start = out.len();
    loop {
        out.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out[start..].reverse();
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Fixed(x, decimals) = *self;
        let decimals = decimals.min(9);
        let Some(sign) = sign(f, x) else {
            return f.write_str("NaN");
        };
        f.write_str(sign)?;
        if x.is_infinite() {
            return f.write_str("inf");
        }
        // |x| = significand × 2^exponent exactly.
        let bits = x.to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i32;
        let fraction = bits & ((1 << 52) - 1);
        let (significand, exponent) = if biased == 0 {
            (fraction, -1074)
        } else {
            (fraction | (1 << 52), biased - 1075)
        };
        let mut out: Vec<u8> = Vec::new();
        if exponent >= 0 {
            // A whole number, possibly past u128: its digits in base 10^9, multiplied by 2^29
            // at a time (a limb times 2^29 fits a u64).
            let mut limbs: Vec<u64> =
                vec![significand % 1_000_000_000, significand / 1_000_000_000];
            let mut remaining = exponent;
            while remaining > 0 {
                let step = remaining.min(29);
                remaining -= step;
                let mut carry = 0;
                for limb in &mut limbs {
                    let product = (*limb << step) + carry;
                    *limb = product % 1_000_000_000;
                    carry = product / 1_000_000_000;
                }
                while carry > 0 {
                    limbs.push(carry % 1_000_000_000);
                    carry /= 1_000_000_000;
                }
            }
            while limbs.len() > 1 && limbs.last() == Some(&0) {
                limbs.pop();
            }
            let mut limbs = limbs.into_iter().rev();
            push_digits(&mut out, u128::from(limbs.next().unwrap_or(0)));
            for limb in limbs {
                let start = out.len();
                push_digits(&mut out, u128::from(limb) + 1_000_000_000);
                out.remove(start);
            }
            if decimals > 0 {
                out.push(b'.');
                out.resize(out.len() + decimals, b'0');
            }
        } else {
            // significand × 10^decimals / 2^shift, rounded half to even.
            let shift = exponent.unsigned_abs();
            let scaled = u128::from(significand) * 10u128.pow(decimals as u32);
            let rounded = if shift >= 100 {
                0
            } else {
                let quotient = scaled >> shift;
                let remainder = scaled & ((1u128 << shift) - 1);
                let half = 1u128 << (shift - 1);
                let up = remainder > half || (remainder == half && quotient % 2 == 1);
                quotient + u128::from(up)
            };
            let unit = 10u128.pow(decimals as u32);
            push_digits(&mut out, rounded / unit);
            if decimals > 0 {
                out.push(b'.');
                let start = out.len();
                push_digits(&mut out, rounded % unit + unit);
                out.remove(start);
            }
        }
        f.write_str(std::str::from_utf8(&out).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values like the widget's: scores, percentages, chart coordinates, auditor-days.
    fn everyday() -> Vec<f64> {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1.5,
            2.5,
            0.25,
            0.35,
            0.05,
            0.15,
            72.5,
            100.0,
            560.0 / 3.0,
            1e21,
            1e22,
            1e-7,
            1.5e-7,
            123_456_789.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::EPSILON,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for i in 0..=20_000 {
            values.push(f64::from(i) / 10.0);
            values.push(f64::from(i) / 100.0);
            values.push(f64::from(i) * 100.0 / 26.0);
            values.push(f64::from(i) / 7.0);
            values.push(-f64::from(i) / 3.0);
        }
        values
    }

    /// Deterministic pseudo-random bit patterns (xorshift), every exponent range.
    fn random(n: usize) -> Vec<f64> {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                f64::from_bits(state)
            })
            .collect()
    }

    #[test]
    fn shortest_writes_what_core_writes() {
        for x in everyday().into_iter().chain(random(400_000)) {
            assert_eq!(
                Shortest(x).to_string(),
                format!("{x}"),
                "{:#x}",
                x.to_bits()
            );
            assert_eq!(format!("{:+}", Shortest(x)), format!("{x:+}"));
        }
    }

    #[test]
    fn fixed_writes_what_core_writes() {
        for x in everyday().into_iter().chain(random(100_000)) {
            for n in [0, 1, 2, 3] {
                assert_eq!(
                    Fixed(x, n).to_string(),
                    format!("{x:.n$}"),
                    "{x:e} with {n} decimals ({:#x})",
                    x.to_bits()
                );
            }
        }
        assert_eq!(format!("{:+}", Fixed(2.5, 0)), "+2");
    }
}

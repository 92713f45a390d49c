//! A calendar date without a clock or time zone.
//!
//! `annexa-shared` has no clock (see the crate docs): callers pass "today" in. This is the small
//! proleptic-Gregorian date the rules need — parse, format, compare, add days and months — kept
//! here so the crate needs no date library and behaves identically on wasm32 and native.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day, serialised as `YYYY-MM-DD`. Years 1–9999 only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a text is not a valid `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not a valid date: expected YYYY-MM-DD with a real calendar day")]
pub struct DateError {
    /// The text that was refused (cut to 40 characters).
    pub input: String,
}

impl Date {
    /// The date for `year`-`month`-`day`, or `None` when that day does not exist.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, or `None` outside years 1–9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// This date moved by `days` (may be negative); `None` past the supported range.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// This date moved by whole months, clamped to the last day of a shorter month
    /// (2024-01-31 + 1 month = 2024-02-29).
    pub fn add_months(self, months: i32) -> Option<Date> {
        let index = self.year * 12 + i32::from(self.month) - 1 + months;
        let year = index.div_euclid(12);
        let month = u8::try_from(index.rem_euclid(12) + 1).ok()?;
        if !(1..=9999).contains(&year) {
            return None;
        }
        let day = self.day.min(days_in_month(year, month));
        Date::new(year, month, day)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let error = || DateError {
            input: s.chars().take(40).collect(),
        };
        let bytes = s.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(error());
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(range)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = digits(0..4).ok_or_else(error)?;
        let month = digits(5..7).ok_or_else(error)?;
        let day = digits(8..10).ok_or_else(error)?;
        Date::new(
            i32::try_from(year).map_err(|_| error())?,
            u8::try_from(month).map_err(|_| error())?,
            u8::try_from(day).map_err(|_| error())?,
        )
        .ok_or_else(error)
    }
}

impl Date {
    /// `YYYY-MM-DD` without going through `core::fmt` (a verification writes five dates, and
    /// formatting them was a sixth of its JSON's cost); `None` for a year outside 0..=9999,
    /// which [`Date::new`] never makes.
    pub fn iso_bytes(self) -> Option<[u8; 10]> {
        let year = u16::try_from(self.year).ok().filter(|y| *y <= 9999)?;
        let digit = |n: u16| b'0' + (n % 10) as u8;
        let (month, day) = (u16::from(self.month), u16::from(self.day));
        Some([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ])
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.iso_bytes() {
            // ASCII digits and dashes only.
            Some(bytes) => serializer.serialize_str(std::str::from_utf8(&bytes).unwrap_or("")),
            None => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_round_trip() {
        let date: Date = "2025-10-31".parse().unwrap();
        assert_eq!(date.to_string(), "2025-10-31");
        assert_eq!(date.days_since_epoch(), 20_392);
    }

    #[test]
    fn refuses_impossible_days() {
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-1-01",
            "20250101",
            "",
            "2025-00-10",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} accepted");
        }
        assert!("2024-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn adds_months_clamping_to_month_end() {
        let date = Date::new(2024, 1, 31).unwrap();
        assert_eq!(date.add_months(1).unwrap().to_string(), "2024-02-29");
        assert_eq!(date.add_months(36).unwrap().to_string(), "2027-01-31");
        assert_eq!(date.add_months(-2).unwrap().to_string(), "2023-11-30");
    }

    #[test]
    fn every_day_serialises_as_it_displays() {
        // Every day of years 1 to 9999, the whole range `Date::new` accepts.
        for days in -719_162..=2_932_896 {
            let date = Date::from_days_since_epoch(days).unwrap();
            let json = serde_json::to_string(&date).unwrap();
            assert_eq!(json, format!("\"{date}\""));
        }
        assert!(Date::from_days_since_epoch(-719_163).is_none());
        assert!(Date::from_days_since_epoch(2_932_897).is_none());
    }

    #[test]
    fn epoch_days_round_trip() {
        for days in [-719_162, -1, 0, 1, 20_392, 2_932_896] {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days);
        }
        assert_eq!(
            Date::new(2026, 11, 29)
                .unwrap()
                .days_until(Date::new(2027, 1, 1).unwrap()),
            33
        );
    }
}

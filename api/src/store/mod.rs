//! Storage: SQL for admin API keys, widget keys, leads and pending webhook deliveries.
//!
//! Plain functions over the [`crate::db::Pool`], one module per table group. The SQL sticks to
//! what SQLite and PostgreSQL share (text timestamps in a fixed-width UTC format that sorts
//! chronologically, text ids) so a PostgreSQL store stays a small step.

pub mod api_keys;
pub mod leads;
pub mod webhooks;
pub mod widget_keys;

use time::OffsetDateTime;
use time::format_description::FormatItem;
use time::macros::format_description;

/// `2026-11-29T18:31:11.123Z`: fixed width, so text order is time order.
const TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// `at` as a stored timestamp.
pub fn timestamp(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(TIMESTAMP)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00.000Z"))
}

/// Now, as a stored timestamp.
pub fn now() -> String {
    timestamp(OffsetDateTime::now_utc())
}

/// Today's date (UTC), for rules that need "today".
pub fn today() -> annexa_shared::Date {
    let now = OffsetDateTime::now_utc();
    annexa_shared::Date::new(now.year(), u8::from(now.month()), now.day())
        .unwrap_or_else(|| annexa_shared::Date::new(1970, 1, 1).expect("a valid date"))
}

/// `bytes` random bytes from the operating system, hex-encoded.
pub fn random_hex(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer)?;
    Ok(hex::encode(buffer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_fixed_width_utc() {
        let at = OffsetDateTime::from_unix_timestamp(1_764_441_071).unwrap();
        assert_eq!(timestamp(at), "2025-11-29T18:31:11.000Z");
        assert_eq!(random_hex(16).unwrap().len(), 32);
    }
}

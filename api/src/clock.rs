//! The server's one notion of "today": the UTC date, for the rules that take a date (a plan's
//! start, a certificate's validity, a lead's qualification). The rules themselves never read the
//! clock (`annexa-shared` is pure); the routes and commands pass this in.

use annexa_shared::Date;

/// Today's date (UTC).
pub fn today() -> Date {
    let now = time::OffsetDateTime::now_utc().date();
    Date::new(now.year(), u8::from(now.month()), now.day())
        .unwrap_or_else(|| Date::new(1970, 1, 1).expect("a valid date"))
}

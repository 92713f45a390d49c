//! Fictitious funnel days for `annexa serve --demo`, so the console's funnel page shows a chart
//! at once: the 28 days before today for the demo widget key, made by a fixed formula (the same
//! figures on every run, weekends quieter), added only while the key has no count at all. The
//! console says on the page that the demo key's earlier days are made up.

use annexa_shared::Date;
use annexa_shared::funnel::FunnelStep;

use crate::store::{Pool, Result, funnel};

/// The demo widget key the days belong to.
pub const DEMO_KEY: &str = "demo";
/// How many days before today get figures.
pub const DAYS: i64 = 28;

/// The fictitious counts of the day `days_ago` days before today (1..=28), in funnel order.
pub fn counts(days_ago: i64, weekend: bool) -> [u64; 4] {
    let n = days_ago.unsigned_abs();
    let shown = (if weekend { 35 } else { 90 }) + (n * 37) % 41;
    let started = shown * (28 + (n * 7) % 11) / 100;
    let report = started * (55 + (n * 5) % 13) / 100;
    let lead = report * (15 + (n * 3) % 9) / 100;
    [shown, started, report, lead]
}

/// Adds the demo days before `today` when the demo key has no count yet; returns how many days
/// were added (0 when it already had counts).
pub async fn seed_if_empty(pool: &Pool, today: Date) -> Result<u64> {
    if funnel::has_counts(pool, DEMO_KEY).await? {
        return Ok(0);
    }
    let mut added = 0;
    for days_ago in 1..=DAYS {
        let Some(day) = today.add_days(-days_ago) else {
            continue;
        };
        // 1970-01-01 was a Thursday: days 2 and 3 after it (mod 7) are Saturday and Sunday.
        let weekend = matches!(day.days_since_epoch().rem_euclid(7), 2 | 3);
        for (step, visits) in FunnelStep::ALL.into_iter().zip(counts(days_ago, weekend)) {
            funnel::add(pool, DEMO_KEY, day, step, visits).await?;
        }
        added += 1;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_day_narrows_from_shown_to_lead_and_weekends_are_quieter() {
        for days_ago in 1..=DAYS {
            let [shown, started, report, lead] = counts(days_ago, false);
            assert!(
                shown > started && started > report && report >= lead,
                "{days_ago}"
            );
            assert!(counts(days_ago, true)[0] < shown);
        }
        assert_eq!(counts(1, false), counts(1, false));
    }
}

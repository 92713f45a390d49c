//! The widget funnel: how many times, per widget key and day, the widget was shown, an
//! assessment was started, the report was reached and a lead was sent — anonymous counts, with
//! the conversion from each step to the next.
//!
//! The widget reports only a key and the steps it passed ([`FunnelStep`]); the API adds them up
//! per day; the console reads a [`FunnelReport`] (every day of the range, zeros included) and
//! draws it. The rates are computed here once for every reader.

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// One step of the funnel, in the order a visitor passes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FunnelStep {
    /// The widget appeared on a page (`shown`).
    Shown,
    /// The visitor started an assessment (`started`).
    Started,
    /// The visitor reached the report (`report`).
    Report,
    /// The visitor sent their details as a lead (`lead`).
    Lead,
}

impl FunnelStep {
    /// Every step, in funnel order.
    pub const ALL: [FunnelStep; 4] = [
        FunnelStep::Shown,
        FunnelStep::Started,
        FunnelStep::Report,
        FunnelStep::Lead,
    ];

    /// The stored and wire code (`shown`, `started`, `report`, `lead`).
    pub fn code(self) -> &'static str {
        match self {
            FunnelStep::Shown => "shown",
            FunnelStep::Started => "started",
            FunnelStep::Report => "report",
            FunnelStep::Lead => "lead",
        }
    }

    /// The step with `code`, if it is one.
    pub fn from_code(code: &str) -> Option<FunnelStep> {
        FunnelStep::ALL.into_iter().find(|step| step.code() == code)
    }

    /// The step in plain words, for a chart's legend or a table heading.
    pub fn label(self) -> &'static str {
        match self {
            FunnelStep::Shown => "Widget shown",
            FunnelStep::Started => "Assessment started",
            FunnelStep::Report => "Report reached",
            FunnelStep::Lead => "Lead sent",
        }
    }
}

/// The counts of one day (or of a whole range, see [`FunnelReport::totals`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelDay {
    /// The day (UTC), `YYYY-MM-DD`.
    pub day: String,
    /// Times the widget was shown.
    pub shown: u64,
    /// Assessments started.
    pub started: u64,
    /// Reports reached.
    pub report: u64,
    /// Leads sent.
    pub lead: u64,
}

impl FunnelDay {
    /// An empty day.
    pub fn empty(day: Date) -> FunnelDay {
        FunnelDay {
            day: day.to_string(),
            ..FunnelDay::default()
        }
    }

    /// The count of `step`.
    pub fn count(&self, step: FunnelStep) -> u64 {
        match step {
            FunnelStep::Shown => self.shown,
            FunnelStep::Started => self.started,
            FunnelStep::Report => self.report,
            FunnelStep::Lead => self.lead,
        }
    }

    /// Adds `visits` to the count of `step` (saturating: a counter never wraps).
    pub fn add(&mut self, step: FunnelStep, visits: u64) {
        let count = match step {
            FunnelStep::Shown => &mut self.shown,
            FunnelStep::Started => &mut self.started,
            FunnelStep::Report => &mut self.report,
            FunnelStep::Lead => &mut self.lead,
        };
        *count = count.saturating_add(visits);
    }

    /// The share of `from` that went on to `to`, in percent; `None` when `from` is zero (no
    /// rate can be said).
    pub fn rate(&self, from: FunnelStep, to: FunnelStep) -> Option<f64> {
        let base = self.count(from);
        (base > 0).then(|| self.count(to) as f64 * 100.0 / base as f64)
    }
}

/// The funnel of one widget key (or of all keys) over a range of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelReport {
    /// The widget key, or `null` for all keys together.
    pub widget_key: Option<String>,
    /// The first day (UTC), `YYYY-MM-DD`.
    pub from: String,
    /// The last day (UTC), included.
    pub to: String,
    /// Every day from `from` to `to`, oldest first, days without a visit included (as zeros).
    pub days: Vec<FunnelDay>,
}

impl FunnelReport {
    /// A report for `from..=to` with every day's counts, taken from `counts` (day, step,
    /// visits), whatever their order; counts outside the range are ignored.
    pub fn from_counts(
        widget_key: Option<String>,
        from: Date,
        to: Date,
        counts: impl IntoIterator<Item = (Date, FunnelStep, u64)>,
    ) -> FunnelReport {
        let first = from.days_since_epoch();
        let span = (to.days_since_epoch() - first + 1).max(0);
        let mut days: Vec<FunnelDay> = (0..span)
            .filter_map(|offset| from.add_days(offset).map(FunnelDay::empty))
            .collect();
        for (day, step, visits) in counts {
            let index = day.days_since_epoch() - first;
            if let Some(entry) = usize::try_from(index).ok().and_then(|i| days.get_mut(i)) {
                entry.add(step, visits);
            }
        }
        FunnelReport {
            widget_key,
            from: from.to_string(),
            to: to.to_string(),
            days,
        }
    }

    /// The counts of the whole range (its `day` is the range, `from – to`).
    pub fn totals(&self) -> FunnelDay {
        let mut total = FunnelDay {
            day: format!("{} – {}", self.from, self.to),
            ..FunnelDay::default()
        };
        for day in &self.days {
            for step in FunnelStep::ALL {
                total.add(step, day.count(step));
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn every_day_of_the_range_is_in_the_report_with_its_counts() {
        let report = FunnelReport::from_counts(
            Some("demo".into()),
            date("2026-11-29"),
            date("2026-12-02"),
            [
                (date("2026-12-01"), FunnelStep::Shown, 40),
                (date("2026-11-29"), FunnelStep::Shown, 10),
                (date("2026-12-01"), FunnelStep::Started, 12),
                // Outside the range: not counted.
                (date("2026-12-03"), FunnelStep::Shown, 99),
            ],
        );
        let days: Vec<&str> = report.days.iter().map(|d| d.day.as_str()).collect();
        assert_eq!(
            days,
            ["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]
        );
        assert_eq!(report.days[0].shown, 10);
        assert_eq!(report.days[1], FunnelDay::empty(date("2026-11-30")));
        assert_eq!((report.days[2].shown, report.days[2].started), (40, 12));
        let totals = report.totals();
        assert_eq!((totals.shown, totals.started, totals.lead), (50, 12, 0));
    }

    #[test]
    fn rates_are_percentages_of_the_step_before_and_absent_without_a_base() {
        let day = FunnelDay {
            day: "2026-12-01".into(),
            shown: 200,
            started: 50,
            report: 20,
            lead: 5,
        };
        assert_eq!(day.rate(FunnelStep::Shown, FunnelStep::Started), Some(25.0));
        assert_eq!(day.rate(FunnelStep::Report, FunnelStep::Lead), Some(25.0));
        assert_eq!(day.rate(FunnelStep::Shown, FunnelStep::Lead), Some(2.5));
        let empty = FunnelDay::empty(date("2026-12-01"));
        assert_eq!(empty.rate(FunnelStep::Shown, FunnelStep::Started), None);
    }

    #[test]
    fn step_codes_read_back_and_unknown_codes_are_refused() {
        for step in FunnelStep::ALL {
            assert_eq!(FunnelStep::from_code(step.code()), Some(step));
        }
        assert_eq!(FunnelStep::from_code("answers"), None);
        assert_eq!(FunnelStep::Report.label(), "Report reached");
    }
}

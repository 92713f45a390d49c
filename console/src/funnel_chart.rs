//! The funnel page's chart, without a browser: one line per step over the days of a
//! [`FunnelReport`], on a scale that starts at zero and ends at a round number, with the
//! summary a screen reader hears instead of the picture; the totals and their conversion rates
//! in plain words.

use annexa_shared::funnel::{FunnelDay, FunnelReport, FunnelStep};

/// The drawing's size in SVG units (it scales to the page's width).
pub const WIDTH: f64 = 640.0;
/// The drawing's height.
pub const HEIGHT: f64 = 260.0;
/// Room on the left for the scale's numbers.
const LEFT: f64 = 48.0;
/// Room at the bottom for the days.
const BOTTOM: f64 = 28.0;
/// Room at the top and right.
const MARGIN: f64 = 12.0;

/// One step's line: its points (`x,y x,y …`) and how it is drawn apart from the others without
/// relying on colour (a dash pattern).
#[derive(Debug, Clone, PartialEq)]
pub struct StepLine {
    /// The step.
    pub step: FunnelStep,
    /// The `points` of an SVG polyline.
    pub points: String,
    /// The SVG `stroke-dasharray` ("" for a solid line).
    pub dashes: &'static str,
}

/// Everything the chart draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The lines, in funnel order.
    pub lines: Vec<StepLine>,
    /// The scale: (y, value) from zero to the top.
    pub scale: Vec<(f64, u64)>,
    /// Days written under the chart: (x, `MM-DD`), at most eight.
    pub days: Vec<(f64, String)>,
}

/// The dash pattern of each step's line.
pub fn dashes(step: FunnelStep) -> &'static str {
    match step {
        FunnelStep::Shown => "",
        FunnelStep::Started => "8 4",
        FunnelStep::Report => "2 3",
        FunnelStep::Lead => "10 3 2 3",
    }
}

/// The smallest round number (1, 2 or 5 times a power of ten) at or above `value`, at least 5.
pub fn round_top(value: u64) -> u64 {
    let mut unit = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let top = unit.saturating_mul(factor);
            if top >= value.max(5) {
                return top;
            }
        }
        unit = unit.saturating_mul(10);
    }
}

/// The chart of `report`.
pub fn chart(report: &FunnelReport) -> Chart {
    let top = round_top(
        report
            .days
            .iter()
            .map(|day| {
                day.count(FunnelStep::Shown)
                    .max(day.count(FunnelStep::Started))
            })
            .max()
            .unwrap_or(0),
    );
    let plot_width = WIDTH - LEFT - MARGIN;
    let plot_height = HEIGHT - BOTTOM - MARGIN;
    let count = report.days.len();
    let x = |index: usize| {
        if count <= 1 {
            LEFT + plot_width / 2.0
        } else {
            LEFT + plot_width * index as f64 / (count - 1) as f64
        }
    };
    let y = |value: u64| MARGIN + plot_height * (1.0 - value as f64 / top as f64);
    let lines = FunnelStep::ALL
        .into_iter()
        .map(|step| StepLine {
            step,
            points: report
                .days
                .iter()
                .enumerate()
                .map(|(i, day)| format!("{:.1},{:.1}", x(i), y(day.count(step))))
                .collect::<Vec<_>>()
                .join(" "),
            dashes: dashes(step),
        })
        .collect();
    let scale = (0..=4).map(|i| (y(top * i / 4), top * i / 4)).collect();
    let every = count.div_ceil(8).max(1);
    let days = report
        .days
        .iter()
        .enumerate()
        // The last day always; a regular one too close before it would overlap it.
        .filter(|(i, _)| (i % every == 0 && count - 1 - i > every / 2) || *i + 1 == count)
        .map(|(i, day)| (x(i), day.day.get(5..).unwrap_or(&day.day).to_owned()))
        .collect();
    Chart { lines, scale, days }
}

/// A rate in percent for people: `25%`, `2.5%`, or a dash when there is nothing to divide by.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        None => "—".to_owned(),
        Some(rate) if rate >= 10.0 || rate == rate.round() => format!("{rate:.0}%"),
        Some(rate) => format!("{rate:.1}%"),
    }
}

/// What the chart shows, in one sentence (the SVG's accessible name).
pub fn summary(report: &FunnelReport) -> String {
    let totals = report.totals();
    format!(
        "From {} to {}: the widget was shown {} times, {} assessments were started, {} reports \
         were reached and {} leads were sent.",
        report.from, report.to, totals.shown, totals.started, totals.report, totals.lead
    )
}

/// Each step after the first with its conversion from the step before, for the totals.
pub fn conversions(totals: &FunnelDay) -> Vec<(FunnelStep, u64, String)> {
    let mut rows = vec![(FunnelStep::Shown, totals.shown, String::new())];
    for pair in FunnelStep::ALL.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        rows.push((
            to,
            totals.count(to),
            format!("{} of “{}”", percent(totals.rate(from, to)), from.label()),
        ));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(shown: &[u64]) -> FunnelReport {
        let from: annexa_shared::Date = "2026-11-01".parse().unwrap();
        let to = from.add_days(shown.len() as i64 - 1).unwrap();
        FunnelReport::from_counts(
            Some("demo".into()),
            from,
            to,
            shown.iter().enumerate().flat_map(|(i, &n)| {
                let day = from.add_days(i as i64).unwrap();
                [
                    (day, FunnelStep::Shown, n),
                    (day, FunnelStep::Started, n / 4),
                ]
            }),
        )
    }

    #[test]
    fn the_scale_ends_at_a_round_number_above_the_busiest_day() {
        assert_eq!(round_top(0), 5);
        assert_eq!(round_top(7), 10);
        assert_eq!(round_top(130), 200);
        assert_eq!(round_top(500), 500);
        let chart = chart(&report(&[40, 130, 90]));
        assert_eq!(chart.scale.last().map(|s| s.1), Some(200));
        assert_eq!(chart.scale[0].1, 0);
    }

    #[test]
    fn the_busiest_day_is_highest_and_every_line_has_a_point_per_day() {
        let chart = chart(&report(&[40, 130, 90]));
        let shown = &chart.lines[0];
        assert_eq!(shown.step, FunnelStep::Shown);
        let ys: Vec<f64> = shown
            .points
            .split(' ')
            .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
            .collect();
        assert_eq!(ys.len(), 3);
        assert!(ys[1] < ys[2] && ys[2] < ys[0], "{ys:?}");
        // Lines differ by more than colour.
        let patterns: std::collections::HashSet<_> = chart.lines.iter().map(|l| l.dashes).collect();
        assert_eq!(patterns.len(), 4);
    }

    #[test]
    fn at_most_eight_days_are_written_under_a_long_range_and_the_last_is_one() {
        let chart = chart(&report(&[10; 30]));
        assert!(chart.days.len() <= 9, "{}", chart.days.len());
        assert_eq!(chart.days.last().map(|d| d.1.as_str()), Some("11-30"));
        assert_eq!(chart.days[0].1, "11-01");
        let last_two: Vec<f64> = chart.days.iter().rev().take(2).map(|d| d.0).collect();
        assert!(
            last_two[0] - last_two[1] > 30.0,
            "labels overlap: {last_two:?}"
        );
    }

    #[test]
    fn the_totals_read_as_counts_and_conversion_rates() {
        let report = report(&[100, 100]);
        let rows = conversions(&report.totals());
        assert_eq!(rows[1].0, FunnelStep::Started);
        assert_eq!(rows[1].1, 50);
        assert_eq!(rows[1].2, "25% of “Widget shown”");
        assert_eq!(rows[2].2, "0% of “Assessment started”");
        assert!(summary(&report).contains("shown 200 times"));
        assert_eq!(percent(Some(2.5)), "2.5%");
        assert_eq!(percent(None), "—");
    }
}

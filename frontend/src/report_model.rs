//! The report screen's view model: everything `annexa-shared` computes for the answers, plus
//! the geometry of the charts the widget draws. Pure and tested natively; the components only
//! turn it into markup.

use annexa_shared::{
    AnswersDocument, AnswersError, AttributeKind, Date, FrameworkAdvice, Plan, Report,
    StatementOfApplicability, Tier, advise, plan, qualify_lead, score, statement_of_applicability,
};

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportModel {
    /// Scores, blockers and gaps.
    pub report: Report,
    /// The draft Statement of Applicability.
    pub soa: StatementOfApplicability,
    /// Timeline and audit days from `today`.
    pub plan: Plan,
    /// Which frameworks apply and why.
    pub advice: Vec<FrameworkAdvice>,
    /// The sales tier (sent in `annexa:completed`, never shown to the visitor).
    pub tier: Tier,
}

impl ReportModel {
    /// Computes the model for `doc` with the plan starting `today`.
    pub fn build(doc: &AnswersDocument, today: Date) -> Result<ReportModel, AnswersError> {
        let report = score(doc)?;
        let soa = statement_of_applicability(doc)?;
        let plan = plan(today, &doc.profile, &report);
        let advice = advise(&doc.profile);
        let tier = qualify_lead(&doc.profile, &report, today).tier;
        Ok(ReportModel {
            report,
            soa,
            plan,
            advice,
            tier,
        })
    }

    /// One bar per ISO/IEC 27002 cybersecurity concept, in the standard's order.
    pub fn concept_bars(&self) -> Vec<ChartBar> {
        self.report
            .attributes
            .iter()
            .filter(|a| a.attribute == AttributeKind::CybersecurityConcepts)
            .map(|a| ChartBar {
                label: a.label.clone(),
                score: a.score,
                answered: a.answered,
                total: a.total,
            })
            .collect()
    }

    /// The tier as its letter.
    pub fn tier_letter(&self) -> &'static str {
        match self.tier {
            Tier::A => "A",
            Tier::B => "B",
            Tier::C => "C",
        }
    }

    /// The SoA as pretty JSON for the download.
    pub fn soa_json(&self) -> String {
        serde_json::to_string_pretty(&self.soa).unwrap_or_default()
    }
}

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartBar {
    /// Label under the bar.
    pub label: String,
    /// 0–100, `None` when not scored.
    pub score: Option<f64>,
    /// Answered items.
    pub answered: u32,
    /// Items in all.
    pub total: u32,
}

/// A score as people read it: `72.5%`, `100%`.
pub fn percent(score: f64) -> String {
    format!("{score}%")
}

/// Vertical positions of the timeline's milestones: proportional to time between the first and
/// the last date, but never closer than `min_gap` so that labels do not overlap.
pub fn timeline_rows(dates: &[Date], height: f64, min_gap: f64) -> Vec<f64> {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return Vec::new();
    };
    let span = first.days_until(*last).max(1) as f64;
    let mut rows: Vec<f64> = Vec::with_capacity(dates.len());
    for date in dates {
        let proportional = first.days_until(*date) as f64 / span * height;
        let y = match rows.last() {
            Some(previous) => proportional.max(previous + min_gap),
            None => proportional,
        };
        rows.push(y);
    }
    rows
}

/// Percent-encodes text for a `data:` URL.
pub fn data_url(mime: &str, text: &str) -> String {
    format!(
        "data:{mime};charset=utf-8,{}",
        crate::config::percent_encode(text)
    )
}

/// Today in the visitor's time zone (the plan starts today).
#[cfg(target_arch = "wasm32")]
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    let year = i32::try_from(now.get_full_year()).unwrap_or(2026);
    let month = u8::try_from(now.get_month() + 1).unwrap_or(1);
    let day = u8::try_from(now.get_date()).unwrap_or(1);
    Date::new(year, month, day).unwrap_or_else(fallback_day)
}

/// Host builds have no clock in the widget; tests pass dates explicitly.
#[cfg(not(target_arch = "wasm32"))]
pub fn today() -> Date {
    fallback_day()
}

fn fallback_day() -> Date {
    Date::new(2026, 1, 1).expect("a valid date")
}

#[cfg(test)]
mod tests {
    use super::*;
    use annexa_shared::{Mode, QUESTIONNAIRE_VERSION, questionnaire};

    fn all(mode: Mode, value: &str) -> AnswersDocument {
        let q = questionnaire(mode);
        let answers: serde_json::Map<String, serde_json::Value> = q
            .questions
            .iter()
            .map(|question| (question.id.clone(), serde_json::json!({ "value": value })))
            .collect();
        serde_json::from_value(serde_json::json!({
            "questionnaire_version": QUESTIONNAIRE_VERSION,
            "mode": mode.as_str(),
            "profile": {"persons_in_scope": 20},
            "answers": answers,
        }))
        .unwrap()
    }

    #[test]
    fn a_quick_report_carries_the_sentence_on_what_it_did_not_assess() {
        let day = Date::new(2026, 11, 29).unwrap();
        let quick = ReportModel::build(&all(Mode::Quick, "yes"), day).unwrap();
        let note = quick
            .report
            .not_assessed_note
            .expect("a quick report says it");
        assert!(note.contains("not assessed"), "{note}");
        let full = ReportModel::build(&all(Mode::Full, "yes"), day).unwrap();
        assert_eq!(full.report.not_assessed_note, None);
    }

    #[test]
    fn all_yes_full_is_fully_ready_with_five_concept_bars_at_100() {
        let model =
            ReportModel::build(&all(Mode::Full, "yes"), Date::new(2026, 11, 29).unwrap()).unwrap();
        assert_eq!(model.report.overall, 100.0);
        let bars = model.concept_bars();
        let labels: Vec<_> = bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Identify", "Protect", "Detect", "Respond", "Recover"]
        );
        assert!(bars.iter().all(|b| b.score == Some(100.0)));
        assert_eq!(model.soa.controls.len(), 93);
        assert_eq!(model.plan.audit_days.base_initial, 7.0);
        assert!(model.plan.milestones.first().unwrap().date >= Date::new(2026, 11, 29).unwrap());
    }

    #[test]
    fn all_no_quick_scores_zero_and_lists_gaps() {
        let model =
            ReportModel::build(&all(Mode::Quick, "no"), Date::new(2026, 11, 29).unwrap()).unwrap();
        assert_eq!(model.report.overall, 0.0);
        assert!(!model.report.gaps.is_empty());
        assert!(!model.report.stage1_blockers.is_empty());
        assert!(model.soa_json().contains("\"control_id\": \"A.5.1\""));
        assert_eq!(
            model.advice[0].framework,
            annexa_shared::Framework::Iso27001
        );
    }

    #[test]
    fn percentages_print_like_the_json() {
        assert_eq!(percent(72.5), "72.5%");
        assert_eq!(percent(100.0), "100%");
        assert_eq!(percent(0.0), "0%");
    }

    #[test]
    fn timeline_rows_keep_a_minimum_gap_and_keep_order() {
        let d = |m, day| Date::new(2027, m, day).unwrap();
        let rows = timeline_rows(&[d(1, 1), d(1, 2), d(12, 31)], 300.0, 20.0);
        assert_eq!(rows[0], 0.0);
        assert_eq!(rows[1], 20.0);
        assert!((rows[2] - 300.0).abs() < 1e-9);
    }

    #[test]
    fn data_urls_escape_everything_but_unreserved_characters() {
        assert_eq!(
            data_url("text/csv", "a,b\r\n\"é\""),
            "data:text/csv;charset=utf-8,a%2Cb%0D%0A%22%C3%A9%22"
        );
    }
}

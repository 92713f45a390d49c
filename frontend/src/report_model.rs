//! The report screen's view model: everything `annexa-shared` computes for the answers, plus
//! the geometry of the charts the widget draws. Pure and tested natively; the components only
//! turn it into markup.

use annexa_shared::decimal::Shortest;
use annexa_shared::json::write::WriteJson;
use annexa_shared::text::capitalised;
use annexa_shared::{
    AnswersDocument, AnswersError, AttributeKind, Date, FrameworkAdvice, MilestoneKind, Plan,
    Report, StatementOfApplicability, Tier, advise, plan, qualify_lead, score,
    statement_of_applicability,
};

/// The report's collapsible detail sections, in the order they appear. The first is open until
/// the visitor closes it; the others wait to be opened. Each one's open state is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportSection {
    /// Bars per clause and per Annex A theme.
    Scores,
    /// The ISO/IEC 27002 cybersecurity concepts chart.
    Concepts,
    /// Stage 1 and Stage 2 blockers.
    Blockers,
    /// The ordered gap list.
    Gaps,
    /// The draft Statement of Applicability.
    Soa,
    /// The dated certification timeline.
    Timeline,
    /// The audit-day estimate.
    AuditDays,
    /// Other frameworks that apply.
    Frameworks,
    /// Coverage of other frameworks' requirements.
    Coverage,
    /// OSCAL downloads.
    Downloads,
}

impl ReportSection {
    /// Every section, in order.
    pub const ALL: [ReportSection; 10] = [
        ReportSection::Scores,
        ReportSection::Concepts,
        ReportSection::Blockers,
        ReportSection::Gaps,
        ReportSection::Soa,
        ReportSection::Timeline,
        ReportSection::AuditDays,
        ReportSection::Frameworks,
        ReportSection::Coverage,
        ReportSection::Downloads,
    ];

    /// The id kept in the saved state and in `data-section-id`.
    pub fn id(self) -> &'static str {
        match self {
            ReportSection::Scores => "scores",
            ReportSection::Concepts => "concepts",
            ReportSection::Blockers => "blockers",
            ReportSection::Gaps => "gaps",
            ReportSection::Soa => "soa",
            ReportSection::Timeline => "timeline",
            ReportSection::AuditDays => "audit-days",
            ReportSection::Frameworks => "frameworks",
            ReportSection::Coverage => "coverage",
            ReportSection::Downloads => "downloads",
        }
    }
}

/// One of the things that stand between the organisation and certification, for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obstacle {
    /// What is missing, short.
    pub title: String,
    /// Why it matters or what to do, one sentence.
    pub detail: String,
}

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
                label: a.label.to_string(),
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

    /// The (at most) `count` most important things between the organisation and certification:
    /// missing mandatory documents first (as one item: the Stage 1 audit stops on any of
    /// them), then what Stage 2 must see working (one item per distinct reason), then the most
    /// urgent gaps with what to do about them.
    pub fn obstacles(&self, count: usize) -> Vec<Obstacle> {
        let report = &self.report;
        let mut found = Vec::new();
        if let Some(first) = report.stage1_blockers.first() {
            let title = match report.stage1_blockers.len() {
                1 => first.title.to_string(),
                n => format!("{} and {} more required documents", first.title, n - 1),
            };
            found.push(Obstacle {
                title,
                detail: sentence(&first.reason),
            });
        }
        let mut reasons: Vec<&str> = Vec::new();
        for blocker in &report.stage2_blockers {
            if reasons.contains(&blocker.reason.as_str()) {
                continue;
            }
            reasons.push(&blocker.reason);
            found.push(Obstacle {
                title: blocker.title.to_string(),
                detail: sentence(&blocker.reason),
            });
        }
        let blocked: Vec<&str> = report
            .stage1_blockers
            .iter()
            .chain(&report.stage2_blockers)
            .map(|b| b.requirement_id.as_str())
            .collect();
        for gap in report
            .gaps
            .iter()
            .filter(|g| !blocked.contains(&g.requirement_id.as_str()))
        {
            found.push(Obstacle {
                title: gap.title.to_string(),
                detail: sentence(&gap.recommendation),
            });
        }
        found.truncate(count);
        found
    }

    /// The date of the certification decision on this plan, if the plan has one.
    pub fn certification_date(&self) -> Option<Date> {
        self.plan
            .milestones
            .iter()
            .find(|m| m.id == MilestoneKind::CertificationDecision)
            .map(|m| m.date)
    }

    /// The SoA as pretty JSON for the download.
    pub fn soa_json(&self) -> String {
        self.soa.to_json_pretty()
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

/// `text` as a sentence: capital first letter, full stop at the end.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mut out = capitalised(text);
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// A score as people read it: `72.5%`, `100%`.
pub fn percent(score: f64) -> String {
    format!("{}%", Shortest(score))
}

/// A number as `{}` writes it (SVG coordinates, data attributes), without core's float
/// formatting ([`Shortest`]).
pub fn number(x: f64) -> String {
    Shortest(x).to_string()
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
    fn the_summary_names_three_obstacles_blockers_first_and_a_certification_date() {
        let day = Date::new(2026, 11, 29).unwrap();
        let model = ReportModel::build(&all(Mode::Full, "no"), day).unwrap();
        let obstacles = model.obstacles(3);
        assert_eq!(obstacles.len(), 3);
        // Every mandatory document is missing: one item says so with the count.
        assert!(
            obstacles[0].title.contains("more required documents"),
            "{:?}",
            obstacles[0]
        );
        // Stage 2 reasons are not repeated.
        assert_ne!(obstacles[1].detail, obstacles[2].detail);
        assert!(
            obstacles
                .iter()
                .all(|o| o.detail.ends_with('.') && o.detail.starts_with(char::is_uppercase))
        );
        let decision = model.certification_date().expect("a decision date");
        assert!(decision > day);

        let ready = ReportModel::build(&all(Mode::Full, "yes"), day).unwrap();
        assert!(ready.obstacles(3).is_empty());
        assert!(ready.certification_date().unwrap() < decision);
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

//! The widget's user-facing strings: one catalogue per language, chosen per widget instance.
//!
//! Every language is a [`Strings`] value, so a new language cannot compile until every string
//! is translated. Texts that depend on a number are small `fn` pointers so that each language
//! can place the number where its grammar wants it.

mod en;

use annexa_shared::soa::ImplementationStatus;
use annexa_shared::{AdviceLevel, Band, Framework, Severity};

pub use en::{EN, EN_REPORT};

/// A language the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// English (complete).
    #[default]
    En,
}

impl Locale {
    /// Every language with a complete catalogue.
    pub const ALL: [Locale; 1] = [Locale::En];

    /// The locale for a `data-locale` value (`en`, `en-GB`, …). Unknown languages fall back to
    /// English rather than leaving the widget empty.
    pub fn from_tag(tag: &str) -> Locale {
        let language = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Locale::ALL
            .into_iter()
            .find(|locale| locale.tag() == language)
            .unwrap_or_default()
    }

    /// The BCP 47 tag put in the widget's `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
        }
    }

    /// This language's catalogue.
    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::En => &EN,
        }
    }

    /// This language's report texts.
    pub fn report_strings(self) -> &'static ReportStrings {
        match self {
            Locale::En => &EN_REPORT,
        }
    }
}

/// The start screen's texts, for one language.
#[derive(Debug)]
pub struct StartStrings {
    pub title: &'static str,
    pub intro: &'static str,
    pub privacy: &'static str,
    pub disclaimer: &'static str,
    pub choose: &'static str,
    pub mode_quick: &'static str,
    pub mode_quick_hint: &'static str,
    pub mode_full: &'static str,
    pub mode_full_hint: &'static str,
    pub button: &'static str,
    /// While the site owner's settings load (announced to screen readers).
    pub loading: &'static str,
    /// After *Start*, for the moment the questions take to arrive.
    pub questions_loading: &'static str,
}

/// Every text the widget shows, for one language.
#[derive(Debug)]
pub struct Strings {
    /// The start screen's texts.
    pub start: &'static StartStrings,
    // Flow.
    pub profile_section: &'static str,
    pub progress_label: fn(usize, usize) -> String,
    pub question_of: fn(usize, usize) -> String,
    pub saved: &'static str,
    pub back: &'static str,
    pub next: &'static str,
    pub see_report: &'static str,
    pub jump_to_section: &'static str,
    pub go: &'static str,
    pub start_over: &'static str,
    pub start_over_confirm: &'static str,
    pub help_show: &'static str,
    pub help_hide: &'static str,
    pub keyboard_hint: &'static str,
    pub answer_yes: &'static str,
    pub answer_partial: &'static str,
    pub answer_no: &'static str,
    pub answer_unsure: &'static str,
    pub answer_na: &'static str,
    pub justification_label: &'static str,
    pub justification_required: &'static str,
    pub optional: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub number_out_of_range: fn(u32, u32) -> String,
    pub date_invalid: &'static str,
    // Report.
    pub report_title: &'static str,
    /// While the report's module loads (docs/EMBEDDING.md, "What loads when").
    pub report_loading: &'static str,
    /// When the report's module could not be loaded.
    pub report_unavailable: &'static str,
    pub interop_heading: &'static str,
    pub interop_intro: &'static str,
    pub oscal_download_ssp: &'static str,
    pub oscal_download_results: &'static str,
    pub oscal_download_catalog: &'static str,
    pub oscal_download_profile: &'static str,
    pub download_failed: &'static str,
    pub coverage_heading: &'static str,
    pub coverage_disclaimer: &'static str,
    pub coverage_framework: &'static str,
    pub coverage_all_met: &'static str,
    pub coverage_some_met: &'static str,
    pub coverage_none_met: &'static str,
    pub coverage_not_assessed: &'static str,
    pub coverage_total: &'static str,
    pub coverage_by_group: fn(&str) -> String,
    pub coverage_source: &'static str,
    pub coverage_download_csv: &'static str,
    pub cta_button: fn(&str) -> String,
    pub cta_booking: &'static str,
    pub lead_heading: &'static str,
    pub lead_intro: fn(&str) -> String,
    pub lead_name: &'static str,
    pub lead_email: &'static str,
    pub lead_company: &'static str,
    pub lead_consent_label: &'static str,
    pub lead_submit: &'static str,
    pub lead_sending: &'static str,
    pub lead_success: &'static str,
    pub lead_error_offline: &'static str,
    pub lead_error_rate_limited: fn(Option<u32>) -> String,
    pub lead_error_invalid: &'static str,
    pub lead_error_generic: &'static str,
    pub lead_missing_name: &'static str,
    pub lead_bad_email: &'static str,
    pub lead_missing_company: &'static str,
    pub lead_missing_consent: &'static str,
    pub lead_nothing_sent: &'static str,
    // Configuration and connection errors.
    pub error_title: &'static str,
    pub error_missing_key: &'static str,
    pub error_unknown_key: fn(&str) -> String,
    pub error_unreachable: &'static str,
    pub error_bad_mode: fn(&str) -> String,
    pub error_server: fn(u16) -> String,
    pub retry: &'static str,
    /// Heading when the full questionnaire's questions could not be fetched.
    pub questions_failed_title: &'static str,
    /// What to do about it.
    pub questions_failed: &'static str,
    /// Shown while the coverage of other frameworks is worked out.
    pub coverage_loading: &'static str,
    /// In place of the coverage until the visitor first opens its section (the work and the
    /// download it needs wait until then); visible when printing.
    pub coverage_on_demand: &'static str,
    /// Before the reason the coverage could not be worked out.
    pub coverage_failed: &'static str,
}

/// Catalogues are `'static` values: two are the same catalogue when they are the same value.
impl PartialEq for Strings {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// The report's texts, for one language: what the report module (`frontend/report`,
/// [`crate::report_engine`]) shows, apart from the texts the widget's runtime shows.
#[derive(Debug)]
pub struct ReportStrings {
    // Report.
    pub report_title: &'static str,
    pub report_incomplete: fn(u32) -> String,
    pub overall_label: &'static str,
    pub band_label: &'static str,
    pub band_names: fn(Band) -> &'static str,
    pub clauses_heading: &'static str,
    pub themes_heading: &'static str,
    pub concepts_heading: &'static str,
    pub concepts_caption: &'static str,
    pub not_scored: &'static str,
    pub stage1_heading: &'static str,
    pub stage1_intro: &'static str,
    pub stage2_heading: &'static str,
    pub stage2_intro: &'static str,
    pub no_blockers: &'static str,
    pub gaps_heading: &'static str,
    pub no_gaps: &'static str,
    pub severity: fn(Severity) -> &'static str,
    pub soa_heading: &'static str,
    pub soa_intro: &'static str,
    pub soa_control: &'static str,
    pub soa_applicable: &'static str,
    pub soa_status: &'static str,
    pub soa_status_names: fn(Option<ImplementationStatus>) -> &'static str,
    pub soa_yes: &'static str,
    pub soa_no: &'static str,
    pub target_met: fn(bool, &str) -> String,
    pub score_out_of: fn(&str) -> String,
    pub soa_justification: &'static str,
    pub soa_download_csv: &'static str,
    pub soa_download_json: &'static str,
    pub soa_warnings: &'static str,
    pub coverage_heading: &'static str,
    pub timeline_heading: &'static str,
    pub timeline_caption: &'static str,
    pub audit_days_heading: &'static str,
    pub audit_days_initial: &'static str,
    pub audit_days_base: &'static str,
    pub audit_days_surveillance: &'static str,
    pub audit_days_recertification: &'static str,
    pub audit_days_approximate: &'static str,
    pub audit_days_unknown: &'static str,
    pub days: fn(f64) -> String,
    pub frameworks_heading: &'static str,
    pub framework_level: fn(AdviceLevel) -> &'static str,
    pub framework_name: fn(Framework) -> &'static str,
    pub no_frameworks: &'static str,
    pub print: &'static str,
    pub edit_answers: &'static str,
    pub disclaimer_short: &'static str,
    pub report_error: &'static str,
    // Lead capture.
    pub summary_obstacles_heading: &'static str,
    pub summary_no_obstacles: &'static str,
    pub summary_certification: fn(&str) -> String,
    pub month_names: [&'static str; 12],
    pub section_scores: &'static str,
    pub section_blockers: &'static str,
    pub section_downloads: &'static str,
    pub continue_full_heading: &'static str,
    pub continue_full_text: &'static str,
    pub continue_full_button: &'static str,
    pub answered_of: fn(u32, u32) -> String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_languages_fall_back_to_english() {
        assert_eq!(Locale::from_tag("en-GB"), Locale::En);
        assert_eq!(Locale::from_tag("xx"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
    }

    #[test]
    fn english_numbers_read_naturally() {
        let s = Locale::En.strings();
        assert_eq!((s.question_of)(3, 20), "Question 3 of 20");
        assert_eq!(
            (Locale::En.report_strings().answered_of)(1, 4),
            "1 of 4 answered"
        );
        assert_eq!(
            (s.lead_error_rate_limited)(Some(30)),
            "Too many submissions from here. Please try again in 30 seconds."
        );
    }
}

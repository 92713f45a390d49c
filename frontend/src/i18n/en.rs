//! English, the reference catalogue: complete by construction (every [`Strings`] field).

use annexa_shared::decimal::Fixed;
use annexa_shared::soa::ImplementationStatus;
use annexa_shared::{AdviceLevel, Band, Framework, Severity};

use super::{ReportStrings, StartStrings, Strings};

/// The English start screen.
static EN_START: StartStrings = StartStrings {
    title: "How ready are you for ISO/IEC 27001?",
    intro: "Answer a short series of questions about how you manage information security. \
                  You get an instant readiness report: your score per clause and per control theme, \
                  what would stop a certification audit, the gaps to close first, a draft Statement \
                  of Applicability and a realistic timeline.",
    privacy: "Your answers stay in this browser. Nothing is sent anywhere unless you choose \
                    to send your results at the end.",
    disclaimer: "This is a self-assessment to help you prepare. It is not a certification \
                       and not an audit.",
    choose: "Choose an assessment",
    mode_quick: "Quick assessment",
    mode_quick_hint: "About 5 minutes, about 25 short questions: a first picture of where you stand.",
    mode_full: "Full assessment",
    mode_full_hint: "About 45 minutes: one question per requirement of clauses 4–10 and per \
                     Annex A control, for a detailed gap analysis.",
    button: "Start",
    loading: "Loading the readiness assessment…",
    questions_loading: "Loading the questions…",
};

/// The English catalogue.
pub static EN: Strings = Strings {
    start: &EN_START,
    profile_section: "Your organisation",
    progress_label: |answered, total| format!("{answered} of {total} answered"),
    question_of: |n, total| format!("Question {n} of {total}"),
    saved: "Progress saved in this browser",
    back: "Back",
    next: "Next",
    see_report: "See my report",
    jump_to_section: "Jump to section",
    go: "Go",
    start_over: "Start over",
    start_over_confirm: "Start over and clear every answer",
    help_show: "Why this matters",
    help_hide: "Hide explanation",
    keyboard_hint: "Use the arrow keys to choose an answer and Enter to continue.",
    answer_yes: "Yes, in place",
    answer_partial: "Partly",
    answer_no: "No",
    answer_unsure: "Not sure",
    answer_na: "Not applicable to us",
    justification_label: "Why does this control not apply to you?",
    justification_required: "Please say briefly why this control does not apply. An auditor will \
                             ask, and the Statement of Applicability must record it.",
    optional: "optional",
    yes: "Yes",
    no: "No",
    number_out_of_range: |min, max| format!("Please enter a whole number from {min} to {max}."),
    date_invalid: "Please enter a date as YYYY-MM-DD.",
    report_title: "Your ISO/IEC 27001 readiness report",
    report_loading: "Preparing your report…",
    report_unavailable: "Your report could not be loaded. Check your connection and try again: your answers are kept.",
    interop_heading: "Use your results elsewhere",
    interop_intro: "Download your Statement of Applicability and assessment results in OSCAL, the \
                    open format that GRC tools import (keep the catalog and profile files next to \
                    them). The files are made in your browser; nothing is sent.",
    oscal_download_ssp: "SoA as OSCAL SSP",
    oscal_download_results: "Assessment results (OSCAL)",
    oscal_download_catalog: "ISO/IEC 27001 catalog (OSCAL)",
    oscal_download_profile: "Profile (OSCAL)",
    download_failed: "The file could not be created:",
    coverage_heading: "Other frameworks: related requirements met",
    coverage_disclaimer: "For each item of NIST CSF 2.0, NIST SP 800-53 Rev. 5 and NIS2, published \
                          mappings name related ISO/IEC 27001 requirements; this counts how many \
                          of them you answered yes. A mapping shows overlap, not equivalence: \
                          this is not a statement of compliance with any framework.",
    coverage_framework: "Framework",
    coverage_all_met: "All met",
    coverage_some_met: "Some met",
    coverage_none_met: "None met",
    coverage_not_assessed: "Not assessed",
    coverage_total: "Items",
    coverage_by_group: |framework| format!("{framework} by group"),
    coverage_source: "Mapping sources:",
    coverage_download_csv: "Download coverage (CSV)",
    cta_button: |owner| format!("Talk to {owner} about your certification"),
    cta_booking: "Book a call",
    lead_heading: "Get help closing the gaps",
    lead_intro: |owner| {
        format!(
            "Send your results to {owner} and they will contact you about your certification \
             project."
        )
    },
    lead_name: "Your name",
    lead_email: "Work email",
    lead_company: "Company",
    lead_consent_label: "I agree",
    lead_submit: "Send my results",
    lead_sending: "Sending…",
    lead_success: "Thank you, your results were sent. You will hear from us soon.",
    lead_error_offline: "You seem to be offline, so nothing was sent. Check your connection and \
                         try again; your answers are kept.",
    lead_error_rate_limited: |seconds| match seconds {
        Some(s) => format!("Too many submissions from here. Please try again in {s} seconds."),
        None => "Too many submissions from here. Please try again in a minute.".to_owned(),
    },
    lead_error_invalid: "The server did not accept the submission:",
    lead_error_generic: "Something went wrong on our side and nothing was stored. Please try \
                         again later.",
    lead_missing_name: "Please enter your name.",
    lead_bad_email: "Please enter a valid email address, like name@company.com.",
    lead_missing_company: "Please enter your company.",
    lead_missing_consent: "Please tick the box to agree before sending.",
    lead_nothing_sent: "Nothing is sent until you press the button.",
    error_title: "The readiness assessment cannot start",
    error_missing_key: "This widget has no data-key attribute. The site owner needs to add the key \
                        they received from Annexa: <annexa-readiness data-key=\"…\">.",
    error_unknown_key: |key| {
        format!(
            "The widget key \"{key}\" is not known to the Annexa server. The site owner should \
             check the data-key attribute."
        )
    },
    error_unreachable: "The Annexa server cannot be reached. Check your connection and try again.",
    error_bad_mode: |mode| {
        format!(
            "data-mode=\"{mode}\" is not a valid mode: use \"quick\", \"full\" or leave it out."
        )
    },
    error_server: |status| format!("The Annexa server answered with an error ({status})."),
    retry: "Try again",
    questions_failed_title: "The questions could not be loaded",
    questions_failed: "Check your connection and try again. Your answers so far are kept.",
    coverage_loading: "Working out the coverage…",
    coverage_failed: "The coverage could not be worked out:",
    coverage_on_demand: "Open this section on screen to see how your answers cover these \
                         frameworks.",
};

/// The English report.
pub static EN_REPORT: ReportStrings = ReportStrings {
    report_title: "Your ISO/IEC 27001 readiness report",
    report_incomplete: |percent| {
        format!(
            "You have answered {percent}% of the questions. Unanswered questions do not lower \
             your score, but the report is only as complete as your answers."
        )
    },
    overall_label: "Overall readiness",
    band_label: "Readiness band",
    band_names: |band| match band {
        Band::NotReady => "Not ready yet",
        Band::Early => "Early stage",
        Band::Progressing => "Progressing",
        Band::NearlyReady => "Nearly ready",
        Band::Ready => "Ready for a certification audit",
    },
    clauses_heading: "Management system clauses 4–10",
    themes_heading: "Annex A control themes",
    concepts_heading: "Cybersecurity concepts (ISO/IEC 27002)",
    concepts_caption: "Readiness of the Annex A controls grouped by the five cybersecurity \
                       concepts, in percent. Each bar is labelled with its value.",
    not_scored: "not scored",
    stage1_heading: "Stage 1 blockers",
    stage1_intro: "Mandatory documented information that is missing. The Stage 1 (documentation) \
                   audit would stop here.",
    stage2_heading: "Stage 2 blockers",
    stage2_intro: "Things an auditor must see working before recommending certification.",
    no_blockers: "None found in your answers.",
    gaps_heading: "Gaps to close, most important first",
    no_gaps: "No gaps found in your answers.",
    severity: |severity| match severity {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    },
    soa_heading: "Draft Statement of Applicability",
    soa_intro: "All 93 Annex A controls, whether they apply and how far they are implemented \
                according to your answers. A starting point for your own SoA, not a finished one.",
    soa_control: "Control",
    soa_applicable: "Applicable",
    soa_status: "Implementation",
    soa_status_names: |status| match status {
        Some(ImplementationStatus::Implemented) => "Implemented",
        Some(ImplementationStatus::PartiallyImplemented) => "Partly implemented",
        Some(ImplementationStatus::NotImplemented) => "Not implemented",
        Some(ImplementationStatus::Unknown) => "Unknown",
        Some(ImplementationStatus::NotAssessed) => "Not assessed",
        None => "Excluded",
    },
    soa_yes: "Yes",
    soa_no: "No",
    target_met: |met, target| {
        if met {
            format!("On this plan you reach certification by your target date, {target}.")
        } else {
            format!(
                "On this plan certification comes after your target date, {target}: plan for more resources or a later date."
            )
        }
    },
    score_out_of: |score| format!("{score} out of 100"),
    soa_justification: "Justification",
    soa_download_csv: "Download SoA (CSV)",
    soa_download_json: "Download SoA (JSON)",
    soa_warnings: "Exclusions to double-check",
    coverage_heading: "Other frameworks: related requirements met",
    timeline_heading: "Certification timeline",
    timeline_caption: "Dated milestones from today to recertification, based on your answers and \
                       profile.",
    audit_days_heading: "Audit effort estimate (ISO/IEC 27006-1)",
    audit_days_initial: "Initial certification audit (Stage 1 + Stage 2)",
    audit_days_base: "Base from the table for your head count",
    audit_days_surveillance: "Each surveillance audit",
    audit_days_recertification: "Recertification audit",
    audit_days_approximate: "Approximate: part of the reference data is not yet verified.",
    audit_days_unknown: "Tell us how many people are in scope to get an estimate.",
    days: |days| {
        if days.fract() == 0.0 {
            format!("{} auditor-days", Fixed(days, 0))
        } else {
            format!("{} auditor-days", Fixed(days, 1))
        }
    },
    frameworks_heading: "Frameworks that apply to you",
    framework_level: |level| match level {
        AdviceLevel::Required => "Required",
        AdviceLevel::Recommended => "Recommended",
        AdviceLevel::Consider => "Worth considering",
    },
    framework_name: Framework::name,
    no_frameworks: "Nothing beyond ISO/IEC 27001 stands out from your profile.",
    print: "Print or save as PDF",
    edit_answers: "Change my answers",
    disclaimer_short: "A self-assessment, not a certification or an audit.",
    report_error: "The report could not be computed from these answers:",
    summary_obstacles_heading: "What stands between you and certification",
    summary_no_obstacles: "Nothing in your answers would stop a certification audit.",
    summary_certification: |month| {
        format!("Earliest realistic certification on this plan: {month}")
    },
    month_names: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    section_scores: "Scores by clause and control theme",
    section_blockers: "What would stop an audit",
    section_downloads: "Downloads for your compliance tools",
    continue_full_heading: "Want the detailed picture?",
    continue_full_text: "The full assessment asks one question per requirement and per control. \
                         Your quick answers are carried over, so you only answer what they did \
                         not already cover.",
    continue_full_button: "Continue with the full assessment",
    answered_of: |answered, total| format!("{answered} of {total} answered"),
};

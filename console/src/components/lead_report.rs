//! What a lead answered and what the server made of it, for a salesperson: the report summary
//! (score, band, a chart of the clauses and themes, blockers, the top gaps), the tier's reasons,
//! the answers in words and the certification plan. Plain words only: no question ids, no
//! answer codes.

use annexa_shared::wire::Lead;
use annexa_shared::wire::leads::band_in_words;
use annexa_shared::{
    AnswerValue, Date, Plan, ProfileInput, ProfileOption, Report, SectionKind, SectionScore,
    Severity, plan, questionnaire,
};
use yew::{Html, html};

/// How many gaps the summary lists.
pub const TOP_GAPS: usize = 5;

/// An answer for people.
pub fn answer_in_words(value: AnswerValue) -> &'static str {
    match value {
        AnswerValue::Yes => "Yes, in place",
        AnswerValue::Partial => "Partly in place",
        AnswerValue::No => "No",
        AnswerValue::Unsure => "Does not know",
        AnswerValue::NotApplicable => "Does not apply",
    }
}

/// How urgent a gap is, for people.
pub fn severity_in_words(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "Blocks the audit",
        Severity::High => "Likely nonconformity",
        Severity::Medium => "Control missing",
        Severity::Low => "Control partly in place",
    }
}

/// The answered questions in the questionnaire's order: the question's text, the answer in
/// words and the justification given for one that does not apply.
pub fn answered_questions(lead: &Lead) -> Vec<(String, &'static str, Option<String>)> {
    let asked = questionnaire(lead.answers.mode);
    asked
        .questions
        .iter()
        .filter_map(|question| {
            lead.answers.answers.get(&question.id).map(|answer| {
                (
                    question.text.clone(),
                    answer_in_words(answer.value),
                    answer.justification.clone(),
                )
            })
        })
        .collect()
}

/// A profile answer in words: the number, yes or no, the options' labels, or the date. `None`
/// when the stored value does not fit the question (an older or edited document).
fn profile_answer_in_words(input: &ProfileInput, value: &serde_json::Value) -> Option<String> {
    // An option the questionnaire no longer offers is not shown by its stored name.
    let label = |options: &[ProfileOption], value: &str| {
        options
            .iter()
            .find(|o| o.value == value)
            .map_or_else(|| "another answer".to_owned(), |o| o.label.clone())
    };
    match input {
        ProfileInput::Number { .. } => value.as_u64().map(|n| n.to_string()),
        ProfileInput::Boolean => value
            .as_bool()
            .map(|yes| if yes { "Yes" } else { "No" }.into()),
        ProfileInput::Choice { options } => value.as_str().map(|v| label(options, v)),
        ProfileInput::MultiChoice { options } => {
            let labels: Vec<String> = value
                .as_array()?
                .iter()
                .filter_map(serde_json::Value::as_str)
                .map(|v| label(options, v))
                .collect();
            // Labels may hold commas of their own.
            (!labels.is_empty()).then(|| labels.join("; "))
        }
        ProfileInput::Date => value.as_str().map(str::to_owned),
    }
}

/// The organisation's profile as the lead answered it, in the questionnaire's order: each
/// answered profile question's text and the answer in words.
pub fn profile_in_words(lead: &Lead) -> Vec<(String, String)> {
    let Ok(profile) = serde_json::to_value(&lead.answers.profile) else {
        return Vec::new();
    };
    questionnaire(lead.answers.mode)
        .profile_questions
        .iter()
        .filter_map(|question| {
            let words = profile_answer_in_words(&question.input, profile.get(&question.id)?)?;
            Some((question.text.clone(), words))
        })
        .collect()
}

/// The certification plan from the day the lead arrived, for its profile and report.
pub fn lead_plan(lead: &Lead) -> Option<Plan> {
    let day: Date = lead.summary.created_at.get(..10)?.parse().ok()?;
    Some(plan(day, &lead.answers.profile, &lead.report))
}

/// One bar's label: "Clause 6 — Planning", "Annex A 5 — Organizational controls".
fn section_label(section: &SectionScore) -> String {
    match section.kind {
        SectionKind::Clause => format!("Clause {} — {}", section.id, section.title),
        SectionKind::Theme => format!(
            "Annex A {} — {}",
            section.id.trim_start_matches("A."),
            section.title
        ),
    }
}

/// The sections as a bar chart (SVG), each bar labelled with its value, described for screen
/// readers by its caption.
pub fn section_chart(report: &Report) -> Html {
    const ROW: u32 = 34;
    const LABEL: u32 = 360;
    const BAR: u32 = 300;
    let height = ROW * u32::try_from(report.sections.len()).unwrap_or(0) + 8;
    let width = LABEL + BAR + 70;
    html! {
        <figure class="section-chart">
            <svg viewBox={format!("0 0 {width} {height}")} role="img"
                 aria-labelledby="section-chart-caption" focusable="false">
                { for report.sections.iter().enumerate().map(|(index, section)| {
                    let y = ROW * u32::try_from(index).unwrap_or(0) + 4;
                    let score = section.score.unwrap_or(0.0).clamp(0.0, 100.0);
                    // Whole pixels are enough for a bar; the value is written beside it.
                    let length = (score * f64::from(BAR) / 100.0).round();
                    let value = match section.score {
                        Some(s) => format!("{s:.0}"),
                        None => "not scored".to_string(),
                    };
                    html! {
                        <g class={if section.kind == SectionKind::Clause { "clause" } else { "theme" }}>
                            <text x="0" y={(y + 20).to_string()} class="bar-label">{section_label(section)}</text>
                            <rect x={LABEL.to_string()} y={(y + 4).to_string()} width={BAR.to_string()} height="22" class="bar-track" />
                            <rect x={LABEL.to_string()} y={(y + 4).to_string()} width={length.to_string()} height="22" class="bar" />
                            <text x={(LABEL + BAR + 8).to_string()} y={(y + 20).to_string()} class="bar-value">{value}</text>
                        </g>
                    }
                }) }
            </svg>
            <figcaption id="section-chart-caption">
                {"Readiness of each management system clause and Annex A control theme, out of 100. "}
                {"Each bar is labelled with its value."}
            </figcaption>
        </figure>
    }
}

/// The report summary: score, band, chart, blockers and the top gaps.
pub fn report_summary(report: &Report) -> Html {
    let blockers: Vec<_> = report
        .stage1_blockers
        .iter()
        .chain(&report.stage2_blockers)
        .collect();
    html! {
        <section class="lead-report" aria-labelledby="report-heading">
            <h4 id="report-heading">{"Readiness report"}</h4>
            <p class="score-line">
                <strong>{format!("{:.0} out of 100", report.overall)}</strong>
                {format!(" · {} · {:.0}% of the questions answered",
                    band_in_words(report.band), report.progress * 100.0)}
            </p>
            {section_chart(report)}
            <h5>{"What would stop a certification audit"}</h5>
            if blockers.is_empty() {
                <p>{"Nothing in the answers."}</p>
            } else {
                <ul class="blockers">{ for blockers.iter().map(|b| html! {
                    <li><strong>{b.title.as_str()}</strong>{": "}{&b.reason}</li>
                }) }</ul>
            }
            <h5>{"The most important gaps"}</h5>
            if report.gaps.is_empty() {
                <p>{"No gaps in the answers."}</p>
            } else {
                <ol class="gaps">{ for report.gaps.iter().take(TOP_GAPS).map(|g| html! {
                    <li><strong>{g.title.as_str()}</strong>{format!(" ({}): ", severity_in_words(g.severity))}{g.recommendation.as_str()}</li>
                }) }</ol>
                if report.gaps.len() > TOP_GAPS {
                    <p class="muted">{format!("{} more in the full report.", report.gaps.len() - TOP_GAPS)}</p>
                }
            }
        </section>
    }
}

/// The organisation's profile, in words.
pub fn profile_list(lead: &Lead) -> Html {
    let answered = profile_in_words(lead);
    html! {
        <section aria-labelledby="profile-heading">
            <h4 id="profile-heading">{"The organisation"}</h4>
            if answered.is_empty() {
                <p>{"The visitor did not describe the organisation."}</p>
            } else {
                <dl class="profile">{ for answered.into_iter().map(|(question, answer)| html! {
                    <>
                        <dt>{question}</dt>
                        <dd>{answer}</dd>
                    </>
                }) }</dl>
            }
        </section>
    }
}

/// The answers, in words.
pub fn answers_list(lead: &Lead) -> Html {
    let answered = answered_questions(lead);
    html! {
        <section aria-labelledby="answers-heading">
            <h4 id="answers-heading">{format!("The answers ({})", answered.len())}</h4>
            if answered.is_empty() {
                <p>{"No readiness question was answered."}</p>
            } else {
                <details>
                    <summary>{"Show every question and answer"}</summary>
                    <dl class="answers">{ for answered.into_iter().map(|(question, answer, why)| html! {
                        <>
                            <dt>{question}</dt>
                            <dd>{answer}{ why.map(|w| format!(": {w}")).unwrap_or_default() }</dd>
                        </>
                    }) }</dl>
                </details>
            }
        </section>
    }
}

/// The certification plan as a timeline.
pub fn plan_timeline(lead: &Lead) -> Html {
    let Some(plan) = lead_plan(lead) else {
        return html! {};
    };
    html! {
        <section aria-labelledby="plan-heading">
            <h4 id="plan-heading">{"Plan to certification"}</h4>
            <p>{format!("About {} months of readiness work from {}, when the lead arrived.",
                plan.readiness_months, plan.start)}
            { match (plan.target_date, plan.meets_target) {
                (Some(target), Some(true)) => format!(" Their target date, {target}, can be met."),
                (Some(target), _) => format!(" Their target date, {target}, comes before certification on this plan."),
                _ => String::new(),
            } }</p>
            <ol class="timeline">{ for plan.milestones.iter().map(|m| html! {
                <li><strong>{format!("{} — {}", m.date, m.title)}</strong>{": "}{&m.detail}</li>
            }) }</ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annexa_shared::Answer;
    use annexa_shared::wire::{Consent, Contact, LeadSummary, SalesStatus};
    use annexa_shared::{AnswersDocument, Mode, QUESTIONNAIRE_VERSION, qualify_lead, score};

    fn lead_with(answers: &[(usize, AnswerValue)]) -> Lead {
        let quick = questionnaire(Mode::Quick);
        let document = AnswersDocument {
            questionnaire_version: QUESTIONNAIRE_VERSION.into(),
            mode: Mode::Quick,
            profile: Default::default(),
            answers: answers
                .iter()
                .map(|(index, value)| {
                    (
                        quick.questions[*index].id.clone(),
                        Answer {
                            value: *value,
                            justification: None,
                        },
                    )
                })
                .collect(),
        };
        let report = score(&document).unwrap();
        let day = Date::new(2026, 12, 1).unwrap();
        Lead {
            summary: LeadSummary {
                id: "l-1".into(),
                created_at: "2026-12-01T09:00:00.000Z".into(),
                widget_key: "demo".into(),
                contact: Contact {
                    name: "Ana".into(),
                    email: "ana@example.com".into(),
                    company: "Fictitious Foods".into(),
                },
                tier: "B".into(),
                overall: report.overall,
                band: report.band,
                sales_status: SalesStatus::New,
            },
            consent: Consent {
                text: "You may contact me.".into(),
                agreed_at: "2026-12-01T09:00:00.000Z".into(),
            },
            qualification: qualify_lead(&document.profile, &report, day),
            answers: document,
            report,
            activity: Vec::new(),
        }
    }

    #[test]
    fn answers_read_as_the_question_and_words() {
        let quick = questionnaire(Mode::Quick);
        let lead = lead_with(&[(1, AnswerValue::Partial), (0, AnswerValue::Unsure)]);
        let answered = answered_questions(&lead);
        assert_eq!(
            answered,
            [
                (quick.questions[0].text.clone(), "Does not know", None),
                (quick.questions[1].text.clone(), "Partly in place", None),
            ],
            "in the questionnaire's order, in words"
        );
        assert!(answered.iter().all(|(text, _, _)| !text.starts_with("q.")));
    }

    #[test]
    fn the_profile_reads_as_the_question_and_the_answer_in_words() {
        let mut lead = lead_with(&[]);
        lead.answers.profile = serde_json::from_value(serde_json::json!({
            "persons_in_scope": 40,
            "sector": "it_services",
            "uses_cloud": true,
            "customers": ["eu", "us_saas_buyers"],
        }))
        .unwrap();
        let profile = profile_in_words(&lead);
        let quick = questionnaire(Mode::Quick);
        let text_of = |id: &str| {
            quick
                .profile_questions
                .iter()
                .find(|q| q.id == id)
                .unwrap()
                .text
                .clone()
        };
        assert_eq!(
            profile,
            [
                (text_of("persons_in_scope"), "40".to_owned()),
                (
                    text_of("sector"),
                    "IT services, hosting, managed services".to_owned()
                ),
                (text_of("uses_cloud"), "Yes".to_owned()),
                (
                    text_of("customers"),
                    "Customers in the EU; US companies buying SaaS".to_owned()
                ),
            ],
            "in the questionnaire's order, unanswered ones left out"
        );
        assert!(profile.iter().all(|(_, words)| !words.contains('_')));
    }

    #[test]
    fn the_plan_starts_the_day_the_lead_arrived() {
        let plan = lead_plan(&lead_with(&[])).unwrap();
        assert_eq!(plan.start, Date::new(2026, 12, 1).unwrap());
        assert!(!plan.milestones.is_empty());
    }

    #[test]
    fn chart_labels_name_the_clause_or_theme_in_words() {
        let lead = lead_with(&[]);
        let labels: Vec<String> = lead.report.sections.iter().map(section_label).collect();
        assert!(labels[0].starts_with("Clause 4 — "), "{labels:?}");
        assert!(
            labels.iter().any(|l| l.starts_with("Annex A 5 — ")),
            "{labels:?}"
        );
        assert_eq!(severity_in_words(Severity::Critical), "Blocks the audit");
    }
}

//! Fictitious leads for `annexa serve --demo`, so the console's leads inbox can be tried at once.
//! Every one is marked as made up: the person's name contains "Fictitious", the company ends in
//! "(demo)" and the address is at `example.com` (a domain reserved for examples). They are
//! scored and qualified with the same rules as real leads, and added only while the demo widget
//! key has no lead at all, so a restart never adds more. A few have a sales status and notes
//! already (by "Demo salesperson (fictitious)"), so the follow-up can be tried too.

use annexa_shared::{AnswersDocument, QUESTIONNAIRE_VERSION, questionnaire, wire};
use serde_json::json;
use time::{Duration, OffsetDateTime};

use crate::error::{Error, Result};
use crate::store::leads::{self, LeadFilter, NewLead, SalesStatus};
use crate::store::{Pool, timestamp, widget_keys};

/// The demo widget key the leads come through.
const DEMO_KEY: &str = "demo";

/// (first name, company, answer pattern, days ago). The person is "<first name> Fictitious",
/// reached at <first name>@example.com.
#[rustfmt::skip] // A table: one lead per line.
const PEOPLE: [(&str, &str, [&str; 3], u32); 6] = [
    ("Ana", "Fictitious Foods Ltd (demo)", ["yes", "yes", "partial"], 1),
    ("Bo", "Fictitious Freight GmbH (demo)", ["partial", "no", "partial"], 2),
    ("Chen", "Fictitious Cloud Ltd (demo)", ["yes", "yes", "yes"], 3),
    ("Dara", "Fictitious Clinics Ltd (demo)", ["no", "no", "unsure"], 5),
    ("Eli", "Fictitious Payroll SAS (demo)", ["yes", "partial", "no"], 8),
    ("Femi", "Fictitious Logistics BV (demo)", ["partial", "partial", "yes"], 13),
];

/// Who made the demo leads' follow-up (marked as made up, like the leads).
const DEMO_SALESPERSON: &str = "Demo salesperson (fictitious)";

/// The follow-up of the demo lead at `index`: status changes and notes, in order.
fn follow_up(index: usize) -> &'static [(Option<SalesStatus>, Option<&'static str>)] {
    match index {
        1 => &[
            (Some(SalesStatus::Contacted), None),
            (
                None,
                Some("Called: they need the certificate for a tender in the spring."),
            ),
        ],
        2 => &[
            (Some(SalesStatus::Contacted), None),
            (
                Some(SalesStatus::Qualified),
                Some("Budget agreed; sending a proposal."),
            ),
        ],
        4 => &[(
            Some(SalesStatus::Lost),
            Some("Chose to wait until next year."),
        )],
        _ => &[],
    }
}

fn answers(pattern: [&str; 3], index: usize) -> Result<AnswersDocument> {
    let quick = questionnaire(annexa_shared::Mode::Quick);
    let answers: serde_json::Map<String, serde_json::Value> = quick
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.clone(), json!({ "value": pattern[i % 3] })))
        .collect();
    // Profiles vary so that the tiers do too.
    let profile = match index % 3 {
        0 => json!({"persons_in_scope": 120, "sites": 2, "uses_cloud": true, "sector": "software",
                    "customers": ["eu", "us_saas_buyers"], "data": ["eu_personal"]}),
        1 => json!({"persons_in_scope": 35, "sites": 1, "uses_cloud": true}),
        _ => json!({"persons_in_scope": 12, "sites": 1}),
    };
    serde_json::from_value(json!({
        "questionnaire_version": QUESTIONNAIRE_VERSION,
        "mode": "quick",
        "profile": profile,
        "answers": answers,
    }))
    .map_err(Error::internal)
}

/// Adds the fictitious leads when the demo key exists and has none; returns how many were added.
pub async fn seed_if_empty(pool: &Pool) -> Result<usize> {
    let Some(key) = widget_keys::get(pool, DEMO_KEY).await? else {
        return Ok(0);
    };
    let existing = leads::list(
        pool,
        &LeadFilter {
            widget_key: Some(DEMO_KEY.into()),
            per_page: Some(1),
            ..LeadFilter::default()
        },
    )
    .await?;
    if existing.total > 0 {
        return Ok(0);
    }
    let now = OffsetDateTime::now_utc();
    for (index, (first_name, company, pattern, days_ago)) in PEOPLE.into_iter().enumerate() {
        let document = answers(pattern, index)?;
        let report = annexa_shared::score(&document).map_err(Error::internal)?;
        let qualification =
            annexa_shared::qualify_lead(&document.profile, &report, crate::clock::today());
        let received = timestamp(now - Duration::days(i64::from(days_ago)));
        let tier = serde_json::to_value(qualification.tier)
            .ok()
            .and_then(|t| t.as_str().map(str::to_owned))
            .unwrap_or_else(|| "C".into());
        let lead = NewLead {
            id: uuid::Uuid::new_v4().to_string(),
            widget_key: DEMO_KEY.into(),
            created_at: received.clone(),
            contact: wire::Contact {
                name: format!("{first_name} Fictitious"),
                email: format!("{}@example.com", first_name.to_lowercase()),
                company: company.into(),
            },
            consent: wire::Consent {
                text: key.consent_text.clone(),
                agreed_at: received,
            },
            questionnaire_version: QUESTIONNAIRE_VERSION.into(),
            mode: "quick".into(),
            answers_json: serde_json::to_string(&document).map_err(Error::internal)?,
            report_json: serde_json::to_string(&report).map_err(Error::internal)?,
            overall: report.overall,
            tier,
            band: report.band,
            qualification_json: serde_json::to_string(&qualification).map_err(Error::internal)?,
        };
        leads::insert(pool, &lead, None).await?;
        // A follow-up already under way on some, so the status and notes can be tried.
        for (status, note) in follow_up(index) {
            if let Some(status) = status {
                leads::set_status(pool, &lead.id, *status, DEMO_SALESPERSON).await?;
            }
            if let Some(note) = note {
                leads::add_note(pool, &lead.id, note, DEMO_SALESPERSON).await?;
            }
        }
    }
    Ok(PEOPLE.len())
}

//! Saved widget progress on the report screen, for the browser suites that open a report
//! directly (widget_report, the widget_snapshot tool): varied organisations, answer patterns,
//! open sections.

use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::browser::Browser;
use crate::http_client::Request;
use crate::server::Server;

/// The quick and the full questionnaire as `server` serves them.
pub fn questionnaires(server: &Server) -> (Value, Value) {
    let questionnaire = |mode: &str| {
        Request::new("GET", format!("/api/v1/questionnaire?mode={mode}"))
            .send(server.addr())
            .expect("questionnaire")
            .json()
    };
    (questionnaire("quick"), questionnaire("full"))
}

/// Waits until the shadow root of the widget with id `w` holds `selector` (at most `timeout`).
pub fn wait_in_widget(browser: &Browser, selector: &str, timeout: Duration) {
    browser.wait_for(
        selector,
        &format!(
            "const r = document.getElementById('w').shadowRoot; \
             return !!(r && r.querySelector({}));",
            Value::from(selector)
        ),
        timeout,
    );
}

/// Every report section id (frontend/src/report_model.rs, `ReportSection`).
pub const SECTIONS: [&str; 10] = [
    "scores",
    "concepts",
    "blockers",
    "gaps",
    "soa",
    "timeline",
    "audit-days",
    "frameworks",
    "coverage",
    "downloads",
];

/// A saved report for `questionnaire` with `profile`, answers rotating through `pattern`.
pub fn saved_report(
    questionnaire: &Value,
    profile: Value,
    pattern: &[&str],
    open: &[&str],
) -> Value {
    saved_report_justified(
        questionnaire,
        profile,
        pattern,
        open,
        "We have no offices of our own.",
    )
}

/// [`saved_report`] with `justification` for every `not_applicable` answer.
pub fn saved_report_justified(
    questionnaire: &Value,
    profile: Value,
    pattern: &[&str],
    open: &[&str],
    justification: &str,
) -> Value {
    let answers: Map<String, Value> = questionnaire["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let value = pattern[i % pattern.len()];
            let answer = if value == "not_applicable" && q["allows_not_applicable"] == true {
                json!({"value": value, "justification": justification})
            } else if value == "not_applicable" {
                json!({"value": "partial"})
            } else {
                json!({ "value": value })
            };
            (q["id"].as_str().expect("id").to_owned(), answer)
        })
        .collect();
    json!({
        "screen": "report",
        "answers": {
            "questionnaire_version": questionnaire["version"],
            "mode": questionnaire["mode"],
            "profile": profile,
            "answers": answers,
        },
        "open_sections": open,
    })
}

/// Profile number `k` of a varied set: every option of every choice question is used by some
/// profile, head counts from 5 to 60,000, with and without a target date.
pub fn varied_profile(questionnaire: &Value, k: usize) -> Value {
    let mut profile = Map::new();
    for question in questionnaire["profile_questions"]
        .as_array()
        .expect("profile")
    {
        let id = question["id"].as_str().expect("id").to_owned();
        let input = &question["input"];
        let options: Vec<&str> = input["options"]
            .as_array()
            .map(|o| o.iter().filter_map(|o| o["value"].as_str()).collect())
            .unwrap_or_default();
        let value = match input["type"].as_str().expect("input type") {
            "number" => {
                let wanted = [5_u64, 40, 180, 900, 4500, 60_000][k % 6];
                let min = input["min"].as_u64().unwrap_or(1);
                let max = input["max"].as_u64().unwrap_or(wanted);
                json!(wanted.clamp(min, max))
            }
            "boolean" => json!((k + id.len()).is_multiple_of(2)),
            "choice" => json!(options[k % options.len()]),
            "multi_choice" => json!(
                options
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| k == 5 || !(j + k).is_multiple_of(3))
                    .map(|(_, o)| *o)
                    .collect::<Vec<_>>()
            ),
            "date" if k.is_multiple_of(2) => {
                json!(["2027-06-30", "2026-12-31", "2029-01-15"][k % 3])
            }
            _ => continue,
        };
        profile.insert(id, value);
    }
    Value::Object(profile)
}

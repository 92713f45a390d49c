//! Request bodies the robustness suites share (valid ones, to be broken on purpose) and the
//! problem+json assertion every error response must pass.

use annexa_shared::{Mode, QUESTIONNAIRE_VERSION, questionnaire};
use serde_json::{Value, json};

use std::net::SocketAddr;

use crate::http_client::{self, Response};

/// Prefix of every problem `type`.
pub const PROBLEM_BASE: &str = "https://annexa.dev/problems/";

/// A valid answers document: every question of `mode` answered `value` (`yes`, `partial`, …).
pub fn answers(mode: Mode, value: &str) -> Value {
    let questions = questionnaire(mode);
    let answers: serde_json::Map<String, Value> = questions
        .questions
        .iter()
        .map(|q| (q.id.clone(), json!({ "value": value })))
        .collect();
    json!({
        "questionnaire_version": QUESTIONNAIRE_VERSION,
        "mode": mode.as_str(),
        "profile": { "persons_in_scope": 40, "sites": 2, "uses_cloud": true },
        "answers": answers,
    })
}

/// The consent text of `widget_key` (`GET /api/v1/widget-config/{key}`): a lead must carry it
/// exactly.
///
/// # Panics
/// When the server does not answer with the widget's configuration.
pub fn consent_text(addr: SocketAddr, widget_key: &str) -> String {
    let response = http_client::get(addr, &format!("/api/v1/widget-config/{widget_key}"))
        .expect("GET widget-config");
    assert_eq!(response.status, 200, "widget-config: {}", response.text());
    response.json()["consent_text"]
        .as_str()
        .expect("consent_text")
        .to_owned()
}

/// A valid lead submission for `widget_key` with this contact and the key's consent text.
pub fn lead(addr: SocketAddr, widget_key: &str, name: &str, email: &str, company: &str) -> Value {
    json!({
        "widget_key": widget_key,
        "contact": { "name": name, "email": email, "company": company },
        "consent": {
            "text": consent_text(addr, widget_key),
            "agreed_at": "2026-11-29T18:30:00Z"
        },
        "answers": answers(Mode::Quick, "partial"),
    })
}

/// Panics unless `response` is a problem+json document with this status and kind, whose body
/// repeats the status and has a title and a detail. Returns the body.
pub fn assert_problem(response: &Response, status: u16, kind: &str, what: &str) -> Value {
    assert_eq!(
        response.status,
        status,
        "{what}: expected {status} {kind}, got {}: {}",
        response.status,
        response.text()
    );
    assert_eq!(
        response.media_type(),
        "application/problem+json",
        "{what}: error without problem+json content type: {:?}",
        response.header("content-type")
    );
    let body = response.json();
    assert_eq!(
        body["type"],
        format!("{PROBLEM_BASE}{kind}"),
        "{what}: wrong problem type: {body}"
    );
    assert_eq!(body["status"], status, "{what}: status in body: {body}");
    assert!(
        body["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{what}: no title: {body}"
    );
    assert!(body["detail"].is_string(), "{what}: no detail: {body}");
    body
}

/// Panics unless `response` is a 4xx problem+json document (any kind). Returns the body.
pub fn assert_client_problem(response: &Response, what: &str) -> Value {
    assert!(
        (400..500).contains(&response.status),
        "{what}: expected a 4xx problem, got {}: {}",
        response.status,
        response.text()
    );
    let kind = response
        .json()
        .get("type")
        .and_then(Value::as_str)
        .and_then(|t| t.strip_prefix(PROBLEM_BASE))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("{what}: no problem type: {}", response.text()));
    assert_problem(response, response.status, &kind, what)
}

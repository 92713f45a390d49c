//! Accessibility: axe-core (npm `axe-core`, WCAG 2.0/2.1/2.2 A and AA rules) run in headless
//! Chromium over the widget's start screen, a profile question, a readiness question with its
//! help open, and the full report with the lead form — zero violations allowed.

use std::time::Duration;

use annexa_e2e::browser::Browser;
use annexa_e2e::browser_host::{NO_RATE_LIMITS, axe_violations, embedded_widget, widget_server};
use annexa_e2e::http_client::Request;
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

fn assert_no_violations(browser: &Browser, screen: &str) {
    let violations = axe_violations(browser);
    assert_eq!(
        violations,
        json!([]),
        "axe-core found accessibility violations on the {screen}:\n{violations:#}"
    );
}

fn wait_shadow(browser: &Browser, selector: &str) {
    browser.wait_for(
        selector,
        &format!(
            "const r = document.getElementById('w').shadowRoot; return !!(r && r.querySelector({}));",
            Value::from(selector)
        ),
        WAIT,
    );
}

#[test]
fn start_question_and_report_have_no_axe_violations() {
    let Some((site, server, browser)) = embedded_widget(
        |site| {
            widget_server(
                &NO_RATE_LIMITS,
                &json!({"key": "e2e-site", "owner_name": "E2E Consulting",
                "allowed_origins": [site.origin()]}),
            )
        },
        r#"<annexa-readiness id="w" data-key="e2e-site"></annexa-readiness>"#,
    ) else {
        return;
    };
    wait_shadow(&browser, "[data-action=start]");
    wait_shadow(&browser, ".owner");
    assert_no_violations(&browser, "start screen");

    // A profile question (number input), reached through the start button.
    browser.execute(
        "document.getElementById('w').shadowRoot.querySelector('[data-action=start]').click();",
        json!([]),
    );
    wait_shadow(&browser, "form.step input[type=number]");
    assert_no_violations(&browser, "first profile question");

    // A readiness question with its help open and an answer chosen.
    let questionnaire = Request::new("GET", "/api/v1/questionnaire?mode=quick")
        .send(server.addr())
        .expect("questionnaire")
        .json();
    let profile_count = questionnaire["profile_questions"]
        .as_array()
        .map(Vec::len)
        .expect("profile questions");
    let question_ids: Vec<String> = questionnaire["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["id"].as_str().expect("id").to_owned())
        .collect();
    let seed = |screen: Value, answers: &[(String, &str)]| {
        let answers: serde_json::Map<String, Value> = answers
            .iter()
            .map(|(id, value)| (id.clone(), json!({ "value": value })))
            .collect();
        let saved = json!({
            "screen": screen,
            "answers": {
                "questionnaire_version": questionnaire["version"],
                "mode": "quick",
                "profile": {"persons_in_scope": 25, "uses_cloud": true, "sector": "software",
                            "customers": ["eu", "us_saas_buyers"], "data": ["eu_personal"]},
                "answers": answers,
            }
        });
        site.write_local_storage(&browser, "annexa:v1:e2e-site:w", &saved.to_string());
        browser.goto(&site.url("/"));
    };
    seed(
        json!({ "step": profile_count + 2 }),
        &[(question_ids[2].clone(), "partial")],
    );
    wait_shadow(&browser, "form.step input[value=partial]:checked");
    browser.execute(
        "document.getElementById('w').shadowRoot.querySelector('.help-toggle button').click();",
        json!([]),
    );
    wait_shadow(&browser, ".help:not([hidden])");
    assert_no_violations(&browser, "readiness question with help open");

    // The report, with blockers, gaps, charts, the SoA table and the lead form.
    let mixed: Vec<(String, &str)> = question_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), ["yes", "partial", "no", "unsure"][i % 4]))
        .collect();
    seed(json!("report"), &mixed);
    wait_shadow(&browser, "[data-overall]");
    wait_shadow(&browser, "[data-lead=form]");
    assert_no_violations(&browser, "report");

    // The lead form showing its validation messages.
    browser.execute(
        "document.getElementById('w').shadowRoot.querySelector('[data-action=send-lead]').click();",
        json!([]),
    );
    wait_shadow(&browser, ".lead .field-error");
    assert_no_violations(&browser, "lead form with errors");
}

//! The widget end to end, as a visitor on a customer's website: the host page comes from a
//! second origin (`http://localhost:…`), the widget and the API from `annexa serve`
//! (`http://127.0.0.1:…`). The quick assessment is answered with the keyboard only, the report's
//! numbers are compared with `POST /api/v1/assessments/score` for the same answers, and a lead is
//! submitted and found through the admin API.

use std::time::Duration;

use annexa_e2e::browser::{Browser, keys};
use annexa_e2e::browser_host::{self, NO_RATE_LIMITS, embedded_widget};
use annexa_e2e::http_client::Request;
use annexa_e2e::server::{ADMIN_KEY, Server};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

/// The server with the built widget and a widget key `e2e-site` that allows `origin`.
pub fn widget_server(origin: &str) -> Server {
    browser_host::widget_server(
        &NO_RATE_LIMITS,
        &json!({
            "key": "e2e-site",
            "owner_name": "E2E Consulting",
            "lead_capture": true,
            "allowed_origins": [origin],
        }),
    )
}

/// The step on screen, read from the widget's shadow root.
const STEP: &str = r#"
const root = document.getElementById("w").shadowRoot;
if (!root) return null;
if (root.querySelector("[data-overall]")) return {kind: "report"};
const form = root.querySelector("form.step");
if (!form) return null;
const input = form.querySelector("fieldset input");
const active = root.activeElement;
return {
  kind: input ? input.type : "none",
  legend: form.querySelector("legend").textContent,
  focused: active ? (active.type || active.tagName.toLowerCase()) : null,
  progress: root.querySelector(".progress-status").textContent,
};
"#;

fn next_step(browser: &Browser, previous: &str) -> Value {
    let script = format!(
        "const s = (() => {{ {STEP} }})(); \
         return s && (s.kind === 'report' || s.legend !== {previous}) ? s : null;",
        previous = Value::from(previous),
    );
    browser.wait_for("the next step", &script, WAIT)
}

fn shadow(browser: &Browser, expression: &str) -> Value {
    browser.execute(
        &format!("const root = document.getElementById('w').shadowRoot; return {expression};"),
        json!([]),
    )
}

fn post_json(server: &Server, path: &str, body: &Value) -> Value {
    let response = Request::new("POST", path)
        .json(body)
        .send(server.addr())
        .expect("POST");
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    response.json()
}

#[test]
fn keyboard_visitor_gets_the_servers_numbers_and_sends_a_lead() {
    let Some((_site, server, browser)) = embedded_widget(
        |site| widget_server(&site.origin()),
        r#"<annexa-readiness id="w" data-key="e2e-site"></annexa-readiness>"#,
    ) else {
        return;
    };
    browser.wait_for(
        "the start screen",
        "const r = document.getElementById('w').shadowRoot; \
         return r && r.querySelector('[data-action=start]') && r.querySelector('.owner') \
           ? r.querySelector('h2').textContent : null;",
        WAIT,
    );

    // Keyboard only from here: Tab into the widget (the checked "quick" radio), Tab to Start.
    browser.press(keys::TAB);
    assert_eq!(shadow(&browser, "root.activeElement.value"), "quick");
    browser.press(keys::TAB);
    assert_eq!(
        shadow(&browser, "root.activeElement.dataset.action"),
        "start"
    );
    browser.press(keys::ENTER);

    let mut current = browser.wait_for("the first question", STEP, WAIT);
    let mut readiness_answered = 0;
    let mut steps = 0;
    while current["kind"] != "report" {
        steps += 1;
        assert!(steps <= 30, "the quick assessment never ended: {current}");
        let legend = current["legend"].as_str().unwrap_or_default().to_owned();
        let kind = current["kind"].as_str().unwrap_or_default();
        assert_eq!(
            current["focused"], current["kind"],
            "focus must be on the answer of {legend:?}"
        );
        match kind {
            "number" => browser.press(&format!("{}{}", 25, keys::ENTER)),
            "date" => browser.press(keys::ENTER),
            "checkbox" => browser.press(&format!("{}{}", keys::SPACE, keys::ENTER)),
            "radio" if legend.contains("?") && current["progress"].is_string() => {
                // Readiness questions cycle yes, partial, no, unsure; profile choices take the first.
                let is_readiness = shadow(
                    &browser,
                    "!!root.querySelector('form.step input[value=unsure]')",
                ) == true;
                let downs = if is_readiness {
                    readiness_answered += 1;
                    (readiness_answered - 1) % 4
                } else {
                    0
                };
                let mut keys_to_press = keys::SPACE.to_owned();
                for _ in 0..downs {
                    keys_to_press.push_str(keys::ARROW_DOWN);
                }
                keys_to_press.push_str(keys::ENTER);
                browser.press(&keys_to_press);
            }
            other => panic!("unexpected input {other} on {legend:?}"),
        }
        current = next_step(&browser, &legend);
    }
    assert!(
        readiness_answered >= 10,
        "only {readiness_answered} readiness questions"
    );

    // The report's numbers are the server's numbers for the same answers.
    let saved = browser.execute(
        "return JSON.parse(localStorage.getItem('annexa:v1:e2e-site:w'));",
        json!([]),
    );
    assert_eq!(saved["screen"], "report");
    let answers = saved["answers"].clone();
    assert_eq!(answers["profile"]["persons_in_scope"], 25);
    let server_report = post_json(&server, "/api/v1/assessments/score", &answers);
    let overall = shadow(
        &browser,
        "Number(root.querySelector('[data-overall]').dataset.overall)",
    );
    assert_eq!(overall.as_f64(), server_report["overall"].as_f64());
    let shown_overall = shadow(&browser, "root.querySelector('.overall .big').textContent");
    assert_eq!(shown_overall, format!("{}%", server_report["overall"]));
    assert_eq!(
        shadow(&browser, "root.querySelector('[data-band]').dataset.band"),
        server_report["band"]
    );
    let sections = shadow(
        &browser,
        "[...root.querySelectorAll('[data-section]')].map(li => [li.dataset.section, \
         li.dataset.score === undefined ? null : Number(li.dataset.score)])",
    );
    let as_pairs = |v: &Value| -> Vec<(String, Option<f64>)> {
        v.as_array()
            .expect("an array")
            .iter()
            .map(|pair| {
                let (id, score) = match pair {
                    Value::Array(p) => (p[0].clone(), p[1].clone()),
                    object => (object["id"].clone(), object["score"].clone()),
                };
                (id.as_str().unwrap_or_default().to_owned(), score.as_f64())
            })
            .collect()
    };
    assert_eq!(as_pairs(&sections), as_pairs(&server_report["sections"]));
    assert_eq!(
        as_pairs(&sections).len(),
        11,
        "clauses 4–10 and themes A.5–A.8"
    );
    let gaps = shadow(
        &browser,
        "[...root.querySelectorAll('.gaps li')].map(li => li.dataset.requirement)",
    );
    let expected_gaps: Vec<Value> = server_report["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| g["requirement_id"].clone())
        .collect();
    assert_eq!(gaps, Value::Array(expected_gaps));
    for stage in ["stage1", "stage2"] {
        let shown = shadow(
            &browser,
            &format!("root.querySelectorAll('[data-blockers={stage}] li').length"),
        );
        let expected = server_report[format!("{stage}_blockers")]
            .as_array()
            .map(Vec::len);
        assert_eq!(
            shown.as_u64(),
            expected.map(|n| n as u64),
            "{stage} blockers"
        );
    }
    let events = browser.execute("return window.hostEvents;", json!([]));
    let completed = events
        .as_array()
        .and_then(|e| e.iter().find(|e| e["type"] == "annexa:completed"))
        .unwrap_or_else(|| panic!("no annexa:completed event in {events}"));
    assert_eq!(
        completed["detail"]["overall"].as_f64(),
        server_report["overall"].as_f64()
    );
    assert_eq!(completed["bubbles"], true);
    assert_eq!(completed["composed"], true);
    assert!(
        events
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["type"] == "annexa:started")),
        "no annexa:started event"
    );

    // The lead: nothing was sent so far; fill the form with the keyboard and send it.
    let leads_before = Request::new("GET", "/api/v1/leads")
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("list leads")
        .json();
    assert_eq!(
        leads_before["items"]
            .as_array()
            .map(Vec::len)
            .unwrap_or_default(),
        0,
        "a lead was stored before the visitor sent it: {leads_before}"
    );
    shadow(&browser, "root.querySelector('input[name=name]').focus()");
    browser.press("Ada Lovelace");
    browser.press(keys::TAB);
    browser.press("ada@analytical.example");
    browser.press(keys::TAB);
    browser.press("Analytical Engines Ltd");
    browser.press(keys::TAB);
    assert_eq!(shadow(&browser, "root.activeElement.type"), "checkbox");
    browser.press(keys::SPACE);
    browser.press(keys::TAB);
    assert_eq!(
        shadow(&browser, "root.activeElement.dataset.action"),
        "send-lead"
    );
    browser.press(keys::ENTER);
    let lead_id = browser.wait_for(
        "the lead to be stored",
        "const el = document.getElementById('w').shadowRoot.querySelector('[data-lead=sent]'); \
         return el ? el.dataset.leadId : null;",
        WAIT,
    );
    let lead_id = lead_id.as_str().expect("lead id");
    let lead = Request::new("GET", format!("/api/v1/leads/{lead_id}"))
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("get lead");
    assert_eq!(lead.status, 200, "{}", lead.text());
    let lead = lead.json();
    assert_eq!(lead["contact"]["email"], "ada@analytical.example");
    assert_eq!(lead["contact"]["company"], "Analytical Engines Ltd");
    assert_eq!(lead["widget_key"], "e2e-site");
    assert_eq!(lead["overall"].as_f64(), server_report["overall"].as_f64());
    assert_eq!(lead["answers"], answers);
    let events = browser.execute("return window.hostEvents;", json!([]));
    let submitted = events
        .as_array()
        .and_then(|e| e.iter().find(|e| e["type"] == "annexa:lead-submitted"))
        .unwrap_or_else(|| panic!("no annexa:lead-submitted event in {events}"));
    assert_eq!(submitted["detail"]["id"], lead_id);

    // The console's bundle serves /console/ and /verify only: the widget, from the start screen
    // to a sent lead, never fetches it.
    let fetched = browser.execute(
        "return performance.getEntriesByType('resource').map(e => e.name);",
        json!([]),
    );
    let fetched: Vec<&str> = fetched
        .as_array()
        .expect("resource names")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        fetched.iter().any(|name| name.contains("/annexa-widget-")),
        "the widget module is among the fetched resources: {fetched:?}"
    );
    assert!(
        !fetched.iter().any(|name| name.contains("/console/")),
        "the widget fetched the console's files: {fetched:?}"
    );
}

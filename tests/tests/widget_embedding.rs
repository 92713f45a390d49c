//! Embedding the widget on a customer's page: several independent instances, readable messages
//! and `annexa:error` events for bad configurations (never a blank box), no globals leaked into
//! the host page, progress that survives a reload per instance, and the iframe fallback.

use std::time::Duration;

use annexa_e2e::browser::{Browser, keys, skipped};
use annexa_e2e::browser_host::{self, HostSite, NO_RATE_LIMITS, embedded_widget, host_page};
use annexa_e2e::server::Server;
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

fn widget_server(origin: &str) -> Server {
    browser_host::widget_server(
        &NO_RATE_LIMITS,
        &json!({"key": "e2e-site", "owner_name": "E2E Consulting",
                "allowed_origins": [origin]}),
    )
}

/// The text of `selector` in the shadow root of element `id`, once it exists.
fn shadow_text(browser: &Browser, id: &str, selector: &str) -> String {
    let script = format!(
        "const r = document.getElementById({id}).shadowRoot; \
         const el = r && r.querySelector({selector}); return el ? el.textContent : null;",
        id = Value::from(id),
        selector = Value::from(selector),
    );
    browser
        .wait_for(&format!("{selector} in #{id}"), &script, WAIT)
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn event_codes(browser: &Browser) -> Vec<(String, String)> {
    let events = browser.execute(
        "return window.hostEvents.filter(e => e.type === 'annexa:error')\
           .map(e => [e.id, e.detail.code]);",
        json!([]),
    );
    events
        .as_array()
        .map(|list| {
            list.iter()
                .map(|pair| {
                    (
                        pair[0].as_str().unwrap_or_default().to_owned(),
                        pair[1].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn instances_are_independent_and_bad_configuration_is_explained() {
    if skipped() {
        return;
    }
    let site = HostSite::start();
    let server = widget_server(&site.origin());
    let widgets = r##"
<annexa-readiness id="first" data-key="e2e-site"></annexa-readiness>
<annexa-readiness id="second" data-key="e2e-site" data-mode="full" data-accent="#7a1fa2"></annexa-readiness>
<annexa-readiness id="unknown" data-key="no-such-key"></annexa-readiness>
<annexa-readiness id="nokey"></annexa-readiness>
<annexa-readiness id="badmode" data-key="e2e-site" data-mode="long"></annexa-readiness>
<annexa-readiness id="offline" data-key="e2e-site" data-api="http://127.0.0.1:9"></annexa-readiness>
"##;
    site.set_page("/", host_page(&server.base_url(), widgets));
    let browser = Browser::start();
    // WebDriver's own script runner may leave globals behind (ChromeDriver's `ret_nodes`):
    // measure them on a page without the widget and ignore exactly those.
    site.set_page(
        "/plain",
        host_page(&server.base_url(), "")
            .replace("<script type=\"module\"", "<!--")
            .replace("embed.js\"></script>", "-->"),
    );
    browser.goto(&site.url("/plain"));
    browser.execute("return 1;", json!([]));
    let harness_globals = browser.execute(
        "const known = new Set(window.hostGlobalsBefore); \
         return Object.getOwnPropertyNames(window).filter(n => !known.has(n));",
        json!([]),
    );
    browser.goto(&site.url("/"));

    // Bad configurations: a readable message inside the widget and an annexa:error event.
    assert!(
        shadow_text(&browser, "unknown", "[role=alert]").contains("\"no-such-key\" is not known")
    );
    assert!(shadow_text(&browser, "nokey", "[role=alert]").contains("data-key"));
    assert!(shadow_text(&browser, "badmode", "[role=alert]").contains("data-mode=\"long\""));
    // An unreachable server is not fatal: the visitor keeps the questionnaire (lead capture off)
    // while the widget asks for its settings again; the host page hears of it once.
    shadow_text(&browser, "offline", "[data-action=start]");
    let mut codes = event_codes(&browser);
    codes.sort();
    assert_eq!(
        codes,
        [
            ("badmode", "bad-mode"),
            ("nokey", "missing-key"),
            ("offline", "unreachable"),
            ("unknown", "unknown-key"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );

    // Good instances render, with the site owner's accent on the element only.
    shadow_text(&browser, "first", "[data-action=start]");
    shadow_text(&browser, "second", "[data-action=start]");
    let accent = browser.execute(
        "return [getComputedStyle(document.getElementById('second')).getPropertyValue('--annexa-accent'), \
                 getComputedStyle(document.getElementById('first')).getPropertyValue('--annexa-accent')];",
        json!([]),
    );
    assert_eq!(accent, json!(["#7a1fa2", ""]));

    // No globals leaked into the host page.
    let leaked = browser.execute(
        "const known = new Set(window.hostGlobalsBefore.concat(arguments[0])); \
         return Object.getOwnPropertyNames(window).filter(n => !known.has(n));",
        json!([harness_globals]),
    );
    assert_eq!(leaked, json!([]), "globals added to the host page");

    // The first instance starts and answers; the second one is untouched.
    browser.execute(
        "document.getElementById('first').shadowRoot.querySelector('[data-action=start]').focus();",
        json!([]),
    );
    browser.press(keys::ENTER);
    shadow_text(&browser, "first", "form.step legend");
    browser.press(&format!("12{}", keys::ENTER));
    let legend = shadow_text(&browser, "first", "form.step legend");
    assert!(legend.starts_with("How many locations"), "{legend}");
    assert!(
        browser
            .execute(
                "return !!document.getElementById('second').shadowRoot.querySelector('[data-action=start]');",
                json!([])
            )
            .as_bool()
            .unwrap_or_default(),
        "the second widget must still be on its start screen"
    );

    // A reload restores the first instance where it was, with its answer; the second is fresh.
    browser.goto(&site.url("/"));
    let legend = shadow_text(&browser, "first", "form.step legend");
    assert!(
        legend.starts_with("How many locations"),
        "restored at {legend}"
    );
    let saved = browser.execute(
        "return [localStorage.getItem('annexa:v1:e2e-site:first'), \
                 localStorage.getItem('annexa:v1:e2e-site:second')];",
        json!([]),
    );
    let first: Value = serde_json::from_str(saved[0].as_str().expect("first saved")).unwrap();
    assert_eq!(first["answers"]["profile"]["persons_in_scope"], 12);
    assert_eq!(saved[1], Value::Null, "the second instance saved nothing");
    shadow_text(&browser, "second", "[data-action=start]");

    // "Start over" (confirmed) clears the saved progress.
    browser.execute(
        "document.getElementById('first').shadowRoot.querySelector('[data-action=start-over]').click();",
        json!([]),
    );
    browser.execute(
        "document.getElementById('first').shadowRoot.querySelector('[data-action=start-over-confirm]').focus();",
        json!([]),
    );
    browser.press(keys::ENTER);
    shadow_text(&browser, "first", "[data-action=start]");
    let cleared = browser.execute(
        "return localStorage.getItem('annexa:v1:e2e-site:first');",
        json!([]),
    );
    assert_eq!(cleared, Value::Null);
}

#[test]
fn iframe_mode_reports_height_and_events_to_the_host_page() {
    let Some((site, server, browser)) = embedded_widget(
        |site| widget_server(&site.origin()),
        r#"<annexa-readiness id="framed" data-key="e2e-site" data-embed="iframe"></annexa-readiness>
<annexa-readiness id="framed-bad" data-key="no-such-key" data-embed="iframe"></annexa-readiness>"#,
    ) else {
        return;
    };
    let src = browser.wait_for(
        "the iframe",
        "const f = document.getElementById('framed').shadowRoot?.querySelector('iframe'); \
         return f ? f.src : null;",
        WAIT,
    );
    let src = src.as_str().unwrap_or_default();
    assert!(
        src.starts_with(&format!("{}/frame.html?", server.base_url())),
        "{src}"
    );
    assert!(
        src.contains(&format!(
            "origin={}",
            site.origin().replace(':', "%3A").replace('/', "%2F")
        )),
        "{src}"
    );
    // The frame reports its content height: the iframe grows or shrinks from its initial 640.
    wait_for_frame_height(
        &browser,
        "framed",
        "the iframe's height to follow its content",
    );
    // Events from inside the frame arrive on the element as annexa:* events.
    let error = browser.wait_for(
        "the framed error event",
        "return window.hostEvents.find(e => e.id === 'framed-bad' && e.type === 'annexa:error') || null;",
        WAIT,
    );
    assert_eq!(error["detail"]["code"], "unknown-key");
}

#[test]
fn a_policy_without_wasm_unsafe_eval_falls_back_to_the_iframe() {
    if skipped() {
        return;
    }
    let site = HostSite::start();
    let server = widget_server(&site.origin());
    // Scripts from the server are allowed, compiling WebAssembly is not.
    let policy = format!(
        r#"<meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline' {base}; connect-src {base}; style-src {base}; frame-src {base}">"#,
        base = server.base_url()
    );
    let page = host_page(
        &server.base_url(),
        r#"<annexa-readiness id="strict" data-key="e2e-site"></annexa-readiness>"#,
    )
    .replace(
        "<meta charset=\"utf-8\">",
        &format!("<meta charset=\"utf-8\">{policy}"),
    );
    site.set_page("/", page);
    let browser = Browser::start();
    browser.goto(&site.url("/"));
    let src = browser.wait_for(
        "the iframe fallback",
        "const f = document.getElementById('strict').shadowRoot?.querySelector('iframe'); \
         return f ? f.src : null;",
        WAIT,
    );
    assert!(
        src.as_str()
            .is_some_and(|s| s.starts_with(&format!("{}/frame.html?", server.base_url()))),
        "{src}"
    );
    wait_for_frame_height(&browser, "strict", "the framed widget to report its height");
}

/// Waits until the iframe of widget `id` has reported its content height (its height leaves
/// the initial 640).
fn wait_for_frame_height(browser: &Browser, id: &str, what: &str) {
    browser.wait_for(
        what,
        &format!(
            "const f = document.getElementById('{id}').shadowRoot.querySelector('iframe'); \
             return f.getAttribute('height') !== '640' ? f.getAttribute('height') : null;"
        ),
        WAIT,
    );
}

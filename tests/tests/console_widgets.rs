//! The console's widget setup and funnel pages, and the widget's anonymous funnel counts, in
//! headless Chromium against a real `annexa serve`: a site owner creates a widget key and copies
//! its snippet; the funnel page shows the demo key's fictitious days with a chart; an embedded
//! widget sends its counts when the page is left, and sends none with `data-analytics="off"`; a
//! visit through to the report raises the key's counts on the funnel page.
//! Both pages pass axe-core and fit 390 px. With `ANNEXA_SCREENSHOTS=1` the pictures of
//! docs/CONSOLE.md are retaken into docs/console/.

use std::time::{Duration, Instant};

use annexa_e2e::browser::{Browser, keys, skipped};
use annexa_e2e::browser_host::{HostSite, host_page};
use annexa_e2e::console_pages::{
    WAIT, assert_fits_width, assert_no_violations, console_server, console_server_with,
    dist_with_console, on_postgresql, on_postgresql_with, screenshot, sign_in_here, table_rows,
    text_of, type_into, wait_for_selector,
};
use annexa_e2e::http_client::Request;
use annexa_e2e::server::{ADMIN_KEY, Server};
use serde_json::{Value, json};

/// A console server whose build also holds the widget (the preview and the funnel need it).
fn server() -> Server {
    let server = console_server(None);
    assert!(
        dist_with_console().join("embed.js").is_file(),
        "the build has no widget: run trunk build --release before the console's build"
    );
    server
}

fn assert_accessible_at_390(browser: &Browser, screen: &str) {
    assert_no_violations(browser, screen);
    browser.set_viewport(390, 844);
    assert_fits_width(browser, &format!("{screen} at 390 px"));
    browser.set_viewport(1280, 900);
}

fn sign_in(browser: &Browser, server: &Server, path: &str) {
    browser.goto(&format!("{}{path}", server.base_url()));
    sign_in_here(browser, ADMIN_KEY);
}

#[test]
fn a_site_owner_creates_a_widget_key_and_copies_its_snippet() {
    if skipped() {
        return;
    }
    let server = server();
    widget_setup(&server, true);
}

/// The same on PostgreSQL.
#[test]
fn a_site_owner_creates_a_widget_key_and_copies_its_snippet_on_postgresql() {
    if skipped() {
        return;
    }
    on_postgresql("annexa_e2e_widgets", |server| {
        widget_setup(server, false);
    });
}

fn widget_setup(server: &Server, screenshots: bool) {
    let browser = Browser::start();
    sign_in(&browser, server, "/console/widgets");
    // The demo key is listed, with its snippet and a live preview.
    wait_for_selector(&browser, "table.widget-keys tbody tr");
    assert!(text_of(&browser, "table.widget-keys").contains("demo"));
    wait_for_selector(&browser, "iframe.preview");

    browser.execute(
        "[...document.querySelectorAll('button')].find(b => b.textContent === 'Create a widget key').click();",
        json!([]),
    );
    wait_for_selector(&browser, "#owner-name");
    type_into(&browser, "new-key", "wk_fictitious_shop");
    type_into(&browser, "owner-name", "Fictitious Audits Ltd");
    type_into(&browser, "allowed-origins", "https://shop.example/page");
    browser.execute(
        "document.querySelector('form.widget-form button[type=submit]').click();",
        json!([]),
    );
    // A path in an origin: refused, with the field named in words and the line.
    wait_for_selector(&browser, "#setup-problems");
    let problems = text_of(&browser, "#setup-problems");
    assert!(
        problems.contains("Sites allowed to show the widget, line 1"),
        "{problems}"
    );
    assert!(!problems.contains("allowed_origins"), "{problems}");

    type_into(&browser, "allowed-origins", "https://shop.example");
    type_into(&browser, "webhook-url", "https://hooks.example.net/annexa");
    // The accent colour is one of the key's settings: a pale one picked is refused in plain
    // words, a readable one typed is accepted.
    browser.execute(
        "const a = document.getElementById('accent'); a.value = '#ffd500'; \
         a.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    browser.wait_for(
        "the accent advice",
        "return document.getElementById('accent-advice').textContent.includes('darker') || null;",
        WAIT,
    );
    assert_eq!(
        browser.execute(
            "return document.getElementById('accent-text').value;",
            json!([])
        ),
        "#ffd500",
        "the picked colour is written in the field"
    );
    type_into(&browser, "accent-text", "#7a1fa2");
    browser.wait_for(
        "the advice on a readable accent",
        "const a = document.getElementById('accent-advice'); \
         return a.textContent.includes('Easy to read') && !a.classList.contains('field-error') \
           && document.getElementById('accent').value === '#7a1fa2' || null;",
        WAIT,
    );
    browser.execute(
        "document.querySelector('form.widget-form button[type=submit]').click();",
        json!([]),
    );
    wait_for_selector(&browser, "#widgets-notice");
    assert!(text_of(&browser, "#widgets-notice").contains("wk_fictitious_shop"));
    // The new webhook's secret is shown once.
    assert!(text_of(&browser, ".secret-value").starts_with("whsec_"));

    // The snippet names the key and this server, and needs no data-accent: the key has one.
    browser.wait_for(
        "the new key's snippet",
        "const s = document.getElementById('snippet'); \
         return s && s.value.includes('data-key=\"wk_fictitious_shop\"') ? s.value : null;",
        WAIT,
    );
    let snippet = browser.execute(
        "return document.getElementById('snippet').value;",
        json!([]),
    );
    let snippet = snippet.as_str().unwrap_or_default();
    assert!(
        snippet.starts_with(&format!(
            "<script type=\"module\" src=\"{}/embed.js\"></script>",
            server.base_url()
        )),
        "{snippet}"
    );
    assert!(!snippet.contains("data-accent"), "{snippet}");
    // The list shows the key's accent once it has been read again after the save (the
    // snippet comes from the save's answer at once; the list from a second request).
    browser.wait_for(
        "the new key in the list",
        "return [...document.querySelectorAll('table.widget-keys tbody tr td:first-child')] \
           .some(c => c.innerText.trim() === 'wk_fictitious_shop');",
        WAIT,
    );
    // The list shows the key's accent; the preview shows the widget in it.
    let rows = table_rows(&browser, "table.widget-keys");
    let row = rows
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r[0] == "wk_fictitious_shop"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(row[5], "#7a1fa2", "{rows}");
    assert_eq!(
        browser.execute(
            "return !!document.querySelector('table.widget-keys .swatch');",
            json!([])
        ),
        true
    );
    let preview = browser.execute(
        "return document.querySelector('iframe.preview').getAttribute('src');",
        json!([]),
    );
    assert!(
        preview
            .as_str()
            .unwrap_or_default()
            .contains("accent=%237a1fa2"),
        "{preview}"
    );
    browser.execute(
        "[...document.querySelectorAll('button')].find(b => b.textContent === 'Copy the snippet').click();",
        json!([]),
    );
    browser.wait_for(
        "the copy's answer",
        "const s = document.querySelector('.embed .notice'); return s ? s.textContent : null;",
        WAIT,
    );

    // Stored as typed.
    let listed = Request::new("GET", "/api/v1/widget-keys")
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("list")
        .json();
    let created = listed
        .as_array()
        .and_then(|keys| keys.iter().find(|k| k["key"] == "wk_fictitious_shop"))
        .cloned()
        .expect("the new key is stored");
    assert_eq!(created["owner_name"], "Fictitious Audits Ltd");
    assert_eq!(created["allowed_origins"], json!(["https://shop.example"]));
    assert_eq!(created["analytics"], true);
    assert_eq!(created["accent"], "#7a1fa2");

    if screenshots {
        screenshot(&browser, "console-widgets.png");
    }

    // Changing the key starts from the stored colour, in the field and in the picker.
    browser.execute(
        "document.querySelector('button[aria-label=\"Change wk_fictitious_shop\"]').click();",
        json!([]),
    );
    browser.wait_for(
        "the stored accent in the form",
        "const t = document.getElementById('accent-text'); \
         return t && t.value === '#7a1fa2' && document.getElementById('accent').value === '#7a1fa2' \
           || null;",
        WAIT,
    );
    assert_no_violations(&browser, "the widget key form with its accent colour");
    browser.execute(
        "[...document.querySelectorAll('form.widget-form button')].find(b => b.textContent === 'Cancel').click();",
        json!([]),
    );
    assert_accessible_at_390(&browser, "the widget setup page");
}

/// The receiver of the test deliveries is on loopback over plain HTTP: allowed only by these
/// flags, which a real deployment does not set.
const LOCAL_WEBHOOKS: [&str; 2] = ["--allow-http-webhooks", "--allow-private-webhooks"];

#[test]
fn a_test_delivery_sent_from_the_page_is_listed_as_delivered() {
    if skipped() {
        return;
    }
    let server = console_server_with(None, &LOCAL_WEBHOOKS);
    test_delivery_listed(&server, true);
}

/// The same on PostgreSQL.
#[test]
fn a_test_delivery_sent_from_the_page_is_listed_as_delivered_on_postgresql() {
    if skipped() {
        return;
    }
    on_postgresql_with("annexa_e2e_deliveries", &LOCAL_WEBHOOKS, |server| {
        test_delivery_listed(server, false);
    });
}

fn test_delivery_listed(server: &Server, screenshots: bool) {
    // A receiver on loopback that answers 200 to the test event.
    let receiver = HostSite::start();
    receiver.set_page("/hook", "ok".into());
    let created = Request::new("POST", "/api/v1/widget-keys")
        .bearer(ADMIN_KEY)
        .json(
            &json!({"key": "hooked-shop", "owner_name": "Fictitious Hooks Ltd",
            "allowed_origins": ["https://shop.example"],
            "webhook_url": format!("http://127.0.0.1:{}/hook", receiver.port())}),
        )
        .send(server.addr())
        .expect("create widget key");
    assert_eq!(created.status, 201, "{}", created.text());

    let browser = Browser::start();
    sign_in(&browser, server, "/console/widgets");
    wait_for_selector(&browser, "table.widget-keys tbody tr");
    browser.execute(
        "document.querySelector('button[aria-label=\"Snippet and preview for hooked-shop\"]').click();",
        json!([]),
    );
    wait_for_selector(&browser, "#deliveries-heading");
    browser.wait_for(
        "the empty delivery list",
        "const e = document.querySelector('.deliveries .empty'); return e ? e.textContent : null;",
        WAIT,
    );
    browser.execute(
        "[...document.querySelectorAll('button')].find(b => b.textContent === 'Send a test delivery').click();",
        json!([]),
    );
    browser.wait_for(
        "the test delivery in the list",
        "const r = document.querySelector('table.deliveries tbody tr'); return r ? r.innerText : null;",
        WAIT,
    );
    let rows = table_rows(&browser, "table.deliveries");
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");
    assert_eq!(rows[0][1], "Test delivery", "{rows}");
    assert_eq!(
        rows[0][3], "Delivered: your receiver answered 200.",
        "{rows}"
    );
    assert_eq!(rows[0][4], "1", "{rows}");
    assert!(
        text_of(&browser, ".deliveries .notice").starts_with("Delivered"),
        "the page also says so where the button is"
    );
    if screenshots {
        screenshot(&browser, "console-deliveries.png");
    }

    // A lead through the key: the server delivers it in the background; Refresh shows it
    // above the test, as the newest.
    let sent = Request::new("POST", "/api/v1/leads")
        .json(&annexa_e2e::payloads::lead(
            server.addr(),
            "hooked-shop",
            "Ana Fictitious",
            "ana@example.com",
            "Fictitious Foods Ltd",
        ))
        .send(server.addr())
        .expect("lead");
    assert_eq!(sent.status, 201, "{}", sent.text());
    let deadline = Instant::now() + WAIT;
    while Request::new("GET", "/api/v1/widget-keys/hooked-shop/deliveries")
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("deliveries")
        .json()
        .as_array()
        .is_none_or(|list| list.len() < 2 || list[0]["state"] != "delivered")
    {
        assert!(Instant::now() < deadline, "the lead was not delivered");
        std::thread::sleep(Duration::from_millis(100));
    }
    browser.execute(
        "[...document.querySelectorAll('button')].find(b => b.textContent === 'Refresh the list').click();",
        json!([]),
    );
    browser.wait_for(
        "the lead's delivery in the list",
        "return document.querySelectorAll('table.deliveries tbody tr').length === 2 || null;",
        WAIT,
    );
    let rows = table_rows(&browser, "table.deliveries");
    assert_eq!(rows[0][1], "New lead", "{rows}");
    assert_eq!(
        rows[0][3], "Delivered: your receiver answered 200.",
        "{rows}"
    );
    assert_eq!(rows[1][1], "Test delivery", "{rows}");
    assert_accessible_at_390(&browser, "the widget setup page with its deliveries");
}

#[test]
fn the_funnel_page_shows_the_demo_days_with_rates_and_a_chart() {
    if skipped() {
        return;
    }
    let server = server();
    let browser = Browser::start();
    sign_in(&browser, &server, "/console/funnel");
    wait_for_selector(&browser, ".funnel-chart svg");
    assert_eq!(
        browser.execute(
            "return document.querySelectorAll('.funnel-chart svg polyline').length;",
            json!([])
        ),
        4,
        "one line per step"
    );
    let totals = text_of(&browser, ".funnel-totals");
    for label in [
        "Widget shown",
        "Assessment started",
        "Report reached",
        "Lead sent",
    ] {
        assert!(totals.contains(label), "{totals}");
    }
    assert!(totals.contains("% of “Widget shown”"), "{totals}");
    assert!(text_of(&browser, ".funnel .notice").contains("fictitious"));
    // The demo's 28 days before today are counted; today is not (yet).
    let report = Request::new("GET", "/api/v1/funnel?key=demo")
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("funnel")
        .json();
    let days = report["days"].as_array().cloned().unwrap_or_default();
    assert_eq!(days.len(), 30);
    assert_eq!(
        days.iter()
            .filter(|d| d["shown"].as_u64() > Some(0))
            .count(),
        28
    );
    let shown_total: u64 = days.iter().filter_map(|d| d["shown"].as_u64()).sum();
    assert!(
        text_of(&browser, ".funnel-totals").contains(&shown_total.to_string()),
        "the page shows the API's total {shown_total}"
    );
    screenshot(&browser, "console-funnel.png");
    assert_accessible_at_390(&browser, "the funnel page");
}

/// The funnel page's address holds the key and days shown: a reload (or the link, shared) shows
/// the same figures, and Back returns to the previous choice.
#[test]
fn the_funnel_page_keeps_the_key_and_days_in_its_address() {
    if skipped() {
        return;
    }
    let server = server();
    let browser = Browser::start();
    sign_in(&browser, &server, "/console/funnel");
    wait_for_selector(&browser, ".funnel-totals");
    wait_for_selector(&browser, "#funnel-key option[value='demo']");
    let every_key = text_of(&browser, ".funnel-totals .step-shown .total-count");

    // One demo day, of the demo key: its own count, from the API.
    let report = Request::new("GET", "/api/v1/funnel?key=demo")
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("funnel")
        .json();
    let day = report["days"]
        .as_array()
        .and_then(|days| days.iter().find(|d| d["shown"].as_u64() > Some(0)))
        .cloned()
        .expect("a demo day with visits");
    let date = day["day"].as_str().expect("day").to_string();
    let shown = day["shown"].as_u64().expect("shown").to_string();
    browser.execute(
        "const set = (id, value, kind) => { const e = document.getElementById(id); e.value = value; \
           e.dispatchEvent(new Event(kind, {bubbles: true})); }; \
         set('funnel-key', 'demo', 'change'); set('funnel-from', arguments[0], 'input'); \
         set('funnel-to', arguments[0], 'input'); \
         document.querySelector('form.lead-filters button[type=submit]').click();",
        json!([date]),
    );
    let shows_the_day = format!(
        "const n = document.querySelector('.funnel-totals .step-shown .total-count'); \
         return n && n.innerText === '{shown}' && document.getElementById('funnel-key').value === 'demo' \
           && document.getElementById('funnel-from').value === '{date}' ? location.search : null;"
    );
    let search = browser.wait_for("the demo key's one day", &shows_the_day, WAIT);
    assert_eq!(search, json!(format!("?key=demo&from={date}&to={date}")));

    // Reloaded (or opened from a shared link): the same choice and the same figures.
    browser.goto(&format!(
        "{}/console/funnel?key=demo&from={date}&to={date}",
        server.base_url()
    ));
    browser.wait_for("the same day after a reload", &shows_the_day, WAIT);
    assert_eq!(
        browser.execute(
            "return document.getElementById('funnel-to').value;",
            json!([])
        ),
        json!(date)
    );

    // Back (the reload of the same address replaced its entry): every key and the default days
    // again; Forward: the day again.
    browser.execute("history.back();", json!([]));
    // Every key's figures themselves: when Back is handled in the page, the address and the
    // form change at once while the one day's figures stay until the new answer arrives.
    browser.wait_for(
        "every key's figures after Back",
        &format!(
            "const n = document.querySelector('.funnel-totals .step-shown .total-count'); \
             return location.search === '' && document.getElementById('funnel-key').value === '' \
               && !!n && n.innerText.trim() === {};",
            json!(every_key)
        ),
        WAIT,
    );
    assert_eq!(
        text_of(&browser, ".funnel-totals .step-shown .total-count"),
        every_key
    );
    browser.execute("history.forward();", json!([]));
    browser.wait_for("the day again after Forward", &shows_the_day, WAIT);
}

/// The funnel counts of `key` today, from the admin route.
fn today_counts(server: &Server, key: &str) -> Value {
    let report = Request::new("GET", format!("/api/v1/funnel?key={key}"))
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("funnel")
        .json();
    report["days"]
        .as_array()
        .and_then(|days| days.last())
        .cloned()
        .unwrap_or(Value::Null)
}

/// Waits until the page has the key's settings: the one answer of the widget-config route, which
/// the loader reads for itself and shares with the widget.
fn wait_for_key_settings(browser: &Browser) {
    browser.wait_for(
        "the key's settings, read by the loader for itself and the widget",
        "return performance.getEntriesByType('resource') \
           .some(e => e.name.includes('/api/v1/widget-config/')) ? true : null;",
        WAIT,
    );
}

/// Opens `markup` on the host site, waits for the start screen and for the key's settings
/// ([`wait_for_key_settings`]), starts the assessment and leaves the page (which is when the
/// widget sends its counts), forgetting the saved progress.
///
/// A page left before the loader has the key's settings sends nothing (docs/EMBEDDING.md): on a
/// second visit the widget's files come from the cache and its start screen can show before
/// that answer, so the test waits for it rather than race it.
fn visit_and_start(browser: &Browser, site: &HostSite, server: &Server, path: &str, markup: &str) {
    site.set_page(path, host_page(&server.base_url(), markup));
    browser.goto(&site.url(path));
    browser.wait_for(
        "the start screen",
        "const r = document.getElementById('w').shadowRoot; \
         return r && r.querySelector('[data-action=start]') ? true : null;",
        WAIT,
    );
    wait_for_key_settings(browser);
    // The loader's promise reads the answer's JSON after the response has ended.
    std::thread::sleep(Duration::from_millis(200));
    let started = browser.execute_async(
        "const done = arguments[arguments.length - 1]; const w = document.getElementById('w'); \
         w.addEventListener('annexa:started', () => done(true), {once: true}); \
         w.shadowRoot.querySelector('[data-action=start]').click(); \
         setTimeout(() => done(false), 10000);",
        json!([]),
    );
    assert_eq!(started, true, "the assessment started");
    site.set_page(
        "/left",
        "<!doctype html><title>Elsewhere</title><p>Elsewhere</p>".into(),
    );
    browser.goto(&site.url("/left"));
    // The widget keeps the visitor's progress: the next visit starts afresh.
    browser.execute("localStorage.clear(); sessionStorage.clear();", json!([]));
}

#[test]
fn the_widget_sends_anonymous_counts_and_none_with_analytics_off() {
    if skipped() {
        return;
    }
    let server = server();
    anonymous_counts(&server);
}

/// The same on PostgreSQL.
#[test]
fn the_widget_sends_anonymous_counts_and_none_with_analytics_off_on_postgresql() {
    if skipped() {
        return;
    }
    on_postgresql("annexa_e2e_funnel", |server| {
        anonymous_counts(server);
    });
}

fn anonymous_counts(server: &Server) {
    let site = HostSite::start();
    for key in ["count-site", "quiet-page"] {
        let created = Request::new("POST", "/api/v1/widget-keys")
            .bearer(ADMIN_KEY)
            .json(&json!({"key": key, "owner_name": "Fictitious Audits",
                "allowed_origins": [site.origin()]}))
            .send(server.addr())
            .expect("create widget key");
        assert_eq!(created.status, 201, "{}", created.text());
    }
    let browser = Browser::start();

    // The page says data-analytics="off": nothing is sent for it.
    visit_and_start(
        &browser,
        &site,
        server,
        "/quiet",
        r#"<annexa-readiness id="w" data-key="quiet-page" data-analytics="off"></annexa-readiness>"#,
    );
    // A counted page: shown and started arrive once the page is left.
    visit_and_start(
        &browser,
        &site,
        server,
        "/counted",
        r#"<annexa-readiness id="w" data-key="count-site"></annexa-readiness>"#,
    );
    let deadline = Instant::now() + WAIT;
    let counted = loop {
        let today = today_counts(server, "count-site");
        if today["started"].as_u64() >= Some(1) || Instant::now() > deadline {
            break today;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(
        (
            &counted["shown"],
            &counted["started"],
            &counted["report"],
            &counted["lead"]
        ),
        (&json!(1), &json!(1), &json!(0), &json!(0)),
        "{counted}"
    );
    // The quiet page was left before the counted one: had it sent anything, it would be here.
    let quiet = today_counts(server, "quiet-page");
    assert_eq!(
        (&quiet["shown"], &quiet["started"]),
        (&json!(0), &json!(0)),
        "{quiet}"
    );

    // The key can switch counting off for every page.
    let mut settings = Request::new("GET", "/api/v1/widget-keys")
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("list")
        .json()
        .as_array()
        .and_then(|keys| keys.iter().find(|k| k["key"] == "count-site").cloned())
        .expect("count-site");
    for field in ["key", "created_at", "webhook_url"] {
        settings.as_object_mut().map(|o| o.remove(field));
    }
    settings["analytics"] = json!(false);
    let changed = Request::new("PUT", "/api/v1/widget-keys/count-site")
        .bearer(ADMIN_KEY)
        .json(&settings)
        .send(server.addr())
        .expect("change");
    assert_eq!(changed.status, 200, "{}", changed.text());
    visit_and_start(
        &browser,
        &site,
        server,
        "/counted-again",
        r#"<annexa-readiness id="w" data-key="count-site"></annexa-readiness>"#,
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(today_counts(server, "count-site")["started"], 1);
}

/// Runs `script` in the widget's shadow root (`root`) on the current page.
fn in_widget(browser: &Browser, script: &str) -> Value {
    browser.execute(
        &format!("const root = document.getElementById('w').shadowRoot; {script}"),
        json!([]),
    )
}

fn wait_in_widget(browser: &Browser, what: &str, selector: &str) {
    browser.wait_for(
        what,
        &format!(
            "const root = document.getElementById('w').shadowRoot; \
             return root && root.querySelector({selector:?}) ? true : null;"
        ),
        WAIT,
    );
}

/// A visitor goes through to the report on a site; the site owner then sees the day's counts
/// rise on the funnel page: shown, started and report reached once each, no lead.
fn a_visit_to_the_report_shows_on_the_funnel_page(server: &Server) {
    let site = HostSite::start();
    let created = Request::new("POST", "/api/v1/widget-keys")
        .bearer(ADMIN_KEY)
        .json(
            &json!({"key": "report-site", "owner_name": "Fictitious Audits",
            "allowed_origins": [site.origin()]}),
        )
        .send(server.addr())
        .expect("create widget key");
    assert_eq!(created.status, 201, "{}", created.text());
    let browser = Browser::start();
    site.set_page(
        "/assess",
        host_page(
            &server.base_url(),
            r#"<annexa-readiness id="w" data-key="report-site"></annexa-readiness>"#,
        ),
    );
    browser.goto(&site.url("/assess"));
    wait_in_widget(&browser, "the start screen", "[data-action=start]");
    wait_for_key_settings(&browser);
    std::thread::sleep(Duration::from_millis(200));
    in_widget(
        &browser,
        "root.querySelector('[data-action=start]').click();",
    );
    wait_in_widget(&browser, "the first question", "form.step");
    match in_widget(
        &browser,
        "return root.activeElement && root.activeElement.type;",
    )
    .as_str()
    {
        Some("number") => browser.press("25"),
        _ => browser.press(keys::SPACE),
    }
    in_widget(
        &browser,
        "root.querySelector('.footer-actions .btn-link').click();",
    );
    wait_in_widget(&browser, "the report", "[data-section-id]");
    // Leaving the page sends the counts.
    site.set_page(
        "/left",
        "<!doctype html><title>Elsewhere</title><p>Elsewhere</p>".into(),
    );
    browser.goto(&site.url("/left"));
    let deadline = Instant::now() + WAIT;
    while today_counts(server, "report-site")["report"].as_u64() < Some(1)
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(200));
    }

    // The site owner picks the key on the funnel page.
    sign_in(&browser, server, "/console/funnel");
    wait_for_selector(&browser, "#funnel-key option[value='report-site']");
    browser.execute(
        "const key = document.getElementById('funnel-key'); key.value = 'report-site'; \
         key.dispatchEvent(new Event('change', {bubbles: true})); \
         document.querySelector('form.lead-filters button[type=submit]').click();",
        json!([]),
    );
    browser.wait_for(
        "the key's own totals (the demo's notice gone)",
        "const n = document.querySelector('.funnel-totals .step-shown .total-count'); \
         return n && !document.querySelector('.funnel .notice') ? n.innerText : null;",
        WAIT,
    );
    let count = |step: &str| {
        text_of(
            &browser,
            &format!(".funnel-totals .step-{step} .total-count"),
        )
    };
    assert_eq!(
        [
            count("shown"),
            count("started"),
            count("report"),
            count("lead")
        ],
        ["1", "1", "1", "0"].map(String::from),
        "the funnel page's totals for the key"
    );
}

#[test]
fn a_visit_through_to_the_report_raises_the_funnel_counts() {
    if skipped() {
        return;
    }
    let server = server();
    a_visit_to_the_report_shows_on_the_funnel_page(&server);
}

/// The same on PostgreSQL.
#[test]
fn a_visit_through_to_the_report_raises_the_funnel_counts_on_postgresql() {
    if skipped() {
        return;
    }
    on_postgresql("annexa_e2e_funnel_report", |server| {
        a_visit_to_the_report_shows_on_the_funnel_page(server);
    });
}

//! The buyers' verification page (`/verify`) in headless Chromium against a real `annexa serve`:
//! a shared link shows the verdict with the excluded part marked on the scope; the form works
//! from the keyboard and explains its mistakes; the page passes axe-core, fits 390 px and prints
//! without the form; a supplier list (CSV) gives a table of verdicts and a download. The console
//! bundle is its own: `/verify` never loads the widget. The console's sign-in exchanges the admin
//! key for a session the page cannot read, and sign-out ends it, on SQLite and on PostgreSQL
//! (the leads inbox is in `console_leads.rs`). With `ANNEXA_SCREENSHOTS=1` the pictures of
//! docs/CONSOLE.md are retaken into docs/console/.

use annexa_e2e::browser::{Browser, keys, skipped};
use annexa_e2e::browser_host::NO_RATE_LIMITS;
use annexa_e2e::console_pages::{
    WAIT, assert_no_violations, create_admin_key, dist_with_console, on_postgresql,
    revoke_admin_key, screenshot, text_of, type_into, wait_for_selector,
};
use annexa_e2e::http_client::Request;
use annexa_e2e::server::{ADMIN_KEY, Options, Server};
use serde_json::{Value, json};

/// A fictitious certificate whose scope names a market and excludes a part.
const CERTIFICATE: &str = r#"{"certificate_number":"IS 712345","certification_body":"Example Certification Ltd","accreditation_body":"UKAS","standard":"ISO/IEC 27001:2022","status":"active","entity":{"name":"Fictitious Payroll Ltd","country":"IE","identifiers":{}},"scope":"Development and operation of payroll software as a service for clients in Spain, excluding hardware repair services.","sites":[{"city":"Dublin","country":"IE"}],"original_issue_date":"2023-03-01","issue_date":"2026-03-01","expiry_date":"2029-02-28"}"#;

/// The check a buyer pastes into a ticket.
const SHARED_LINK: &str = "/verify?number=IS+712345&activity=payroll+software&activity=hardware+repair&site=Dublin%2C+IE&date=2026-06-01";

fn server_with_certificate() -> Server {
    let server = Server::start_with(Options {
        args: NO_RATE_LIMITS.iter().map(|a| a.to_string()).collect(),
        dist: Some(dist_with_console()),
        ..Options::default()
    });
    import_certificate(&server);
    server
}

/// Imports [`CERTIFICATE`] into the registry `server` serves.
fn import_certificate(server: &Server) {
    let imported = Request::new("POST", "/api/v1/certificates/import")
        .bearer(ADMIN_KEY)
        .body("application/x-ndjson", format!("{CERTIFICATE}\n"))
        .send(server.addr())
        .expect("import");
    assert_eq!(imported.status, 200, "{}", imported.text());
    assert_eq!(imported.json()["summary"]["created"], 1);
}

#[test]
fn a_shared_link_shows_the_verdict_with_the_excluded_part_marked() {
    if skipped() {
        return;
    }
    let server = server_with_certificate();
    shared_link(&server, true);
}

/// The same on PostgreSQL.
#[test]
fn a_shared_link_shows_the_verdict_with_the_excluded_part_marked_on_postgresql() {
    if skipped() {
        return;
    }
    on_postgresql("annexa_e2e_verify", |server| {
        import_certificate(server);
        shared_link(server, false);
    });
}

fn shared_link(server: &Server, screenshots: bool) {
    let browser = Browser::start();
    browser.goto(&format!("{}{SHARED_LINK}", server.base_url()));
    wait_for_selector(&browser, "#verdict");

    // The answer in large plain words, and why.
    assert_eq!(text_of(&browser, "#verdict"), "Partially covered");
    let explanation = text_of(&browser, ".explanation");
    assert!(
        explanation.contains("Explicitly excluded: 'hardware repair'"),
        "{explanation}"
    );
    // The form holds the check the link described.
    let number = browser.execute(
        "return document.getElementById('check-number').value;",
        json!([]),
    );
    assert_eq!(number, "IS 712345");

    // One verdict per item, in the order claimed.
    let items = browser.execute(
        "return [...document.querySelectorAll('table.items tbody tr')].map(r => \
           [r.querySelector('th').innerText.trim(), r.querySelector('.item-verdict').innerText.trim()]);",
        json!([]),
    );
    assert_eq!(
        items,
        json!([
            ["payroll software (activity)", "Covered"],
            ["hardware repair (activity)", "Excluded"],
            ["Dublin, IE (site)", "Covered"]
        ])
    );

    // The scope with the reading drawn on it: the excluded part struck through and labelled
    // with the words that exclude it, the supporting words numbered, the market marked.
    let excluded = browser.execute(
        "return [...document.querySelectorAll('.scope-text .part-excluded')].map(e => \
           e.querySelector('mark') ? e.querySelector('mark').firstChild.textContent \
             : e.textContent).join('');",
        json!([]),
    );
    assert_eq!(excluded, "hardware repair services");
    assert_eq!(
        text_of(&browser, ".scope-text .tag-excluded"),
        "Excluded (“excluding”)"
    );
    let marks = browser.execute(
        "return [...document.querySelectorAll('.scope-text mark')].map(m => \
           [m.className, m.firstChild.textContent, m.querySelector('sup')?.textContent ?? null]);",
        json!([]),
    );
    assert_eq!(
        marks,
        json!([
            [
                "support",
                "payroll software as a service",
                " (supports item 1)"
            ],
            ["against", "excluding ", null],
            ["against", "hardware repair", " (decides against item 2)"]
        ])
    );
    assert_eq!(text_of(&browser, ".scope-text .place-market"), "Spain");
    assert!(text_of(&browser, ".legend").contains("a market, where customers are (not a site)"));
    // Plain words only: no identifier of the API on the page.
    let page = text_of(&browser, "body");
    for identifier in [
        "partially_covered",
        "not_checked",
        "certificate_number",
        "/scope",
    ] {
        assert!(
            !page.contains(identifier),
            "'{identifier}' shown on the page"
        );
    }
    // Focus moved to the answer, so a screen reader reads it first. The page moves it once the
    // answer is drawn, in an effect that can run after the answer shows.
    browser.wait_for(
        "the focus on the verdict",
        "return document.activeElement && document.activeElement.id === 'verdict';",
        WAIT,
    );
    let focused = browser.execute("return document.activeElement.id;", json!([]));
    assert_eq!(focused, "verdict");

    // Only the console's bundle: the widget is never loaded by this page.
    let widget_files = browser.execute(
        "return performance.getEntriesByType('resource').map(e => e.name)\
           .filter(n => n.includes('annexa-widget') || n.includes('embed.js'));",
        json!([]),
    );
    assert_eq!(widget_files, json!([]));

    assert_no_violations(&browser, "the answer");
    browser.execute(
        "document.querySelector('.answer').scrollIntoView();",
        json!([]),
    );
    if screenshots {
        screenshot(&browser, "verify-answer.png");
    }

    // Printed: the answer and the scope, without the form, the batch mode or the buttons.
    browser.emulate_media("print", json!([]));
    let printed = browser.execute(
        "const shown = (s) => { const e = document.querySelector(s); \
           return !!e && getComputedStyle(e).display !== 'none' && \
             !e.closest('.no-print, header') ; }; \
         const hidden = (s) => { const e = document.querySelector(s); \
           return !e || e.offsetParent === null; }; \
         return {answer: shown('#verdict'), scope: shown('.scope-text'), \
           form: hidden('form.check-form'), batch: hidden('.batch-check'), \
           print_button: hidden('.share button')};",
        json!([]),
    );
    assert_eq!(
        printed,
        json!({"answer": true, "scope": true, "form": true, "batch": true, "print_button": true})
    );
    browser.emulate_media("", json!([]));

    // 390 px wide: nothing wider than the screen, the verdict still in sight.
    browser.set_viewport(390, 844);
    browser.goto(&format!("{}{SHARED_LINK}", server.base_url()));
    wait_for_selector(&browser, "#verdict");
    let widths = browser.execute(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
        json!([]),
    );
    assert!(
        widths[0].as_u64() <= widths[1].as_u64(),
        "the page scrolls sideways at 390 px: {widths}"
    );
    assert_no_violations(&browser, "the answer at 390 px");
    browser.execute(
        "document.querySelector('.scope').scrollIntoView();",
        json!([]),
    );
    if screenshots {
        screenshot(&browser, "verify-scope-390.png");
    }
}

#[test]
fn the_form_works_from_the_keyboard_and_explains_its_mistakes() {
    if skipped() {
        return;
    }
    let server = server_with_certificate();
    let browser = Browser::start();
    browser.goto(&format!("{}/verify", server.base_url()));
    wait_for_selector(&browser, "form.check-form");
    // Nothing asked yet: no answer, no error.
    assert_eq!(text_of(&browser, ".outcome"), "");
    assert_no_violations(&browser, "the empty form");
    screenshot(&browser, "verify-form.png");

    // Sent empty: the mistake is named in words, on its field, and focus goes there.
    browser.execute(
        "document.querySelector('form.check-form button[type=submit]').focus();",
        json!([]),
    );
    browser.press(keys::ENTER);
    wait_for_selector(&browser, ".error-summary");
    assert_eq!(
        text_of(&browser, "#check-number-error"),
        "Enter the certificate number printed on the certificate."
    );
    let state = browser.execute(
        "const i = document.getElementById('check-number'); \
         return [document.activeElement.id, i.getAttribute('aria-invalid')];",
        json!([]),
    );
    assert_eq!(state, json!(["check-number", "true"]));
    assert_no_violations(&browser, "the form with a mistake");

    // Typed and sent with the keyboard only: number, Tab to the activities, Enter from the date.
    browser.press("IS 712345");
    browser.press(keys::TAB);
    let focused = browser.execute("return document.activeElement.id;", json!([]));
    assert_eq!(focused, "check-activities");
    browser.press("payroll software");
    browser.press(keys::TAB);
    browser.press("Dublin, IE");
    browser.press(keys::TAB);
    let focused = browser.execute("return document.activeElement.id;", json!([]));
    assert_eq!(focused, "check-date");
    browser.press(keys::ENTER);
    wait_for_selector(&browser, "#verdict");
    assert_eq!(text_of(&browser, "#verdict"), "Covered");
    // The address now reproduces the check.
    let url = browser.execute("return location.pathname + location.search;", json!([]));
    assert_eq!(
        url,
        "/verify?number=IS+712345&activity=payroll+software&site=Dublin%2C+IE"
    );

    // An unknown certificate: said plainly, no scope.
    browser.goto(&format!("{}/verify?number=NO-SUCH-1", server.base_url()));
    wait_for_selector(&browser, "#verdict");
    assert_eq!(text_of(&browser, "#verdict"), "Not found");
    assert!(text_of(&browser, ".explanation").contains("No certificate in the registry"));
    assert_eq!(
        browser.execute("return document.querySelector('.scope-text');", json!([])),
        Value::Null
    );
}

#[test]
fn a_supplier_list_gives_a_table_of_verdicts_and_a_download() {
    if skipped() {
        return;
    }
    let server = server_with_certificate();
    supplier_list(&server, true);
}

/// The same on PostgreSQL.
#[test]
fn a_supplier_list_gives_a_table_of_verdicts_and_a_download_on_postgresql() {
    if skipped() {
        return;
    }
    on_postgresql("annexa_e2e_batch", |server| {
        import_certificate(server);
        supplier_list(server, false);
    });
}

fn supplier_list(server: &Server, screenshots: bool) {
    let list = server.dir().join("suppliers.csv");
    std::fs::write(
        &list,
        "reference,certificate_number,certification_body,entity_name,entity_country,vat,duns,\
         registration_number,lei,activities,sites,as_of\n\
         S-1,IS 712345,,,,,,,,payroll software,\"Dublin, IE\",2026-06-01\n\
         S-2,IS 712345,,,,,,,,hardware repair,,2026-06-01\n\
         S-3,NO-SUCH-1,,,,,,,,payroll software,,2026-06-01\n\
         S-4,,,,,,,,,,,\n",
    )
    .expect("write the supplier list");
    let browser = Browser::start();
    browser.goto(&format!("{}/verify", server.base_url()));
    wait_for_selector(&browser, ".batch-check summary");
    browser.execute(
        "document.querySelector('.batch-check summary').focus();",
        json!([]),
    );
    browser.press(keys::ENTER);
    wait_for_selector(&browser, ".batch-check[open]");
    browser.choose_file("#batch-file", &list);
    browser.execute(
        "document.querySelector('.batch-check button[type=submit]').click();",
        json!([]),
    );
    wait_for_selector(&browser, "table.batch tbody tr");
    let rows = browser.execute(
        "return [...document.querySelectorAll('table.batch tbody tr')].map(r => \
           [...r.querySelectorAll('td')].slice(1, 5).map(c => c.innerText.trim()));",
        json!([]),
    );
    assert_eq!(
        rows,
        json!([
            ["S-1", "IS 712345", "Fictitious Payroll Ltd", "Covered"],
            ["S-2", "IS 712345", "Fictitious Payroll Ltd", "Not covered"],
            ["S-3", "", "", "Not found"],
            ["S-4", "", "", "Not checked"]
        ])
    );
    let download = browser.execute(
        "const a = document.querySelector('a.download'); \
         return a ? [a.getAttribute('download'), a.href.startsWith('blob:')] : null;",
        json!([]),
    );
    assert_eq!(download, json!(["supplier-verdicts.csv", true]));
    assert_eq!(
        text_of(&browser, ".batch-check [role=status]"),
        "4 suppliers checked."
    );
    assert_no_violations(&browser, "the supplier list's answers");
    if screenshots {
        browser.execute(
            "document.querySelector('.batch-check').scrollIntoView();",
            json!([]),
        );
        screenshot(&browser, "verify-batch.png");
    }
}

#[test]
fn the_console_is_served_from_its_own_bundle() {
    if skipped() {
        return;
    }
    let server = server_with_certificate();
    // The page and its loader are revalidated; the bundle it names is immutable.
    let page = Request::new("GET", "/console/")
        .send(server.addr())
        .expect("console page");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("/console/boot.js"), "{}", page.text());
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    let verify = Request::new("GET", "/verify")
        .send(server.addr())
        .expect("verify");
    assert_eq!(verify.text(), page.text(), "one bundle for both pages");
    let boot = Request::new("GET", "/console/boot.js")
        .send(server.addr())
        .expect("boot.js")
        .text();
    let wasm = boot
        .split('"')
        .find(|s| s.ends_with("_bg.wasm"))
        .expect("boot.js names the bundle");
    let bundle = Request::new("GET", wasm)
        .send(server.addr())
        .expect("bundle");
    assert_eq!(bundle.status, 200);
    assert_eq!(
        bundle.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    let browser = Browser::start();
    browser.goto(&format!("{}/console/", server.base_url()));
    wait_for_selector(&browser, "main h1");
    assert_eq!(text_of(&browser, "main h1"), "Annexa console");
}

#[test]
fn signing_in_and_out_of_the_console_with_the_admin_key() {
    if skipped() {
        return;
    }
    let server = server_with_certificate();
    signing_in_and_out(&server, true);
}

/// The same on PostgreSQL: the sessions live in the shared database.
#[test]
fn signing_in_and_out_of_the_console_with_the_admin_key_on_postgresql() {
    if skipped() {
        return;
    }
    on_postgresql("annexa_e2e_sign_out", |server| {
        signing_in_and_out(server, false);
    });
}

fn signing_in_and_out(server: &Server, screenshots: bool) {
    let browser = Browser::start();
    browser.goto(&format!("{}/console/", server.base_url()));
    wait_for_selector(&browser, "form.sign-in");
    assert_no_violations(&browser, "the sign-in form");
    if screenshots {
        screenshot(&browser, "console-sign-in.png");
    }

    // A wrong key: said plainly, still signed out.
    type_into(&browser, "console-key", "annexa_wrong-key");
    browser.press(keys::ENTER);
    wait_for_selector(&browser, ".failure");
    assert_eq!(
        text_of(&browser, ".failure"),
        "That key was not accepted: it may be mistyped, revoked or expired."
    );
    assert_no_violations(&browser, "the sign-in form with a refused key");

    // The admin key, typed and sent from the keyboard.
    type_into(&browser, "console-key", ADMIN_KEY);
    browser.press(keys::ENTER);
    wait_for_selector(&browser, ".signed-in");
    assert_eq!(
        text_of(&browser, ".signed-in"),
        "Signed in with the key “ANNEXA_ADMIN_KEY”."
    );
    // The session cookie is out of the page's reach (HttpOnly), and the key is not kept.
    let storage = browser.execute(
        "return [document.cookie, JSON.stringify(localStorage), JSON.stringify(sessionStorage)];",
        json!([]),
    );
    assert_eq!(storage, json!(["", "{}", "{}"]));
    assert_no_violations(&browser, "the signed-in console");
    if screenshots {
        screenshot(&browser, "console-signed-in.png");
    }

    // The session survives a reload, and the admin API accepts it from this browser.
    browser.goto(&format!("{}/console/", server.base_url()));
    wait_for_selector(&browser, ".signed-in");
    let status = browser.execute_async(
        "const done = arguments[arguments.length - 1]; \
         fetch('/api/v1/leads').then(r => done(r.status));",
        json!([]),
    );
    assert_eq!(status, 200);

    // Sign out: back to the form, and the session is gone on the server too.
    browser.execute(
        "[...document.querySelectorAll('button')].find(b => b.innerText === 'Sign out').click();",
        json!([]),
    );
    wait_for_selector(&browser, "form.sign-in");
    assert_eq!(text_of(&browser, ".notice"), "You are signed out.");
    let status = browser.execute_async(
        "const done = arguments[arguments.length - 1]; \
         fetch('/api/v1/leads').then(r => done(r.status));",
        json!([]),
    );
    assert_eq!(status, 401);
    browser.goto(&format!("{}/console/", server.base_url()));
    wait_for_selector(&browser, "form.sign-in");

    // A session that ends while in use (here: its key is revoked) sends the next action back
    // to sign-in, saying why.
    let (key_id, secret) = create_admin_key(server, "sales desk");
    type_into(&browser, "console-key", &secret);
    browser.press(keys::ENTER);
    wait_for_selector(&browser, ".signed-in");
    assert_eq!(
        text_of(&browser, ".signed-in"),
        "Signed in with the key “sales desk”."
    );
    wait_for_selector(&browser, "form.lead-filters");
    // The inbox's first list, read with the session: revoked before that request arrives, the
    // key would end the session at once, and there would be no search box to type in.
    wait_for_selector(&browser, ".inbox .empty, table.leads");
    revoke_admin_key(server, &key_id);
    // The next request the page makes (new filters) finds the session gone.
    type_into(&browser, "filter-q", "x@example.com");
    browser.execute(
        "document.querySelector('form.lead-filters button[type=submit]').click();",
        json!([]),
    );
    wait_for_selector(&browser, "form.sign-in");
    assert_eq!(
        text_of(&browser, ".notice"),
        "Your session has ended. Sign in again to go on."
    );
    // The page is kept: signing in again goes on where the person was, with the search.
    let address = "return location.pathname + location.search;";
    assert_eq!(
        browser.execute(address, json!([])),
        "/console/?q=x%40example.com"
    );
    type_into(&browser, "console-key", ADMIN_KEY);
    browser.press(keys::ENTER);
    wait_for_selector(&browser, "form.lead-filters");
    assert_eq!(
        browser.execute(address, json!([])),
        "/console/?q=x%40example.com"
    );
    assert_eq!(
        browser.execute(
            "return document.getElementById('filter-q').value;",
            json!([])
        ),
        "x@example.com"
    );
}

#[test]
fn the_demo_has_fictitious_leads_marked_as_such_added_once() {
    let mut server = Server::start_with(Options {
        args: ["--demo-leads"]
            .into_iter()
            .chain(NO_RATE_LIMITS)
            .map(String::from)
            .collect(),
        ..Options::default()
    });
    let list = |server: &Server| {
        Request::new("GET", "/api/v1/leads?widget_key=demo")
            .bearer(ADMIN_KEY)
            .send(server.addr())
            .expect("leads")
            .json()
    };
    let first = list(&server);
    assert_eq!(first["total"], 6, "{first}");
    let items = first["items"].as_array().expect("items");
    for lead in items {
        let contact = &lead["contact"];
        assert!(
            contact["name"].as_str().unwrap().contains("Fictitious"),
            "{lead}"
        );
        assert!(
            contact["company"].as_str().unwrap().ends_with("(demo)"),
            "{lead}"
        );
        assert!(
            contact["email"].as_str().unwrap().ends_with("@example.com"),
            "{lead}"
        );
    }
    let tiers: std::collections::BTreeSet<&str> =
        items.iter().filter_map(|l| l["tier"].as_str()).collect();
    assert!(
        tiers.len() >= 2,
        "the demo shows more than one tier: {tiers:?}"
    );
    // A follow-up is under way on some, so the sales status can be tried at once.
    let statuses: std::collections::BTreeSet<&str> = items
        .iter()
        .filter_map(|l| l["sales_status"].as_str())
        .collect();
    assert_eq!(
        statuses,
        ["contacted", "lost", "new", "qualified"]
            .into_iter()
            .collect()
    );
    // A restart on the same database adds nothing.
    server.restart();
    assert_eq!(list(&server)["total"], 6);
}

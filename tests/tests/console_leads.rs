//! The console's leads inbox and lead page in headless Chromium against a real `annexa serve`,
//! on SQLite and on PostgreSQL: find a lead by e-mail, the filtered CSV, filters and sort kept in
//! the address (a reload shows the same), sorting by a column; the lead page with its report
//! summary, chart, the organisation's profile and the answers in words, and plan; changing the
//! sales status and adding a note, kept with who and when; erasure after a confirmation; Back
//! and Forward show the list the address holds. axe-core finds no WCAG 2.2 AA violation and the
//! pages fit 390 px. With `ANNEXA_SCREENSHOTS=1` the pictures of docs/CONSOLE.md are retaken
//! into docs/console/.

use annexa_e2e::browser::{Browser, keys, skipped};
use annexa_e2e::console_pages::{
    WAIT, assert_no_violations, console_server, on_postgresql, screenshot, sign_in_here, tab_to,
    table_rows, text_of, type_into, wait_for_selector, wait_for_text,
};
use annexa_e2e::http_client::Request;
use annexa_e2e::server::{ADMIN_KEY, Server};
use serde_json::json;

fn texts_of(browser: &Browser, selector: &str) -> Vec<String> {
    serde_json::from_value(browser.execute(
        // textContent: the answers are folded away (a closed <details>) yet are on the page.
        "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim());",
        json!([selector]),
    ))
    .expect("texts")
}

fn click_button(browser: &Browser, scope: &str, text: &str) {
    let clicked = browser.execute(
        "const b = [...document.querySelectorAll(arguments[0] + ' button')] \
           .find(b => b.innerText.trim() === arguments[1]); if (b) { b.click(); } return !!b;",
        json!([scope, text]),
    );
    assert_eq!(clicked, true, "no button {text:?} in {scope}");
}

fn rows(browser: &Browser) -> Vec<Vec<String>> {
    serde_json::from_value(table_rows(browser, "table.leads")).expect("rows")
}

fn location(browser: &Browser) -> String {
    browser
        .execute("return location.pathname + location.search;", json!([]))
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Sends `lead` as the widget would; it must be stored.
fn send_lead(server: &Server, lead: &serde_json::Value) {
    let sent = Request::new("POST", "/api/v1/leads")
        .json(lead)
        .send(server.addr())
        .expect("lead");
    assert_eq!(sent.status, 201, "{}", sent.text());
}

/// The lead the page has open (its id is in the address), as the API returns it.
fn open_lead_as_stored(browser: &Browser, server: &Server) -> serde_json::Value {
    let id = location(browser)
        .split("lead=")
        .nth(1)
        .expect("the open lead is in the address")
        .to_string();
    Request::new("GET", format!("/api/v1/leads/{id}"))
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("lead")
        .json()
}

fn sign_in(browser: &Browser, server: &Server) {
    browser.goto(&format!("{}/console/", server.base_url()));
    sign_in_here(browser, ADMIN_KEY);
}

#[test]
fn a_salesperson_finds_follows_up_exports_and_erases_a_lead() {
    if skipped() {
        return;
    }
    leads_inbox(&console_server(None), true);
}

/// The same on PostgreSQL: sessions, leads and their follow-up live in the shared database.
#[test]
fn the_leads_inbox_works_on_postgresql() {
    if skipped() {
        return;
    }
    on_postgresql("annexa_e2e_console_leads", |server| {
        leads_inbox(server, false)
    });
}

/// Three leads sent; one found, exported, opened, followed up and erased.
fn leads_inbox(server: &Server, screenshots: bool) {
    for (name, email, company) in [
        ("Ana Fictitious", "ana@example.com", "Fictitious Foods Ltd"),
        ("Bo Fictitious", "bo@example.com", "Fictitious Freight Ltd"),
        ("Cy Fictitious", "cy@example.com", "Alpha Fictitious Clinic"),
    ] {
        let mut lead = annexa_e2e::payloads::lead(server.addr(), "demo", name, email, company);
        // A choice answer in the profile, to read back in words.
        lead["answers"]["profile"]["sector"] = json!("it_services");
        send_lead(server, &lead);
    }
    let browser = Browser::start();
    sign_in(&browser, server);
    wait_for_selector(&browser, "table.leads tbody tr");
    assert_eq!(
        text_of(&browser, ".inbox .count").split(" · ").next(),
        Some("3 leads")
    );
    let first = &rows(&browser)[0];
    assert_eq!(
        first.len(),
        8,
        "received, company, person, tier, score, band, key, status"
    );
    assert_eq!(first[7], "New");

    // Sorting by a column: A to Z, then Z to A; the heading says which.
    click_button(&browser, "table.leads th", "Company");
    // The whole column in its new order: newest first (before the click) the list already
    // starts with Alpha Fictitious Clinic, and the click redraws the heading before the sorted
    // list arrives, so its first row alone can still be the old list's.
    browser.wait_for(
        "sorted by company",
        "const c = [...document.querySelectorAll('table.leads tbody tr td:nth-child(2)')]\
           .map(c => c.innerText.trim()); return c.join('|') === \
           'Alpha Fictitious Clinic|Fictitious Foods Ltd|Fictitious Freight Ltd';",
        WAIT,
    );
    let companies: Vec<String> = rows(&browser).into_iter().map(|r| r[1].clone()).collect();
    assert_eq!(
        companies,
        [
            "Alpha Fictitious Clinic",
            "Fictitious Foods Ltd",
            "Fictitious Freight Ltd"
        ]
    );
    assert_eq!(
        browser.execute(
            "return document.querySelector('th[aria-sort=ascending]').innerText.trim();",
            json!([])
        ),
        "Company"
    );
    assert_eq!(location(&browser), "/console/?sort=company");
    click_button(&browser, "table.leads th", "Company");
    browser.wait_for(
        "sorted Z to A",
        "return !!document.querySelector('th[aria-sort=descending]') && \
           document.querySelector('table.leads tbody tr td:nth-child(2)').innerText.trim() \
           === 'Fictitious Freight Ltd';",
        WAIT,
    );

    // Find one lead by (part of) its e-mail address.
    type_into(&browser, "filter-q", "BO@example");
    browser.press(keys::ENTER);
    browser.wait_for(
        "one lead listed",
        "return document.querySelectorAll('table.leads tbody tr').length === 1 \
           && document.querySelector('.inbox .count').innerText.startsWith('1 lead ·');",
        WAIT,
    );
    let row = &rows(&browser)[0];
    assert_eq!(row[1], "Fictitious Freight Ltd");
    assert!(row[2].starts_with("Bo Fictitious") && row[2].ends_with("bo@example.com"));
    assert_eq!(
        location(&browser),
        "/console/?q=BO%40example&sort=company&direction=desc"
    );
    // The export link downloads exactly what is filtered, signed in by the session cookie.
    let export = browser.execute(
        "return document.querySelector('a.export').getAttribute('href');",
        json!([]),
    );
    assert_eq!(
        export,
        "/api/v1/leads.csv?q=BO%40example&sort=company&direction=desc"
    );
    let csv = browser.execute_async(
        "const done = arguments[arguments.length - 1]; \
         fetch(document.querySelector('a.export').href).then(r => r.text()).then(done);",
        json!([]),
    );
    let csv = csv.as_str().expect("CSV text");
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("bo@example.com") && !csv.contains("ana@example.com"));
    assert_no_violations(&browser, "the searched leads inbox");
    if screenshots {
        screenshot(&browser, "console-leads.png");
    }
    // A reload (or the link pasted elsewhere) shows the same list.
    browser.goto(&format!(
        "{}/console/?q=BO%40example&sort=company&direction=desc",
        server.base_url()
    ));
    wait_for_selector(&browser, "table.leads tbody tr");
    assert_eq!(rows(&browser).len(), 1);
    assert_eq!(
        browser.execute(
            "return document.getElementById('filter-q').value;",
            json!([])
        ),
        "BO@example"
    );

    // Open it: the lead page.
    browser.execute(
        "document.querySelector('table.leads button.link').click();",
        json!([]),
    );
    wait_for_selector(&browser, ".lead .lead-report");
    assert_eq!(
        text_of(&browser, "#lead-heading"),
        "Fictitious Freight Ltd — Bo Fictitious"
    );
    assert_eq!(
        text_of(&browser, ".lead .consent"),
        annexa_e2e::payloads::consent_text(server.addr(), "demo").trim()
    );
    let stored = open_lead_as_stored(&browser, server);
    let id = stored["id"].as_str().expect("the lead's id").to_owned();
    // The report: the score, a bar per clause and theme, the tier's reasons.
    assert!(
        text_of(&browser, ".lead-report .score-line").starts_with(&format!(
            "{:.0} out of 100",
            stored["overall"].as_f64().unwrap()
        ))
    );
    let bars = browser.execute(
        "return document.querySelectorAll('.section-chart svg rect.bar').length;",
        json!([]),
    );
    assert_eq!(bars, stored["report"]["sections"].as_array().unwrap().len());
    assert!(!texts_of(&browser, ".tier-reasons li").is_empty());
    // The answers in words: every answer given, as the question and "Partly in place".
    let answers = texts_of(&browser, "dl.answers dd");
    assert_eq!(
        answers.len(),
        stored["answers"]["answers"].as_object().unwrap().len()
    );
    assert!(
        answers.iter().all(|a| a == "Partly in place"),
        "{answers:?}"
    );
    assert!(
        texts_of(&browser, "dl.answers dt")
            .iter()
            .all(|q| !q.starts_with("q."))
    );
    // The organisation's profile: each answered question with its answer in words.
    let profile: Vec<(String, String)> = texts_of(&browser, "dl.profile dt")
        .into_iter()
        .zip(texts_of(&browser, "dl.profile dd"))
        .collect();
    let profile_question = |id: &str| {
        annexa_shared::questionnaire(annexa_shared::Mode::Quick)
            .profile_questions
            .iter()
            .find(|q| q.id == id)
            .map(|q| q.text.clone())
            .expect("a profile question")
    };
    for (id, words) in [
        ("persons_in_scope", "40"),
        ("sector", "IT services, hosting, managed services"),
        ("uses_cloud", "Yes"),
    ] {
        assert!(
            profile.contains(&(profile_question(id), words.to_owned())),
            "{id} in words: {profile:?}"
        );
    }
    assert!(
        profile.iter().all(|(_, words)| !words.contains('_')),
        "{profile:?}"
    );
    assert!(!texts_of(&browser, "ol.timeline li").is_empty(), "the plan");
    assert_no_violations(&browser, "a lead");
    if screenshots {
        screenshot(&browser, "console-lead.png");
        browser.execute(
            "document.getElementById('profile-heading').scrollIntoView();",
            json!([]),
        );
        screenshot(&browser, "console-lead-profile.png");
    }

    // The follow-up: a new status, then a note, each with who and when.
    browser.execute(
        "const s = document.getElementById('lead-status'); s.value = 'contacted'; \
         s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    click_button(&browser, ".status-form", "Save the status");
    wait_for_text(&browser, ".follow-up .notice", "The status was saved.");
    wait_for_text(&browser, ".sales-status", "Contacted");
    type_into(&browser, "lead-note", "Called; wants a quote by March.");
    click_button(&browser, ".note-form", "Add the note");
    wait_for_text(&browser, ".follow-up .notice", "The note was added.");
    let history = texts_of(&browser, "ol.history li");
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(
        history[0].ends_with("ANNEXA_ADMIN_KEY: Note: Called; wants a quote by March."),
        "newest first: {history:?}"
    );
    assert!(
        history[1].ends_with("ANNEXA_ADMIN_KEY: Status changed from New to Contacted."),
        "{history:?}"
    );
    // An empty note is refused before it is sent.
    type_into(&browser, "lead-note", "   ");
    click_button(&browser, ".note-form", "Add the note");
    wait_for_text(
        &browser,
        ".follow-up .failure",
        "The note is empty: write something to keep.",
    );
    let stored = Request::new("GET", format!("/api/v1/leads/{id}"))
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("lead")
        .json();
    assert_eq!(stored["sales_status"], "contacted");
    assert_eq!(stored["activity"].as_array().unwrap().len(), 2);

    // The address opens the lead again, with its history.
    browser.goto(&format!("{}/console/?lead={id}", server.base_url()));
    wait_for_selector(&browser, "ol.history li");
    assert_eq!(texts_of(&browser, "ol.history li").len(), 2);
    assert_no_violations(&browser, "a lead with its follow-up");
    if screenshots {
        browser.execute(
            "document.querySelector('.follow-up').scrollIntoView();",
            json!([]),
        );
        screenshot(&browser, "console-lead-follow-up.png");
    }

    // Back in the list, the status shows and filters.
    click_button(&browser, ".lead-actions", "Back to the list");
    wait_for_selector(&browser, "table.leads tbody tr");
    browser.execute(
        "const s = document.getElementById('filter-status'); s.value = 'contacted'; \
         s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    click_button(&browser, "form.lead-filters", "Show these leads");
    browser.wait_for(
        "the contacted lead only",
        "return document.querySelectorAll('table.leads tbody tr').length === 1 \
           && document.querySelector('.inbox .count').innerText.startsWith('1 lead ·');",
        WAIT,
    );
    assert_eq!(rows(&browser)[0][7], "Contacted");
    assert_eq!(location(&browser), "/console/?status=contacted");

    // Erase it, with a confirmation first.
    browser.execute(
        "document.querySelector('table.leads button.link').click();",
        json!([]),
    );
    wait_for_selector(&browser, ".lead .lead-actions");
    click_button(&browser, ".lead-actions", "Erase this lead…");
    wait_for_selector(&browser, ".confirm #erase-confirm");
    browser.wait_for(
        "the confirmation has the focus",
        "return document.activeElement && document.activeElement.id === 'erase-confirm';",
        WAIT,
    );
    assert_no_violations(&browser, "the erasure confirmation");
    browser.press(keys::ENTER);
    wait_for_text(&browser, ".inbox .notice", "The lead was erased.");
    wait_for_text(&browser, ".inbox .empty", "No lead matches these filters.");
    let gone = Request::new("GET", format!("/api/v1/leads/{id}"))
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("lead");
    assert_eq!(gone.status, 404);

    // 390 px wide: the inbox and a lead fit; only the table scrolls, inside its own region.
    browser.set_viewport(390, 844);
    browser.goto(&format!("{}/console/", server.base_url()));
    wait_for_selector(&browser, "table.leads tbody tr");
    let fits = |browser: &Browser, what: &str| {
        let widths = browser.execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
            json!([]),
        );
        assert!(
            widths[0].as_u64() <= widths[1].as_u64(),
            "{what} scrolls sideways at 390 px: {widths}"
        );
    };
    fits(&browser, "the inbox");
    assert_no_violations(&browser, "the leads inbox at 390 px");
    browser.execute(
        "document.querySelector('table.leads button.link').click();",
        json!([]),
    );
    wait_for_selector(&browser, ".lead .lead-report");
    fits(&browser, "a lead");
    assert_no_violations(&browser, "a lead at 390 px");
    let left = Request::new("GET", "/api/v1/leads")
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("leads")
        .json();
    assert_eq!(left["total"], 2);
}

/// The inbox's rows as the person reads them, with the count above them and the search box.
fn list_shown(browser: &Browser) -> (String, String, Vec<Vec<String>>) {
    let search = browser
        .execute(
            "return document.getElementById('filter-q').value;",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string();
    (text_of(browser, ".inbox .count"), search, rows(browser))
}

#[test]
fn back_and_forward_show_the_list_the_address_holds() {
    if skipped() {
        return;
    }
    let server = console_server(None);
    // 26 leads: a page of 25 and a page of one.
    for n in 0..26 {
        send_lead(
            &server,
            &annexa_e2e::payloads::lead(
                server.addr(),
                "demo",
                &format!("Person {n:02} Fictitious"),
                &format!("lead{n:02}@example.com"),
                &format!("Fictitious Company {n:02}"),
            ),
        );
    }
    let browser = Browser::start();
    sign_in(&browser, &server);
    wait_for_selector(&browser, "table.leads tbody tr");
    let first_page = list_shown(&browser);
    assert_eq!(first_page.2.len(), 25);

    // The next page, then a search: two new entries in the history.
    click_button(&browser, ".inbox", "Next page");
    browser.wait_for(
        "the second page",
        "const count = () => (document.querySelector('.inbox .count') || {innerText: ''}).innerText; \
         return location.search === '?page=2' \
           && document.querySelectorAll('table.leads tbody tr').length === 1;",
        WAIT,
    );
    let second_page = list_shown(&browser);
    type_into(&browser, "filter-q", "lead07@");
    browser.press(keys::ENTER);
    browser.wait_for(
        "the search's list",
        "const count = () => (document.querySelector('.inbox .count') || {innerText: ''}).innerText; \
         return document.querySelectorAll('table.leads tbody tr').length === 1 \
           && count().startsWith('1 lead ·');",
        WAIT,
    );
    let searched = list_shown(&browser);
    assert_eq!(location(&browser), "/console/?q=lead07%40");
    assert_eq!(searched.2[0][1], "Fictitious Company 07");

    // Back: the second page again, its search box empty; Back again: the first page.
    browser.execute("history.back();", json!([]));
    browser.wait_for(
        "the second page after Back",
        "const count = () => (document.querySelector('.inbox .count') || {innerText: ''}).innerText; \
         return location.search === '?page=2' \
           && !document.querySelector('.inbox .loading') \
           && document.querySelectorAll('table.leads tbody tr').length === 1 \
           && !count().startsWith('1 lead ·');",
        WAIT,
    );
    assert_eq!(list_shown(&browser), second_page);
    browser.execute("history.back();", json!([]));
    browser.wait_for(
        "the first page after Back",
        "const count = () => (document.querySelector('.inbox .count') || {innerText: ''}).innerText; \
         return location.search === '' \
           && document.querySelectorAll('table.leads tbody tr').length === 25;",
        WAIT,
    );
    assert_eq!(list_shown(&browser), first_page);

    // Forward twice: the second page, then the search.
    browser.execute("history.forward();", json!([]));
    browser.wait_for(
        "the second page after Forward",
        "const count = () => (document.querySelector('.inbox .count') || {innerText: ''}).innerText; \
         return location.search === '?page=2' \
           && document.querySelectorAll('table.leads tbody tr').length === 1;",
        WAIT,
    );
    assert_eq!(list_shown(&browser), second_page);
    browser.execute("history.forward();", json!([]));
    browser.wait_for(
        "the search after Forward",
        "const count = () => (document.querySelector('.inbox .count') || {innerText: ''}).innerText; \
         return location.search === '?q=lead07%40' \
           && count().startsWith('1 lead ·');",
        WAIT,
    );
    assert_eq!(list_shown(&browser), searched);
    assert_no_violations(&browser, "the inbox after Back and Forward");
}

/// The inbox and a lead's follow-up from the keyboard alone (Tab, Enter, arrow keys — no
/// clicks): sort by a column, search, open a lead, change its sales status and save it.
#[test]
fn a_salesperson_does_it_all_from_the_keyboard() {
    if skipped() {
        return;
    }
    let server = console_server(None);
    for (name, email, company) in [
        ("Ana Fictitious", "ana@example.com", "Fictitious Foods Ltd"),
        ("Bo Fictitious", "bo@example.com", "Fictitious Freight Ltd"),
    ] {
        let lead = annexa_e2e::payloads::lead(server.addr(), "demo", name, email, company);
        send_lead(&server, &lead);
    }
    let browser = Browser::start();
    sign_in(&browser, &server);
    wait_for_selector(&browser, "table.leads tbody tr");

    tab_to(&browser, "table.leads th button.sort", "Company");
    browser.press(keys::ENTER);
    browser.wait_for(
        "sorted by company",
        "return !!document.querySelector('th[aria-sort=ascending]');",
        WAIT,
    );

    tab_to(&browser, "#filter-q", "");
    browser.press("bo@");
    browser.press(keys::ENTER);
    browser.wait_for(
        "one lead listed",
        "return document.querySelectorAll('table.leads tbody tr').length === 1;",
        WAIT,
    );

    tab_to(&browser, "table.leads button.link", "");
    browser.press(keys::ENTER);
    wait_for_selector(&browser, ".lead .lead-report");
    assert_eq!(
        text_of(&browser, "#lead-heading"),
        "Fictitious Freight Ltd — Bo Fictitious"
    );

    tab_to(&browser, "#lead-status", "");
    browser.press(keys::ARROW_DOWN);
    tab_to(&browser, ".status-form button", "Save the status");
    browser.press(keys::ENTER);
    wait_for_text(&browser, ".follow-up .notice", "The status was saved.");
    wait_for_text(&browser, ".sales-status", "Contacted");
    let stored = open_lead_as_stored(&browser, &server);
    assert_eq!(stored["sales_status"], "contacted");
}

//! The registry operator's console pages in headless Chromium against a real `annexa serve`:
//! importing a file with a bad row (progress bar, row report in words, the report as a CSV
//! download, a second import that updates), searching by name, number and scope words with
//! pages of results, and a certificate's page with every field, its sites and its history
//! (who changed what from what to what), linked to /verify. Keyboard, axe-core (WCAG 2.2 AA),
//! 390 px, empty and error states, and an ended session that comes back to the same page after
//! signing in again. SQLite, and PostgreSQL when configured. With `ANNEXA_SCREENSHOTS=1` the
//! pictures of docs/CONSOLE.md are retaken into docs/console/.

use std::path::{Path, PathBuf};
use std::time::Duration;

use annexa_e2e::browser::{Browser, keys, skipped};
use annexa_e2e::console_pages::{
    WAIT, assert_fits_width, assert_no_violations, console_server as server, create_admin_key,
    on_postgresql, revoke_admin_key, screenshot, sign_in_here, table_rows, text_of, texts_of,
    type_into, wait_for_selector, wait_for_text,
};
use annexa_e2e::http_client::Request;
use annexa_e2e::server::{ADMIN_KEY, Server};
use serde_json::{Value, json};

/// No identifier of the API on the page: field and status names are words.
fn assert_plain_words(browser: &Browser, screen: &str) {
    let page = text_of(browser, "main");
    for identifier in [
        "certificate_number",
        "expiry_date",
        "/expiry_date",
        "entity_name",
        "api-key:",
        "created",
        "suspended",
        "null",
    ] {
        assert!(
            !page.contains(identifier),
            "'{identifier}' shown on {screen}:\n{page}"
        );
    }
}

const CSV_HEADER: &str = "certificate_number,certification_body,accreditation_body,standard,status,entity_name,entity_country,vat,scope,original_issue_date,issue_date,expiry_date,site_1_city,site_1_country";

fn csv_row(number: &str, status: &str, expiry: &str) -> String {
    format!(
        "{number},Example Certification Ltd,UKAS,ISO/IEC 27001:2022,{status},Fictitious Ledger {number} Ltd,IE,,\
         \"Bookkeeping software for clients in Spain, excluding hardware repair.\",2023-01-01,2026-01-01,{expiry},Dublin,IE"
    )
}

fn write_file(dir: &Path, name: &str, lines: &[String]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n") + "\n").expect("write the import file");
    path
}

/// Chooses `path` and submits the import form from the keyboard.
fn import(browser: &Browser, path: &Path) {
    browser.choose_file("#import-file", path);
    browser.execute(
        "document.querySelector('form.registry-import button[type=submit]').focus();",
        json!([]),
    );
    browser.press(keys::ENTER);
}

/// Import with a bad row; the report; the download; an update; a wrong file; a session that
/// ends and comes back to the page.
fn import_page(server: &Server, screenshots: bool) {
    let files = tempfile::tempdir().expect("temporary directory");
    let browser = Browser::start();
    // Straight to the import page: sign-in first, then the page asked for.
    browser.goto(&format!("{}/console/registry/import", server.base_url()));
    sign_in_here(&browser, ADMIN_KEY);
    wait_for_text(&browser, "#import-heading", "Import certificates");
    assert_no_violations(&browser, "the import page");

    // Record when the progress bar shows, however short the upload.
    browser.execute(
        "window.progressSeen = []; new MutationObserver(() => { \
           const bar = document.querySelector('progress'); \
           if (bar) window.progressSeen.push(bar.value); \
         }).observe(document.body, {subtree: true, childList: true, attributes: true});",
        json!([]),
    );
    let first = write_file(
        files.path(),
        "ledgers.csv",
        &[
            CSV_HEADER.to_string(),
            csv_row("FIC-1", "active", "2029-01-01"),
            csv_row("FIC-2", "active", "2029-01-01"),
            // Expires before it was issued.
            csv_row("FIC-3", "active", "2020-01-01"),
        ],
    );
    import(&browser, &first);
    wait_for_selector(&browser, ".import-report");
    let seen = browser.execute("return window.progressSeen.length;", json!([]));
    assert!(seen.as_u64() > Some(0), "the progress bar was shown");
    assert_eq!(
        text_of(&browser, "#import-outcome"),
        "“ledgers.csv” imported: 3 rows read"
    );
    assert_eq!(
        texts_of(&browser, ".import-counts li"),
        json!([
            "2 added (new certificates)",
            "0 updated",
            "0 unchanged (already in the registry as they are)",
            "1 rejected"
        ])
    );
    assert_eq!(
        table_rows(&browser, "table.import-rejected"),
        json!([[
            "4",
            "Rejected",
            "FIC-3",
            "Valid until: expiry date 2020-01-01 is not after the issue date 2026-01-01"
        ]])
    );
    // Focus moved to the outcome, so a screen reader reads it. The page moves it once the
    // report is drawn, in an effect that can run after the report shows.
    browser.wait_for(
        "the focus on the import's outcome",
        "return document.activeElement && document.activeElement.id === 'import-outcome';",
        WAIT,
    );
    assert_eq!(
        browser.execute("return document.activeElement.id;", json!([])),
        "import-outcome"
    );
    // The report as a CSV file, every row, for a spreadsheet: the link downloads it.
    let downloads = files.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads directory");
    browser.cdp(
        "Browser.setDownloadBehavior",
        json!({"behavior": "allow", "downloadPath": downloads.display().to_string()}),
    );
    browser.execute("document.querySelector('a.download').click();", json!([]));
    let report = downloads.join("import-report.csv");
    let deadline = std::time::Instant::now() + WAIT;
    while !report.is_file() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        std::fs::read_to_string(&report).expect("the downloaded row report"),
        "\"Line\",\"Result\",\"Certificate number\",\"Reason\"\r\n\
         \"2\",\"Added\",\"FIC-1\",\"\"\r\n\
         \"3\",\"Added\",\"FIC-2\",\"\"\r\n\
         \"4\",\"Rejected\",\"FIC-3\",\"Valid until: expiry date 2020-01-01 is not after the issue date 2026-01-01\"\r\n"
    );
    assert_no_violations(&browser, "the row report");
    if screenshots {
        screenshot(&browser, "console-registry-import.png");
    }

    // The same file again, one certificate suspended: updated and unchanged rows.
    let second = write_file(
        files.path(),
        "ledgers-2.csv",
        &[
            CSV_HEADER.to_string(),
            csv_row("FIC-1", "suspended", "2029-01-01"),
            csv_row("FIC-2", "active", "2029-01-01"),
        ],
    );
    import(&browser, &second);
    wait_for_text(
        &browser,
        "#import-outcome",
        "“ledgers-2.csv” imported: 2 rows read",
    );
    assert_eq!(
        texts_of(&browser, ".import-counts li"),
        json!([
            "0 added (new certificates)",
            "1 updated",
            "1 unchanged (already in the registry as they are)",
            "0 rejected"
        ])
    );
    assert_eq!(
        text_of(&browser, ".import-report .notice"),
        "No row was rejected."
    );

    // A file of another kind: said plainly, nothing sent.
    let wrong = write_file(
        files.path(),
        "ledgers.xlsx",
        &["not a registry".to_string()],
    );
    import(&browser, &wrong);
    wait_for_selector(&browser, ".failure");
    assert!(
        text_of(&browser, ".failure")
            .starts_with("“ledgers.xlsx” is neither a CSV file (.csv) nor a JSON Lines file"),
        "{}",
        text_of(&browser, ".failure")
    );
    assert_plain_words(&browser, "the import page");

    // 390 px wide: the page fits.
    browser.set_viewport(390, 844);
    import(&browser, &first);
    wait_for_selector(&browser, "table.import-rejected");
    assert_fits_width(&browser, "the row report");
    assert_no_violations(&browser, "the row report at 390 px");

    // A session that ends while the operator works: back to sign-in, then the same page.
    let (key_id, secret) = create_admin_key(server, "registry desk");
    browser.execute(
        "[...document.querySelectorAll('button')].find(b => b.innerText === 'Sign out').click();",
        json!([]),
    );
    sign_in_here(&browser, &secret);
    wait_for_text(&browser, "#import-heading", "Import certificates");
    revoke_admin_key(server, &key_id);
    import(&browser, &first);
    wait_for_selector(&browser, "form.sign-in");
    assert_eq!(
        text_of(&browser, ".notice"),
        "Your session has ended. Sign in again to go on."
    );
    sign_in_here(&browser, ADMIN_KEY);
    wait_for_text(&browser, "#import-heading", "Import certificates");
    assert!(
        browser
            .execute("return location.pathname;", json!([]))
            .as_str()
            == Some("/console/registry/import")
    );
}

#[test]
fn importing_a_file_with_a_bad_row_gives_the_row_report() {
    if skipped() {
        return;
    }
    import_page(&server(None), true);
}

/// The same on PostgreSQL.
#[test]
fn importing_works_on_postgresql() {
    if skipped() {
        return;
    }
    on_postgresql("annexa_e2e_registry", |server| import_page(server, false));
}

/// A certificate, as JSON Lines, with `status`.
fn payroll(status: &str) -> String {
    json!({
        "certificate_number": "IS 712345",
        "certification_body": "Example Certification Ltd",
        "accreditation_body": "UKAS",
        "standard": "ISO/IEC 27001:2022",
        "status": status,
        "entity": {"name": "Fictitious Payroll Ltd", "country": "IE",
                   "identifiers": {"vat": "IE6388047V"}},
        "scope": "Development and operation of payroll software as a service for clients in \
                  Spain, excluding hardware repair services.",
        "sites": [{"name": "Head office", "city": "Dublin", "country": "IE"}],
        "original_issue_date": "2023-03-01",
        "issue_date": "2026-03-01",
        "expiry_date": "2029-02-28"
    })
    .to_string()
}

fn import_by_api(server: &Server, lines: &str) {
    let imported = Request::new("POST", "/api/v1/certificates/import")
        .bearer(ADMIN_KEY)
        .body("application/x-ndjson", lines.to_string())
        .send(server.addr())
        .expect("import");
    assert_eq!(imported.status, 200, "{}", imported.text());
}

/// Fills the search form from the keyboard and sends it.
fn search(browser: &Browser, by: &str, text: &str) {
    browser.execute(
        "const s = document.getElementById('registry-by'); s.value = arguments[0]; \
         s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([by]),
    );
    type_into(browser, "registry-text", text);
    browser.press(keys::ENTER);
}

#[test]
fn searching_the_registry_and_reading_a_certificate_with_its_history() {
    if skipped() {
        return;
    }
    let server = server(None);
    search_and_record(&server, true);
}

/// The same on PostgreSQL.
#[test]
fn searching_the_registry_and_reading_a_certificate_works_on_postgresql() {
    if skipped() {
        return;
    }
    on_postgresql("annexa_e2e_registry_search", |server| {
        search_and_record(server, false);
    });
}

fn search_and_record(server: &Server, screenshots: bool) {
    import_by_api(server, &payroll("active"));
    import_by_api(server, &payroll("suspended"));
    // Enough holders of one name for two pages of results.
    let many: Vec<String> = (1..=25)
        .map(|n| {
            payroll("active")
                .replace("IS 712345", &format!("PG-{n:02}"))
                .replace(
                    "Fictitious Payroll Ltd",
                    &format!("Fictitious Paging {n:02} Ltd"),
                )
        })
        .collect();
    import_by_api(server, &many.join("\n"));

    let browser = Browser::start();
    browser.goto(&format!("{}/console/registry", server.base_url()));
    sign_in_here(&browser, ADMIN_KEY);
    wait_for_text(&browser, "#registry-heading", "Search the registry");

    // Nothing typed: said at the field, nothing sent.
    browser.execute(
        "document.getElementById('registry-text').focus();",
        json!([]),
    );
    browser.press(keys::ENTER);
    wait_for_text(&browser, ".field-error", "Enter what to look for.");

    // By the holder's name.
    search(&browser, "name", "Fictitious Payroll");
    wait_for_selector(&browser, "table.registry-results tbody tr");
    assert_eq!(
        table_rows(&browser, "table.registry-results"),
        json!([[
            "IS 712345",
            "Fictitious Payroll Ltd (IE)",
            "Suspended",
            "2029-02-28",
            "Holder's name"
        ]])
    );
    assert_eq!(
        browser.execute("return location.search;", json!([])),
        "?name=Fictitious+Payroll"
    );
    assert_no_violations(&browser, "the search results");

    // By words of the scope: the words found are shown in their place.
    search(&browser, "q", "Spain");
    browser.wait_for(
        "results of the scope search",
        "return document.querySelector('.count')?.innerText.startsWith('26 certificates');",
        WAIT,
    );
    let first_match = table_rows(&browser, "table.registry-results")[0][4].clone();
    assert_eq!(
        first_match,
        "Scope: “…software as a service for clients in Spain, excluding hardware repair services.”"
    );

    // Pages of results, in the address too.
    search(&browser, "name", "Fictitious Paging");
    wait_for_text(&browser, ".count", "25 certificates · page 1 of 2");
    browser.execute(
        "[...document.querySelectorAll('.pages button')].find(b => b.innerText === 'Next page').focus();",
        json!([]),
    );
    browser.press(keys::ENTER);
    wait_for_text(&browser, ".count", "25 certificates · page 2 of 2");
    assert_eq!(
        table_rows(&browser, "table.registry-results")
            .as_array()
            .map(Vec::len),
        Some(5)
    );
    assert_eq!(
        browser.execute("return location.search;", json!([])),
        "?name=Fictitious+Paging&page=2"
    );
    if screenshots && std::env::var("ANNEXA_SCREENSHOTS").as_deref() == Ok("1") {
        search(&browser, "name", "Fictitious");
        // The new results, on their first page: the second page of the last search stays until
        // they arrive.
        browser.wait_for(
            "the first page of results for Fictitious",
            "const c = document.querySelector('.count'); \
             return location.search === '?name=Fictitious' && !!c && c.innerText.includes(' · page 1 of ');",
            WAIT,
        );
        screenshot(&browser, "console-registry-search.png");
    }

    // Nothing found: said plainly.
    search(&browser, "number", "NOPE 1");
    wait_for_text(
        &browser,
        ".empty",
        "No certificate matches “NOPE 1” (certificate number).",
    );
    assert_plain_words(&browser, "the search page");

    // Open the certificate.
    search(&browser, "number", "is712345");
    wait_for_selector(&browser, "table.registry-results tbody tr a");
    browser.execute(
        "document.querySelector('table.registry-results tbody tr a').click();",
        json!([]),
    );
    wait_for_text(&browser, "#record-heading", "Certificate IS 712345");
    let fields: Value = browser.execute(
        "return Object.fromEntries([...document.querySelectorAll('dl.certificate dt')].map(dt => \
           [dt.innerText.trim(), dt.nextElementSibling.innerText.trim()]));",
        json!([]),
    );
    for (label, value) in [
        ("Status", "Suspended"),
        ("Held by", "Fictitious Payroll Ltd"),
        ("VAT number", "IE6388047V"),
        ("Accreditation body", "UKAS"),
        ("Valid until", "2029-02-28"),
        ("Last surveillance audit", "Not given"),
    ] {
        assert_eq!(fields[label], value, "{label}: {fields}");
    }
    assert_eq!(
        table_rows(&browser, "table.registry-sites"),
        json!([[
            "Head office",
            "—",
            "Dublin",
            "IE",
            "The certificate's scope"
        ]])
    );
    // The history: who, when, what changed from what to what.
    let history = texts_of(&browser, ".history > li");
    let history = history.as_array().expect("history");
    assert_eq!(history.len(), 2, "{history:?}");
    let added = history[0].as_str().unwrap_or_default();
    assert!(
        added.starts_with("Added to the registry on ")
            && added.ends_with(
                ", by the key “ANNEXA_ADMIN_KEY” (line 1 of a file imported through the console or \
                 the API)."
            ),
        "{added}"
    );
    let changed = history[1].as_str().unwrap_or_default();
    assert!(changed.starts_with("Changed on "), "{changed}");
    assert!(
        changed.ends_with("Status: from Active to Suspended"),
        "{changed}"
    );
    assert_eq!(
        browser.execute(
            "return document.querySelector('a.verify-link').getAttribute('href');",
            json!([])
        ),
        "/verify?number=IS+712345"
    );
    assert_plain_words(&browser, "the certificate page");
    assert_no_violations(&browser, "the certificate page");
    if screenshots {
        browser.execute(
            "document.querySelector('.registry-record h3:nth-of-type(2)').scrollIntoView();",
            json!([]),
        );
        screenshot(&browser, "console-registry-record.png");
    }

    // 390 px wide: the page fits, the verification link still works.
    browser.set_viewport(390, 844);
    assert_fits_width(&browser, "the certificate page");
    assert_no_violations(&browser, "the certificate page at 390 px");
    browser.execute(
        "document.querySelector('a.verify-link').click();",
        json!([]),
    );
    wait_for_selector(&browser, "#verdict");
    assert_eq!(text_of(&browser, "#verdict"), "Invalid");

    // An address naming no certificate.
    browser.goto(&format!("{}/console/registry/999999", server.base_url()));
    wait_for_text(&browser, "#record-heading", "Certificate not found");
    assert_no_violations(&browser, "a missing certificate");
}

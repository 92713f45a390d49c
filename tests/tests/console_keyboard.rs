//! The console's site-owner pages from the keyboard alone (Tab, typing, Enter and arrow keys; no
//! clicks, no scripted values), in headless Chromium against a real `annexa serve`: create a
//! widget key, go to the funnel through the menu, choose the new key and show its days. The
//! leads inbox and a lead's follow-up have their own keyboard walk in `console_leads.rs`, the
//! verification form in `console_verify.rs`.

use annexa_e2e::browser::{Browser, keys, skipped};
use annexa_e2e::console_pages::{
    WAIT, console_server, sign_in_here, tab_to, text_of, wait_for_selector,
};
use annexa_e2e::http_client::Request;
use annexa_e2e::server::ADMIN_KEY;
use serde_json::json;

#[test]
fn a_site_owner_creates_a_key_and_reads_its_funnel_from_the_keyboard() {
    if skipped() {
        return;
    }
    let server = console_server(None);
    let browser = Browser::start();
    browser.goto(&format!("{}/console/widgets", server.base_url()));
    sign_in_here(&browser, ADMIN_KEY);
    wait_for_selector(&browser, "table.widget-keys tbody tr");

    tab_to(&browser, "button", "Create a widget key");
    browser.press(keys::ENTER);
    wait_for_selector(&browser, "#owner-name");
    for (field, text) in [
        ("#new-key", "keyboard-site"),
        ("#owner-name", "Fictitious Keyboard Ltd"),
        ("#allowed-origins", "https://shop.example"),
    ] {
        tab_to(&browser, field, "");
        browser.press(text);
    }
    tab_to(
        &browser,
        "form.widget-form button[type=submit]",
        "Create the widget key",
    );
    browser.press(keys::ENTER);
    wait_for_selector(&browser, "#widgets-notice");
    assert!(text_of(&browser, "#widgets-notice").contains("keyboard-site"));
    let keys_stored = Request::new("GET", "/api/v1/widget-keys")
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("widget keys")
        .json();
    let stored = keys_stored
        .as_array()
        .and_then(|keys| keys.iter().find(|k| k["key"] == "keyboard-site"))
        .unwrap_or_else(|| panic!("the new key is not stored: {keys_stored}"));
    assert_eq!(stored["owner_name"], "Fictitious Keyboard Ltd");
    assert_eq!(stored["allowed_origins"], json!(["https://shop.example"]));

    // The menu, then the funnel of the new key.
    tab_to(&browser, "nav a", "Funnel");
    browser.press(keys::ENTER);
    wait_for_selector(&browser, "#funnel-key option[value='keyboard-site']");
    // The first figures too (the keys come from another request): their answer fills in the
    // default days and, with them, sets the form's key back to every key, so a key chosen
    // before it arrives would be lost.
    browser.wait_for(
        "the first figures' default days in the form",
        "return document.getElementById('funnel-from').value !== '';",
        WAIT,
    );
    tab_to(&browser, "#funnel-key", "");
    for _ in 0..10 {
        let chosen = browser.execute(
            "return document.getElementById('funnel-key').value;",
            json!([]),
        );
        if chosen == "keyboard-site" {
            break;
        }
        browser.press(keys::ARROW_DOWN);
    }
    tab_to(
        &browser,
        "form.lead-filters button[type=submit]",
        "Show these days",
    );
    browser.press(keys::ENTER);
    browser.wait_for(
        "the new key's days: none counted yet, and not the demo's figures",
        "const empty = document.querySelector('.funnel .empty'); \
         return empty && !document.querySelector('.funnel .notice') ? empty.innerText : null;",
        WAIT,
    );
}

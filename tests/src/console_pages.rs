//! Helpers for the suites that drive the console's pages (`/verify`, `/console/…`) in headless
//! Chromium: the build they need, a server that serves it, reading the page, waiting for it,
//! axe-core, the 390 px check, typing, signing in, and the documentation's screenshots.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use crate::browser::{Browser, keys};
use crate::browser_host::{NO_RATE_LIMITS, axe_violations};
use crate::http_client::Request;
use crate::server::{ADMIN_KEY, Options, Server};

/// How long a page may take to show what is waited for.
pub const WAIT: Duration = Duration::from_secs(30);

/// The workspace's root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

/// The build directory holding the console bundle (`trunk build --release --config
/// console/Trunk.toml` → dist/console/), or `ANNEXA_DIST`.
///
/// # Panics
/// When the console is not built there.
pub fn dist_with_console() -> PathBuf {
    let dist = std::env::var_os("ANNEXA_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("dist"));
    assert!(
        dist.join("console").join("boot.js").is_file(),
        "{} has no console/boot.js: build it with `trunk build --release --config console/Trunk.toml`",
        dist.display()
    );
    dist
}

/// A server without rate limits serving the console, on its own SQLite file or on
/// `database_url`.
pub fn console_server(database_url: Option<String>) -> Server {
    console_server_with(database_url, &[])
}

/// [`console_server`] with the extra `serve` flags `args`.
pub fn console_server_with(database_url: Option<String>, args: &[&str]) -> Server {
    Server::start_with(Options {
        args: NO_RATE_LIMITS
            .iter()
            .chain(args)
            .map(|a| a.to_string())
            .collect(),
        dist: Some(dist_with_console()),
        database_url,
        ..Options::default()
    })
}

/// Runs `suite` on a console server over a throwaway PostgreSQL database (its name starts with
/// `prefix`) when a PostgreSQL server is configured; otherwise runs nothing, like every
/// PostgreSQL suite.
pub fn on_postgresql(prefix: &str, suite: impl FnOnce(&Server)) {
    on_postgresql_with(prefix, &[], suite);
}

/// [`on_postgresql`] with the extra `serve` flags `args`.
pub fn on_postgresql_with(prefix: &str, args: &[&str], suite: impl FnOnce(&Server)) {
    let Some(url) = crate::throwaway_pg::server_url() else {
        return;
    };
    let database = crate::block_on(crate::throwaway_pg::ThrowawayDatabase::create(&url, prefix));
    let server = console_server_with(Some(database.url()), args);
    suite(&server);
    // The server lets go of the database before the database is dropped.
    drop(server);
}

/// The documentation's picture `name` (docs/console/), retaken only when
/// `ANNEXA_SCREENSHOTS=1`: they show times, so every run would change them otherwise.
pub fn screenshot(browser: &Browser, name: &str) {
    if std::env::var("ANNEXA_SCREENSHOTS").as_deref() == Ok("1") {
        browser.screenshot(&workspace().join("docs").join("console").join(name));
    }
}

/// The visible text of the first element matching `selector` (empty when there is none).
pub fn text_of(browser: &Browser, selector: &str) -> String {
    browser
        .execute(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null;",
            json!([selector]),
        )
        .as_str()
        .map(str::to_owned)
        .unwrap_or_default()
}

/// The visible texts of every element matching `selector`.
pub fn texts_of(browser: &Browser, selector: &str) -> Value {
    browser.execute(
        "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim());",
        json!([selector]),
    )
}

/// The cells of each body row of the table matching `selector`.
pub fn table_rows(browser: &Browser, selector: &str) -> Value {
    browser.execute(
        "return [...document.querySelectorAll(arguments[0] + ' tbody tr')].map(r => \
           [...r.querySelectorAll('td')].map(c => c.innerText.trim()));",
        json!([selector]),
    )
}

/// Waits until an element matches `selector`.
pub fn wait_for_selector(browser: &Browser, selector: &str) {
    browser.wait_for(
        selector,
        &format!(
            "return !!document.querySelector({});",
            Value::from(selector)
        ),
        WAIT,
    );
}

/// Waits until the first element matching `selector` reads exactly `text`.
pub fn wait_for_text(browser: &Browser, selector: &str, text: &str) {
    browser.wait_for(
        &format!("{selector} to read {text}"),
        &format!(
            "const e = document.querySelector({}); return !!e && e.innerText.trim() === {};",
            Value::from(selector),
            Value::from(text)
        ),
        WAIT,
    );
}

/// Asserts that axe-core finds no WCAG 2.2 A/AA violation on the page (`screen` names it).
pub fn assert_no_violations(browser: &Browser, screen: &str) {
    let violations = axe_violations(browser);
    assert_eq!(
        violations,
        json!([]),
        "axe-core found accessibility violations on {screen}:\n{violations:#}"
    );
}

/// Asserts that the page does not scroll sideways (after `set_viewport(390, …)`).
pub fn assert_fits_width(browser: &Browser, screen: &str) {
    let widths = browser.execute(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
        json!([]),
    );
    assert!(
        widths[0].as_u64() <= widths[1].as_u64(),
        "{screen} scrolls sideways: {widths}"
    );
}

/// Empties the field with `id`, focuses it and types `text` from the keyboard.
pub fn type_into(browser: &Browser, id: &str, text: &str) {
    browser.execute(
        "const e = document.getElementById(arguments[0]); e.value = ''; e.focus();",
        json!([id]),
    );
    browser.press(text);
}

/// Presses Tab until the focused element matches the CSS `selector` (and, when `text` is not
/// empty, shows that text), as a keyboard user moves through a page; fails when 80 presses do
/// not get there, i.e. when the element cannot be reached from the keyboard.
pub fn tab_to(browser: &Browser, selector: &str, text: &str) {
    let here = || {
        browser.execute(
            "const e = document.activeElement; return !!e && e.matches(arguments[0]) && \
               (arguments[1] === '' || e.innerText.trim() === arguments[1]);",
            json!([selector, text]),
        ) == json!(true)
    };
    for _ in 0..80 {
        if here() {
            return;
        }
        browser.press(keys::TAB);
    }
    assert!(here(), "{selector} {text:?} cannot be reached with Tab");
}

/// Signs in with `key` on the sign-in form the console shows at whatever address it is.
pub fn sign_in_here(browser: &Browser, key: &str) {
    wait_for_selector(browser, "form.sign-in");
    type_into(browser, "console-key", key);
    browser.press(keys::ENTER);
    wait_for_selector(browser, ".signed-in");
}

/// A new admin key named `name`, made with the admin key: its id and its secret (to sign in
/// with, then to revoke while its session is in use).
pub fn create_admin_key(server: &Server, name: &str) -> (String, String) {
    let created = Request::new("POST", "/api/v1/api-keys")
        .bearer(ADMIN_KEY)
        .json(&json!({ "name": name }))
        .send(server.addr())
        .expect("create key")
        .json();
    (
        created["id"].as_str().expect("id").to_owned(),
        created["secret"].as_str().expect("secret").to_owned(),
    )
}

/// Revokes the admin key `id`: every session signed in with it ends.
pub fn revoke_admin_key(server: &Server, id: &str) {
    let revoked = Request::new("DELETE", format!("/api/v1/api-keys/{id}"))
        .bearer(ADMIN_KEY)
        .send(server.addr())
        .expect("revoke");
    assert_eq!(revoked.status, 204, "{}", revoked.text());
}

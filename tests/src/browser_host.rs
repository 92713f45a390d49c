//! A second origin for the widget's end-to-end tests: a tiny HTTP server that serves fixed
//! host pages on `http://localhost:PORT`, while the widget and the API come from `annexa serve`
//! on `http://127.0.0.1:PORT` — so the embed is exercised cross-origin, as on a customer's site.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

type Pages = Arc<Mutex<HashMap<String, String>>>;

/// A fresh browser showing `site`'s page `/`, which embeds `widgets` (markup) from `server`.
pub fn open_embedded(
    site: &HostSite,
    server: &crate::server::Server,
    widgets: &str,
) -> crate::browser::Browser {
    site.set_page("/", host_page(&server.base_url(), widgets));
    let browser = crate::browser::Browser::start();
    browser.goto(&site.url("/"));
    browser
}

/// What a widget test runs on: a host site, the server `server` starts for it, and a fresh
/// browser on the site's page `/`, which embeds `widgets`. `None` when browser tests are
/// skipped.
pub fn embedded_widget(
    server: impl FnOnce(&HostSite) -> crate::server::Server,
    widgets: &str,
) -> Option<(HostSite, crate::server::Server, crate::browser::Browser)> {
    if crate::browser::skipped() {
        return None;
    }
    let site = HostSite::start();
    let server = server(&site);
    let browser = open_embedded(&site, &server, widgets);
    Some((site, server, browser))
}

/// The path a request on `stream` asks for, once its head has arrived; `None` when the
/// connection closes, or stays idle for five seconds, first. A browser opens connections ahead
/// of need and may send a request on one long after: an idle connection is closed unanswered
/// (the browser then asks again on a new one), never answered with a page as it is at that
/// moment — the browser would take that page for whatever it asks next on the connection,
/// and show a stale page in place of the one a test had just set.
fn request_path(stream: &mut std::net::TcpStream) -> Option<String> {
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .ok()?;
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buffer).ok().filter(|&n| n > 0)?;
        head.extend_from_slice(&buffer[..n]);
        if head.len() > 64 * 1024 {
            return None;
        }
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split_whitespace().nth(1)?;
    Some(target.split('?').next().unwrap_or("/").to_owned())
}

/// A running host-page server (runs until the test process ends).
#[derive(Debug, Clone)]
pub struct HostSite {
    port: u16,
    pages: Pages,
}

impl HostSite {
    /// Starts an empty site on a free port; add pages with [`HostSite::set_page`].
    pub fn start() -> HostSite {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind host site");
        let port = listener.local_addr().expect("address").port();
        let pages: Pages = Arc::default();
        let site = HostSite {
            port,
            pages: Arc::clone(&pages),
        };
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let pages = Arc::clone(&pages);
                std::thread::spawn(move || {
                    let Some(path) = request_path(&mut stream) else {
                        return;
                    };
                    let page = pages.lock().ok().and_then(|p| p.get(&path).cloned());
                    let (status, body) = match page {
                        Some(html) => ("200 OK", html),
                        None => ("404 Not Found", "not found".to_owned()),
                    };
                    let response = format!(
                        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
                         Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(response.as_bytes());
                });
            }
        });
        site
    }

    /// Serves `html` at `path`.
    pub fn set_page(&self, path: &str, html: String) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.insert(path.to_owned(), html);
        }
    }

    /// `http://localhost:PORT` — a different origin from the server's `http://127.0.0.1:…`.
    pub fn origin(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    /// The port it listens on (on 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL of `path` on this site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }

    /// Writes `value` under `key` in this site's `localStorage` (a widget's saved progress),
    /// from a page of the site without any widget. Written from a page with a widget, it could
    /// be overwritten before the page is left: a widget that restored earlier progress saves
    /// it again once it is shown.
    pub fn write_local_storage(&self, browser: &crate::browser::Browser, key: &str, value: &str) {
        self.set_page(
            "/no-widget",
            "<!doctype html><title>No widget</title>".to_owned(),
        );
        browser.goto(&self.url("/no-widget"));
        browser.execute(
            "localStorage.setItem(arguments[0], arguments[1]);",
            serde_json::json!([key, value]),
        );
    }
}

/// A minimal, accessible host page embedding widgets served by `server` (`http://127.0.0.1:…`).
/// It records every `annexa:*` event in `window.hostEvents` (the test's own global, not the
/// widget's) and the page's globals before the widget loads in `window.hostGlobalsBefore`.
pub fn host_page(server: &str, widgets: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host site</title>
<script>
window.hostGlobalsBefore = Object.getOwnPropertyNames(window);
window.hostEvents = [];
for (const name of ["started", "progress", "completed", "lead-submitted", "error"]) {{
  document.addEventListener("annexa:" + name, (e) => window.hostEvents.push({{
    type: e.type, id: e.target.id, detail: e.detail, composed: e.composed, bubbles: e.bubbles }}));
}}
</script>
<script type="module" src="{server}/embed.js"></script>
</head>
<body>
<main>
<h1>A customer's website</h1>
{widgets}
</main>
</body>
</html>"#
    )
}

/// The axe-core source (npm `axe-core`, installed into `tests/node_modules` by
/// `scripts/setup.sh` from `tests/package.json`).
///
/// # Panics
/// When it is not installed.
pub fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("node_modules")
        .join("axe-core")
        .join("axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} — run `cd tests && npm ci` (scripts/setup.sh does it)",
            path.display()
        )
    })
}

/// The built widget (`dist/` at the workspace root, from `trunk build --release`).
///
/// # Panics
/// When it has not been built.
pub fn dist_dir() -> std::path::PathBuf {
    let dist = std::env::var_os("ANNEXA_DIST")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .expect("workspace")
                .join("dist")
        });
    assert!(
        dist.join("embed.js").is_file(),
        "{} has no embed.js: build the widget first with `trunk build --release`",
        dist.display()
    );
    dist
}

/// `annexa serve` flags that switch the rate limits off, for browser tests that are not about
/// them.
pub const NO_RATE_LIMITS: [&str; 4] = ["--rate-limit-ip", "0", "--rate-limit-widget-key", "0"];

/// `annexa serve` with the built widget ([`dist_dir`]), started with `args`, and one widget key
/// created from `widget_key` (the body of `POST /api/v1/widget-keys`). The one way the browser
/// suites start their server.
///
/// # Panics
/// When the widget is not built or the key is refused.
pub fn widget_server(args: &[&str], widget_key: &serde_json::Value) -> crate::server::Server {
    use crate::server::{ADMIN_KEY, Options, Server};
    let server = Server::start_with(Options {
        args: args.iter().map(|a| a.to_string()).collect(),
        dist: Some(dist_dir()),
        ..Options::default()
    });
    let created = crate::http_client::Request::new("POST", "/api/v1/widget-keys")
        .bearer(ADMIN_KEY)
        .json(widget_key)
        .send(server.addr())
        .expect("create widget key");
    assert_eq!(created.status, 201, "{}", created.text());
    server
}

/// Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) over the whole page, shadow roots included,
/// and returns its violations (an empty JSON array when there are none). Injects axe first
/// when the page does not have it yet.
pub fn axe_violations(browser: &crate::browser::Browser) -> serde_json::Value {
    let installed = || browser.execute("return typeof window.axe;", serde_json::json!([]));
    if installed() != "object" {
        browser.execute(
            "const s = document.createElement('script'); s.textContent = arguments[0]; \
             document.head.append(s);",
            serde_json::json!([axe_source()]),
        );
    }
    // A page whose Content-Security-Policy forbids inline scripts (our own pages) refuses that
    // element: run the source as WebDriver's own script instead, which the policy does not
    // govern (axe then installs itself on `window`).
    if installed() != "object" {
        browser.execute(&axe_source(), serde_json::json!([]));
    }
    browser.execute_async(AXE_RUN, serde_json::json!([]))
}

const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: "tag",
    values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
  .then((result) => done(result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target) + " " + n.failureSummary) }))))
  .catch((error) => done([{ id: "axe-error", help: String(error) }]));
"#;

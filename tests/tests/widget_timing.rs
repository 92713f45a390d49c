//! Measurement, not a test of speed (timings are never asserted): how long the widget takes to
//! show content in headless Chromium, and how many bytes it transfers. Run it on purpose:
//!
//! ```sh
//! trunk build --release
//! cargo test -p annexa-e2e --test widget_timing -- --ignored --nocapture
//! ```
//!
//! For each of 10 fresh browsers (cold HTTP cache) and then a reload in the same browser (warm
//! cache), it prints the time from the start of the `embed.js` request, and from navigation
//! start, to the widget's start-screen heading appearing in the shadow root (probed on every
//! animation frame by the host page), and the bytes transferred per file. Over plain HTTP
//! Chromium asks for gzip, not brotli: brotli sizes come from `brotli -q 11` on `dist/`.
//!
//! Then, in the same browser, it times the first question from the click on *Start*; then it
//! answers that question (which fetches the report module, as any first answer does), waits
//! until that module is in, and times the report from the click on "See my report" to the
//! report's first section in the shadow root. Last, it opens
//! the report's closed sections one by one and times each click: the widget writes the report's
//! markup again and brings the page in line with it before the click returns, so the more
//! sections are open, the more it compares (the last click compares the whole report).

use std::time::Duration;

use annexa_e2e::browser::Browser;
use annexa_e2e::browser_host::{HostSite, dist_dir};
use annexa_e2e::server::{Options, Server};
use serde_json::Value;

const PROBE: &str = r#"<script>
window.visibleAt = null;
(function probe() {
  const el = document.getElementById("w");
  if (el && el.shadowRoot && el.shadowRoot.querySelector("h2")) {
    window.visibleAt = performance.now();
  } else {
    requestAnimationFrame(probe);
  }
})();
</script>"#;

const READ: &str = "if (window.visibleAt === null) return null; \
    const embed = performance.getEntriesByType('resource').find(e => e.name.endsWith('/embed.js')); \
    const wasm = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm')); \
    return {visible: window.visibleAt, embedStart: embed ? embed.startTime : null, \
      wasmEnd: wasm ? wasm.responseEnd : null, \
      files: performance.getEntriesByType('resource').map(e => \
        [e.name.split('/').pop(), e.transferSize, e.encodedBodySize, e.decodedBodySize])};";

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

#[test]
#[ignore = "a measurement: run with --ignored --nocapture"]
fn time_to_content_visible_and_transfer_size() {
    let site = HostSite::start();
    let server = Server::start_with(Options {
        args: vec![
            "--rate-limit-ip".into(),
            "0".into(),
            "--rate-limit-widget-key".into(),
            "0".into(),
            "--demo-origins".into(),
            site.origin(),
        ],
        dist: Some(dist_dir()),
        ..Options::default()
    });
    site.set_page(
        "/",
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>timing</title>
{PROBE}
<script type="module" src="{base}/embed.js"></script></head>
<body><annexa-readiness id="w" data-key="demo"></annexa-readiness></body></html>"#,
            base = server.base_url()
        ),
    );
    let (mut cold_script, mut cold_nav, mut cold_after_wasm) = (Vec::new(), Vec::new(), Vec::new());
    let (mut warm_script, mut warm_nav) = (Vec::new(), Vec::new());
    let mut question_after_click = Vec::new();
    let mut report_after_click = Vec::new();
    let (mut toggle_median, mut toggle_last) = (Vec::new(), Vec::new());
    let mut files = Value::Null;
    for round in 0..10 {
        let browser = Browser::start();
        let load = || {
            browser.goto(&site.url(&format!("/?round={round}")));
            browser.wait_for("the start screen", READ, Duration::from_secs(20))
        };
        let number = |t: &Value, key: &str| t[key].as_f64().unwrap_or_default();
        let cold = load();
        cold_nav.push(number(&cold, "visible"));
        cold_script.push(number(&cold, "visible") - number(&cold, "embedStart"));
        cold_after_wasm.push(number(&cold, "visible") - number(&cold, "wasmEnd"));
        if files.is_null() {
            files = cold["files"].clone();
        }
        let warm = load();
        warm_nav.push(number(&warm, "visible"));
        warm_script.push(number(&warm, "visible") - number(&warm, "embedStart"));
        let (question, report) = time_to_question_and_report(&browser);
        question_after_click.push(question);
        report_after_click.push(report);
        let toggles = time_section_toggles(&browser);
        toggle_last.push(toggles.last().copied().unwrap_or(f64::NAN));
        toggle_median.push(median(toggles));
    }
    println!(
        "cold cache: after the wasm download ended, content visible in {:.0} ms (median: compile, instantiate, first render)",
        median(cold_after_wasm)
    );
    println!(
        "cold cache: content visible median {:.0} ms after the embed.js request started, {:.0} ms after navigation start",
        median(cold_script),
        median(cold_nav)
    );
    println!(
        "warm cache: content visible median {:.0} ms after the embed.js request started, {:.0} ms after navigation start",
        median(warm_script),
        median(warm_nav)
    );
    println!(
        "first question visible median {:.0} ms after the click on \"Start\"",
        median(question_after_click)
    );
    println!(
        "report visible median {:.0} ms after the click on \"See my report\" (report module fetched after the first answer)",
        median(report_after_click)
    );
    println!(
        "opening a report section: median {:.1} ms per click (median of the browsers' medians), \
         {:.1} ms for the last section with every other one open",
        median(toggle_median),
        median(toggle_last)
    );
    // Sizes read 0 for cross-origin files without `Timing-Allow-Origin`; see dist/ for sizes.
    println!("cold load, per file [name, transferSize, encodedBodySize, decodedBodySize]: {files}");
}

/// Milliseconds from `click` (a script run in the page with `r`, the shadow root) to an element
/// matching `selector` in the shadow root.
fn time_until(browser: &Browser, click: &str, selector: &str) -> f64 {
    let elapsed = browser.execute_async(
        &format!(
            "const done = arguments[arguments.length - 1]; \
             const r = document.getElementById('w').shadowRoot; \
             const t0 = performance.now(); {click} \
             (function poll() {{ \
               const root = document.getElementById('w').shadowRoot; \
               if (root.querySelector({selector})) done(performance.now() - t0); \
               else requestAnimationFrame(poll); \
             }})();",
            selector = Value::from(selector),
        ),
        serde_json::json!([]),
    );
    elapsed.as_f64().unwrap_or(f64::NAN)
}

/// Starts the quick assessment and answers the first question (which fetches the report
/// module); returns the milliseconds from the click on *Start* to the first question and, once
/// the report module is in, from the click on "See my report" to the report.
fn time_to_question_and_report(browser: &Browser) -> (f64, f64) {
    let shadow = "const r = document.getElementById('w').shadowRoot;";
    let question = time_until(
        browser,
        "r.querySelector('[data-action=start]').click();",
        "form.step",
    );
    let kind = browser.execute(
        &format!("{shadow} return r.activeElement && r.activeElement.type;"),
        serde_json::json!([]),
    );
    browser.press(if kind == "number" { "25" } else { " " });
    browser.wait_for(
        "the report module",
        "return performance.getEntriesByType('resource')\
           .some((e) => e.name.includes('/annexa-report-') && e.name.endsWith('_bg.wasm'));",
        Duration::from_secs(20),
    );
    // Give the prefetched module the moment it takes to compile, as the visitor's next answers
    // would.
    std::thread::sleep(Duration::from_millis(500));
    let report = time_until(
        browser,
        "r.querySelector('.footer-actions .btn-link').click();",
        "[data-section-id]",
    );
    (question, report)
}

/// Opens each closed section of the report shown, one click after another, and returns the
/// milliseconds from each click to a task queued behind it (`setTimeout(0)`): the work done within
/// the click and in the microtasks it queued, so a redraw done at once and one scheduled right
/// after the click are both counted.
fn time_section_toggles(browser: &Browser) -> Vec<f64> {
    let times = browser.execute_async(
        "const done = arguments[arguments.length - 1]; \
         const r = document.getElementById('w').shadowRoot; \
         const ids = Array.from(r.querySelectorAll('[data-section-id]'), (s) => s.dataset.sectionId); \
         (async () => { \
           const times = []; \
           for (const id of ids) { \
             const b = r.querySelector(`[data-section-id=\"${id}\"] .disclosure`); \
             if (!b || b.getAttribute('aria-expanded') === 'true') continue; \
             const t0 = performance.now(); b.click(); \
             await new Promise((resolve) => setTimeout(resolve, 0)); \
             times.push(performance.now() - t0); \
           } \
           done(times); \
         })();",
        serde_json::json!([]),
    );
    times
        .as_array()
        .map(|times| times.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

//! The report as a visitor meets it on a customer's site (the widget embedded from a second
//! origin): the call to action on the first screen at desktop and phone sizes, for both of the
//! owner's call-to-action styles; plain words only, for varied organisations; no horizontal
//! scrolling at 320 px; every detail section printed; the accent (the tag's, else the widget
//! key's) checked for contrast; the offer to go on with the full assessment; and axe-core in the
//! dark colour scheme.

use std::time::Duration;

use annexa_e2e::browser::{Browser, skipped};
use annexa_e2e::browser_host::{HostSite, axe_violations, dist_dir, host_page};
use annexa_e2e::http_client::Request;
use annexa_e2e::saved_reports::{
    SECTIONS, questionnaires, saved_report, varied_profile, wait_in_widget,
};
use annexa_e2e::server::{ADMIN_KEY, Options, Server};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

struct Fixture {
    site: HostSite,
    server: Server,
    browser: Browser,
    quick: Value,
    full: Value,
}

impl Fixture {
    fn start() -> Fixture {
        let site = HostSite::start();
        let server = Server::start_with(Options {
            args: ["--rate-limit-ip", "0", "--rate-limit-widget-key", "0"]
                .map(String::from)
                .to_vec(),
            dist: Some(dist_dir()),
            ..Options::default()
        });
        for key in [
            json!({"key": "inline-key", "owner_name": "Inline Audits",
                   "allowed_origins": [site.origin()]}),
            json!({"key": "button-key", "owner_name": "Button Audits",
                   "allowed_origins": [site.origin()], "cta_style": "button",
                   "cta_text": "Book your free gap review",
                   "booking_url": "https://book.example/annexa"}),
        ] {
            let created = Request::new("POST", "/api/v1/widget-keys")
                .bearer(ADMIN_KEY)
                .json(&key)
                .send(server.addr())
                .expect("create widget key");
            assert_eq!(created.status, 201, "{}", created.text());
        }
        let (quick, full) = questionnaires(&server);
        Fixture {
            site,
            server,
            browser: Browser::start(),
            quick,
            full,
        }
    }

    /// Serves a page with one widget (`attributes` added to the element) and opens it.
    fn open(&self, key: &str, attributes: &str) {
        self.site.set_page(
            "/",
            host_page(
                &self.server.base_url(),
                &format!(
                    r#"<annexa-readiness id="w" data-key="{key}" {attributes}></annexa-readiness>"#
                ),
            ),
        );
        self.browser.goto(&self.site.url("/"));
    }

    /// Saves `saved` as the widget's progress for `key`, then opens the page.
    fn open_saved(&self, key: &str, attributes: &str, saved: &Value) {
        self.site.write_local_storage(
            &self.browser,
            &format!("annexa:v1:{key}:w"),
            &saved.to_string(),
        );
        self.open(key, attributes);
    }

    /// Opens the inline-form widget on a saved quick report of a varied profile (returned),
    /// answered in `pattern`, with `sections` open.
    fn open_quick_report(&self, pattern: &[&str], sections: &[&str]) -> Value {
        let profile = varied_profile(&self.quick, 2);
        self.open_saved(
            "inline-key",
            "",
            &saved_report(&self.quick, profile.clone(), pattern, sections),
        );
        profile
    }

    fn wait(&self, selector: &str) {
        wait_in_widget(&self.browser, selector, WAIT);
    }

    fn shadow(&self, expression: &str) -> Value {
        self.browser.execute(
            &format!("const root = document.getElementById('w').shadowRoot; return {expression};"),
            json!([]),
        )
    }
}

/// The distance from the report's top to the bottom of the call to action's first control
/// (the button, or the lead form's first field), and to the call to action's top.
const CTA_OFFSETS: &str = "
const root = document.getElementById('w').shadowRoot;
const report = root.querySelector('article.report').getBoundingClientRect();
const cta = root.querySelector('[data-cta]');
const control = cta.querySelector('button, input');
return { style: cta.dataset.cta, top: cta.getBoundingClientRect().top - report.top,
         control: control.getBoundingClientRect().bottom - report.top,
         viewport: window.innerHeight };";

#[test]
fn the_call_to_action_is_on_the_first_screen_of_the_report() {
    if skipped() {
        return;
    }
    let fx = Fixture::start();
    let profile = varied_profile(&fx.quick, 3);
    let saved = saved_report(
        &fx.quick,
        profile,
        &["yes", "partial", "no", "unsure"],
        &["scores"],
    );
    for (width, height, limit) in [(1100, 900, 800.0), (390, 844, 844.0)] {
        fx.browser.set_viewport(width, height);
        for (key, style) in [("inline-key", "inline"), ("button-key", "button")] {
            fx.open_saved(key, "", &saved);
            fx.wait("[data-cta]");
            let offsets = fx.browser.execute(CTA_OFFSETS, json!([]));
            assert_eq!(offsets["style"], style, "{offsets}");
            let control = offsets["control"].as_f64().expect("offset");
            assert!(
                control <= limit,
                "at {width}×{height} the {style} call to action ends {control} px below the \
                 report's top (limit {limit}): {offsets}"
            );
        }
    }
    // The owner's wording and booking link; the button opens the form in place.
    assert_eq!(
        fx.shadow("root.querySelector('[data-action=open-lead]').textContent"),
        "Book your free gap review"
    );
    assert_eq!(
        fx.shadow("root.querySelector('[data-action=book]').href"),
        "https://book.example/annexa"
    );
    fx.shadow("root.querySelector('[data-action=open-lead]').click()");
    fx.wait("[data-cta=opened] [data-lead=form] input[name=name]");
    assert_eq!(
        fx.shadow("root.activeElement && root.activeElement.name"),
        "name",
        "opening the form puts the cursor in its first field"
    );
}

/// Everything a visitor can read or hear: the rendered text plus accessible names.
const VISIBLE_TEXT: &str = "
const root = document.getElementById('w').shadowRoot;
root.querySelectorAll('details').forEach((d) => { d.open = true; });
const widget = root.querySelector('.annexa');
const labels = [...widget.querySelectorAll('[aria-label], [title], [alt]')]
  .map((e) => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('alt')]
    .filter(Boolean).join(' '));
return widget.innerText + '\\n' + labels.join('\\n');";

/// Machine words: snake_case identifiers, and run-together enum names like `NearlyReady`.
const MACHINE_WORDS: &str = "
const text = arguments[0];
const snake = text.match(/\\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\\b/g) || [];
const pascal = text.match(/\\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\\b/g) || [];
// Answer ids where the visitor chose \"Partly\" or \"Not sure\".
const answers = text.match(/\\b[Aa]nswered (?:partial|unsure)\\b/g) || [];
return [...new Set([...snake, ...pascal, ...answers])];";

#[test]
fn reports_for_varied_organisations_speak_plain_words() {
    if skipped() {
        return;
    }
    let fx = Fixture::start();
    fx.browser.set_viewport(1100, 900);
    let patterns: [&[&str]; 6] = [
        &["no"],
        &["yes", "partial", "no", "unsure"],
        &["unsure", "not_applicable", "partial"],
        &["yes"],
        &["partial", "yes", "not_applicable"],
        &["yes", "yes", "no"],
    ];
    // Option values with an underscore are the ids most likely to leak.
    let option_ids: Vec<String> = fx.quick["profile_questions"]
        .as_array()
        .expect("profile")
        .iter()
        .flat_map(|q| {
            q["input"]["options"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|o| o["value"].as_str().map(String::from))
        .collect();
    assert!(
        option_ids.iter().any(|id| id.contains('_')),
        "{option_ids:?}"
    );
    let mut leaks = Vec::new();
    for (k, pattern) in patterns.iter().enumerate() {
        let questionnaire = if k.is_multiple_of(2) {
            &fx.quick
        } else {
            &fx.full
        };
        let profile = varied_profile(questionnaire, k);
        fx.open_saved(
            "inline-key",
            "",
            &saved_report(questionnaire, profile.clone(), pattern, &SECTIONS),
        );
        fx.wait("[data-section-id=downloads] .section-body:not([hidden])");
        let text = fx.browser.execute(VISIBLE_TEXT, json!([]));
        let text = text.as_str().expect("text");
        // The summary, and the last rows of the SoA: every section's text is read.
        assert!(
            text.contains("What stands between you and certification") && text.contains("A.8.34"),
            "profile {k}: the summary or the details are missing"
        );
        let words = fx.browser.execute(MACHINE_WORDS, json!([text]));
        let mut found: Vec<String> = words
            .as_array()
            .expect("words")
            .iter()
            .filter_map(|w| w.as_str().map(String::from))
            .collect();
        found.extend(
            option_ids
                .iter()
                .filter(|id| id.contains('_') && text.contains(id.as_str()))
                .cloned(),
        );
        if !found.is_empty() {
            leaks.push(format!(
                "profile {k} ({} mode, {profile}): {found:?}",
                questionnaire["mode"]
            ));
        }
    }
    assert!(
        leaks.is_empty(),
        "machine words in visible report text:\n{}",
        leaks.join("\n")
    );
}

/// Elements sticking out of the widget's right edge, outside boxes that scroll on their own.
const OVERFLOW: &str = "
const host = document.getElementById('w');
const root = host.shadowRoot;
const right = host.getBoundingClientRect().right + 0.5;
const out = [...root.querySelectorAll('*')]
  .filter((e) => !e.closest('.table-scroll, .accent-probe') && e.getClientRects().length)
  .filter((e) => e.getBoundingClientRect().right > right)
  .slice(0, 8).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
return { page: document.documentElement.scrollWidth, viewport: window.innerWidth,
         out, hostRight: right };";

/// Controls smaller than 44 × 44 px (text links inside sentences excepted).
const SMALL_TARGETS: &str = "
const root = document.getElementById('w').shadowRoot;
return [...root.querySelectorAll('button, select, input:not([type=checkbox]):not([type=radio]), a.btn, summary, .choice')]
  .filter((e) => e.getClientRects().length)
  .filter((e) => { const r = e.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
  .slice(0, 8).map((e) => e.tagName + '.' + e.className + ' ' + JSON.stringify(e.getBoundingClientRect()));";

fn assert_fits(fx: &Fixture, screen: &str) {
    let overflow = fx.browser.execute(OVERFLOW, json!([]));
    assert_eq!(overflow["viewport"], 320, "{overflow}");
    assert!(
        overflow["page"].as_f64() <= overflow["viewport"].as_f64() && overflow["out"] == json!([]),
        "the {screen} scrolls sideways at 320 px: {overflow}"
    );
    let small = fx.browser.execute(SMALL_TARGETS, json!([]));
    assert_eq!(
        small,
        json!([]),
        "touch targets under 44 px on the {screen}"
    );
}

#[test]
fn at_320_px_nothing_scrolls_sideways_and_targets_are_44_px() {
    if skipped() {
        return;
    }
    let fx = Fixture::start();
    fx.browser.set_viewport(320, 640);
    fx.open("button-key", "");
    fx.wait("[data-action=start]");
    assert_fits(&fx, "start screen");
    fx.shadow("root.querySelector('[data-action=start]').click()");
    fx.wait("form.step");
    assert_fits(&fx, "first question");
    let profile = varied_profile(&fx.full, 5);
    fx.open_saved(
        "button-key",
        "",
        &saved_report(
            &fx.full,
            profile,
            &["partial", "no", "not_applicable"],
            &SECTIONS,
        ),
    );
    fx.wait("[data-section-id=downloads] .section-body:not([hidden])");
    fx.shadow("root.querySelectorAll('details').forEach((d) => { d.open = true; })");
    assert_fits(&fx, "report with every section open");
}

/// Each download button (the four OSCAL files and the coverage's CSV) hands the browser a file,
/// and none shows an error; a click beside them downloads nothing. No other browser test
/// pressed them.
#[test]
fn each_download_button_hands_the_browser_a_file() {
    if skipped() {
        return;
    }
    let fx = Fixture::start();
    fx.open_quick_report(&["partial", "no"], &SECTIONS);
    fx.wait("[data-section-id=downloads] .section-body:not([hidden])");
    fx.wait("[data-export=coverage-csv]");
    // Every file the widget saves goes through an object URL: count them, by type.
    fx.browser.execute(
        "window.annexaSaved = []; const make = URL.createObjectURL; \
         URL.createObjectURL = (blob) => { window.annexaSaved.push(blob.type); return make(blob); };",
        json!([]),
    );
    let exports = [
        "ssp",
        "assessment-results",
        "catalog",
        "profile",
        "coverage-csv",
    ];
    for (i, export) in exports.iter().enumerate() {
        fx.shadow(&format!(
            "root.querySelector('[data-export=\"{export}\"]').click()"
        ));
        fx.browser.wait_for(
            &format!("the {export} download"),
            &format!("return window.annexaSaved.length > {i};"),
            WAIT,
        );
    }
    let types = fx.browser.execute("return window.annexaSaved;", json!([]));
    assert_eq!(
        types.as_array().map(Vec::len),
        Some(exports.len()),
        "{types}"
    );
    assert_eq!(
        fx.shadow("root.querySelectorAll('.interop .error-box').length"),
        json!(0)
    );
    // A click beside the buttons downloads nothing.
    fx.shadow("root.querySelector('.interop h3').click()");
    std::thread::sleep(Duration::from_millis(300));
    let after = fx
        .browser
        .execute("return window.annexaSaved.length;", json!([]));
    assert_eq!(after, json!(exports.len()));
}

#[test]
fn sections_open_and_close_printing_shows_them_all() {
    if skipped() {
        return;
    }
    let fx = Fixture::start();
    fx.browser.set_viewport(1100, 900);
    let profile = varied_profile(&fx.quick, 1);
    // Progress saved before sections existed: only the first section is open.
    let mut saved = saved_report(&fx.quick, profile, &["partial"], &[]);
    saved
        .as_object_mut()
        .expect("object")
        .remove("open_sections");
    fx.open_saved("inline-key", "", &saved);
    fx.wait("[data-section-id]");
    let open = "[...root.querySelectorAll('[data-section-id]')]\
        .filter((s) => !s.querySelector('.section-body').hidden).map((s) => s.dataset.sectionId)";
    assert_eq!(fx.shadow(open), json!(["scores"]));
    // Open the SoA, close the scores: remembered after a reload.
    fx.shadow("root.querySelector('[data-section-id=soa] .disclosure').click()");
    fx.wait("[data-section-id=soa] .disclosure[aria-expanded=true]");
    fx.shadow("root.querySelector('[data-section-id=scores] .disclosure').click()");
    fx.wait("[data-section-id=scores] .disclosure[aria-expanded=false]");
    fx.browser.goto(&fx.site.url("/"));
    fx.wait("[data-section-id=soa] .section-body:not([hidden])");
    assert_eq!(fx.shadow(open), json!(["soa"]));
    // Print: every section's content is laid out.
    fx.browser.emulate_media("print", json!([]));
    let printed = fx.shadow(
        "[...root.querySelectorAll('.section-body')].map((b) => getComputedStyle(b).display)",
    );
    assert_eq!(printed, json!(vec!["block"; SECTIONS.len()]));
    fx.browser.emulate_media("", json!([]));
}

#[test]
fn a_quick_report_offers_the_full_assessment_with_the_answers_carried_over() {
    if skipped() {
        return;
    }
    let fx = Fixture::start();
    let profile = fx.open_quick_report(&["yes", "no"], &["scores"]);
    fx.wait("[data-action=continue-full]");
    fx.shadow("root.querySelector('[data-action=continue-full]').click()");
    fx.wait("form.step");
    let saved: Value = serde_json::from_str(
        fx.browser
            .execute(
                "return localStorage.getItem('annexa:v1:inline-key:w');",
                json!([]),
            )
            .as_str()
            .expect("saved progress"),
    )
    .expect("JSON");
    assert_eq!(saved["answers"]["mode"], "full");
    assert_eq!(saved["answers"]["profile"], profile);
    let carried = saved["answers"]["answers"].as_object().expect("answers");
    let asked: std::collections::BTreeSet<&str> = fx.quick["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .flat_map(|q| q["requirement_ids"].as_array().cloned().unwrap_or_default())
        .filter_map(|r| r.as_str().map(|r| fx.full_question_of(r)))
        .flatten()
        .collect();
    assert_eq!(carried.len(), asked.len(), "{carried:?}");
    // A site that fixes the quick mode does not get the offer.
    fx.open_saved(
        "inline-key",
        r#"data-mode="quick""#,
        &saved_report(&fx.quick, profile, &["yes", "no"], &["scores"]),
    );
    fx.wait("[data-cta]");
    let page = fx.browser.execute(
        "const w = document.getElementById('w'); \
         return {mode: w.dataset.mode, key: w.dataset.key, url: location.href};",
        json!([]),
    );
    assert_eq!(page["mode"], "quick", "{page}");
    assert_eq!(
        fx.shadow("!!root.querySelector('[data-offer=full]')"),
        false,
        "{page}"
    );
}

impl Fixture {
    /// The id of the full question about requirement `id`.
    fn full_question_of(&self, id: &str) -> Option<&str> {
        self.full["questions"].as_array()?.iter().find(|q| {
            q["requirement_ids"]
                .as_array()
                .is_some_and(|r| r.iter().any(|r| r == id))
        })?["id"]
            .as_str()
    }
}

/// The accent colour stored with the widget key (console, `accent`) applies when the page's tag
/// has none — on the start screen and in the widget after the hand-over — and goes through the
/// same contrast check as `data-accent`; the tag's `data-accent` wins over it.
#[test]
fn the_keys_accent_applies_when_the_tag_has_none_and_falls_back_when_unreadable() {
    if skipped() {
        return;
    }
    let fx = Fixture::start();
    for (key, accent) in [("purple-key", "#7a1fa2"), ("pale-key", "#ffd500")] {
        let created = Request::new("POST", "/api/v1/widget-keys")
            .bearer(ADMIN_KEY)
            .json(&json!({"key": key, "owner_name": "Coloured Audits",
                "allowed_origins": [fx.site.origin()], "accent": accent}))
            .send(fx.server.addr())
            .expect("create widget key");
        assert_eq!(created.status, 201, "{}", created.text());
    }
    fx.browser.set_viewport(1100, 900);
    let start_button =
        "getComputedStyle(root.querySelector('[data-action=start]')).backgroundColor";
    let next_button = "getComputedStyle(root.querySelector('[data-action=next]')).backgroundColor";

    // The tag's data-accent wins over the key's.
    fx.open("purple-key", r##"data-accent="#0b5cad""##);
    fx.wait("[data-action=start]");
    assert_eq!(fx.shadow(start_button), "rgb(11, 92, 173)");

    // A readable stored accent, no data-accent: the start screen (from its first paint) and
    // then the widget use it.
    fx.open("purple-key", "");
    fx.wait("[data-action=start]");
    assert_eq!(fx.shadow(start_button), "rgb(122, 31, 162)");
    assert_eq!(
        fx.shadow("root.querySelector('.annexa').className"),
        "annexa"
    );
    fx.shadow("root.querySelector('[data-action=start]').click()");
    fx.wait("form.step [data-action=next]");
    assert_eq!(fx.shadow(next_button), "rgb(122, 31, 162)");

    // An unreadable stored accent (yellow on white, 1.1:1) falls back to the widget's own, as
    // data-accent does: on the start screen and in the widget.
    fx.open("pale-key", "");
    fx.wait("[data-action=start]");
    fx.wait(".annexa.accent-fallback");
    assert_eq!(fx.shadow(start_button), "rgb(0, 71, 204)");
    fx.shadow("root.querySelector('[data-action=start]').click()");
    fx.wait("form.step [data-action=next]");
    fx.wait(".annexa.accent-fallback");
    assert_eq!(fx.shadow(next_button), "rgb(0, 71, 204)");
}

#[test]
fn an_unreadable_accent_falls_back_dark_mode_passes_axe_and_motion_can_be_reduced() {
    if skipped() {
        return;
    }
    let fx = Fixture::start();
    fx.browser.set_viewport(1100, 900);
    // Yellow on white: 1.1:1.
    fx.open("inline-key", r##"data-accent="#ffd500""##);
    fx.wait("[data-action=start]");
    fx.wait(".annexa.accent-fallback");
    assert_eq!(
        fx.shadow("getComputedStyle(root.querySelector('[data-action=start]')).backgroundColor"),
        "rgb(0, 71, 204)"
    );
    // A readable accent is kept.
    fx.open("inline-key", r##"data-accent="#7a1fa2""##);
    fx.wait("[data-action=start]");
    assert_eq!(
        fx.shadow("root.querySelector('.annexa').className"),
        "annexa"
    );
    // Dark scheme: start, question and report screens pass axe-core.
    fx.browser.emulate_media(
        "",
        json!([{"name": "prefers-color-scheme", "value": "dark"},
               {"name": "prefers-reduced-motion", "value": "reduce"}]),
    );
    fx.open("button-key", "");
    fx.wait("[data-action=start]");
    assert_eq!(
        fx.shadow("getComputedStyle(root.querySelector('.annexa')).backgroundColor"),
        "rgb(22, 24, 29)"
    );
    let violations = axe_violations(&fx.browser);
    assert_eq!(violations, json!([]), "dark start screen:\n{violations:#}");
    fx.shadow("root.querySelector('[data-action=start]').click()");
    fx.wait("form.step");
    let violations = axe_violations(&fx.browser);
    assert_eq!(violations, json!([]), "dark question:\n{violations:#}");
    // Reduced motion: the progress bar jumps instead of sliding.
    let transition =
        "getComputedStyle(root.querySelector('.progress-bar .fill')).transitionDuration";
    assert_eq!(fx.shadow(transition), "0s");
    fx.browser.emulate_media(
        "",
        json!([{"name": "prefers-color-scheme", "value": "dark"},
               {"name": "prefers-reduced-motion", "value": "no-preference"}]),
    );
    assert_eq!(fx.shadow(transition), "0.2s");
    let profile = varied_profile(&fx.quick, 4);
    fx.open_saved(
        "button-key",
        "",
        &saved_report(&fx.quick, profile, &["partial", "no"], &SECTIONS),
    );
    fx.wait("[data-section-id=downloads] .section-body:not([hidden])");
    let violations = axe_violations(&fx.browser);
    assert_eq!(violations, json!([]), "dark report:\n{violations:#}");
}

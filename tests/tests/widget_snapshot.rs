//! Not a check but a tool for size rounds (issue 15) that must change nothing a visitor sees:
//! writes the widget's shadow-root HTML, as rendered, for quick and full reports of six varied
//! organisations (every section open, the coverage loaded, a visitor's justification full of
//! markup characters) and for every profile and question step of both modes, one file each,
//! into `ANNEXA_SNAPSHOT_DIR`. Run it on the build before and after a change (`ANNEXA_DIST`
//! selects the build) and diff the two folders:
//!
//! ```sh
//! ANNEXA_DIST=/tmp/dist-before ANNEXA_SNAPSHOT_DIR=/tmp/snap-before \
//!   cargo test -p annexa-e2e --test widget_snapshot -- --ignored
//! ANNEXA_SNAPSHOT_DIR=/tmp/snap-after cargo test -p annexa-e2e --test widget_snapshot -- --ignored
//! diff -r /tmp/snap-before /tmp/snap-after
//! ```

use std::path::PathBuf;
use std::time::Duration;

use annexa_e2e::browser::{Browser, skipped};
use annexa_e2e::browser_host::{HostSite, NO_RATE_LIMITS, host_page, widget_server};
use annexa_e2e::saved_reports::{
    SECTIONS, questionnaires, saved_report_justified, varied_profile, wait_in_widget,
};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

/// A visitor's justification with every character that means something in markup.
const HOSTILE: &str =
    "We have <b>no</b> offices & \"rooms\" of our own; 'x' <script>alert(1)</script> &amp;";

struct Snapshots {
    site: HostSite,
    server: annexa_e2e::server::Server,
    browser: Browser,
    dir: PathBuf,
}

impl Snapshots {
    fn open_saved(&self, saved: &Value) {
        self.site
            .write_local_storage(&self.browser, "annexa:v1:snap-key:w", &saved.to_string());
        self.site.set_page(
            "/",
            host_page(
                &self.server.base_url(),
                r#"<annexa-readiness id="w" data-key="snap-key"></annexa-readiness>"#,
            ),
        );
        self.browser.goto(&self.site.url("/"));
    }

    fn wait(&self, selector: &str) {
        wait_in_widget(&self.browser, selector, WAIT);
    }

    fn write(&self, name: &str) {
        // Let the widget finish the render in progress.
        std::thread::sleep(Duration::from_millis(150));
        // The server's port changes from run to run, and the stylesheet's name (named by its
        // content) with every change to it: neither is what a visitor sees.
        let html = self.browser.execute(
            "return document.getElementById('w').shadowRoot.innerHTML \
               .replace(/127\\.0\\.0\\.1:[0-9]+/g, 'SERVER') \
               .replace(/widget-[0-9a-f]{16}\\.css/g, 'widget-STYLESHEET.css');",
            json!([]),
        );
        std::fs::write(
            self.dir.join(format!("{name}.html")),
            html.as_str().expect("html"),
        )
        .expect("write snapshot");
    }
}

#[test]
#[ignore = "a tool: writes snapshots for a before/after diff (see the module comment)"]
fn write_widget_snapshots() {
    if skipped() {
        return;
    }
    let dir = PathBuf::from(std::env::var("ANNEXA_SNAPSHOT_DIR").expect("ANNEXA_SNAPSHOT_DIR"));
    std::fs::create_dir_all(&dir).expect("snapshot dir");
    let site = HostSite::start();
    let server = widget_server(
        &NO_RATE_LIMITS,
        &json!({"key": "snap-key", "owner_name": "Snap <Audits> & \"Co\"",
                "allowed_origins": [site.origin()]}),
    );
    let (quick, full) = questionnaires(&server);
    let snaps = Snapshots {
        site,
        server,
        browser: Browser::start(),
        dir,
    };
    snaps.browser.set_viewport(1100, 900);
    // The last two show the empty lists (no gaps, no blockers) and a profile left empty.
    let patterns: [&[&str]; 4] = [
        &["yes", "partial", "no", "unsure"],
        &["unsure", "not_applicable", "partial"],
        &["yes", "yes", "no", "not_applicable"],
        &["yes"],
    ];
    for (mode, q) in [("quick", &quick), ("full", &full)] {
        for k in 0..8 {
            let profile = if k == 7 {
                json!({})
            } else {
                varied_profile(q, k)
            };
            let saved = saved_report_justified(q, profile, patterns[k % 4], &SECTIONS, HOSTILE);
            snaps.open_saved(&saved);
            snaps.wait("[data-section-id=downloads] .section-body:not([hidden])");
            snaps.wait("[data-coverage=all_met]");
            snaps.write(&format!("{mode}-report-{k}"));
        }
        // Every profile and question step, with profile 1's answers, reached by "Back".
        let saved =
            saved_report_justified(q, varied_profile(q, 1), patterns[1], &["scores"], HOSTILE);
        snaps.open_saved(&saved);
        snaps.wait("[data-action=edit]");
        snaps.browser.execute(
            "document.getElementById('w').shadowRoot.querySelector('[data-action=edit]').click();",
            json!([]),
        );
        let mut step = 0;
        loop {
            std::thread::sleep(Duration::from_millis(100));
            snaps.write(&format!("{mode}-step-{step:03}"));
            let moved = snaps.browser.execute(
                "const r = document.getElementById('w').shadowRoot; \
                 const back = [...r.querySelectorAll('button')].find((b) => b.dataset.action === 'back' \
                   || b.textContent.trim() === 'Back'); \
                 if (!back || back.disabled) return false; back.click(); return true;",
                json!([]),
            );
            step += 1;
            if moved != true || step > 200 {
                break;
            }
        }
    }
}

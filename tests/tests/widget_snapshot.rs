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
use annexa_e2e::http_client::Request;
use serde_json::{Map, Value, json};

const WAIT: Duration = Duration::from_secs(20);

const SECTIONS: [&str; 10] = [
    "scores",
    "concepts",
    "blockers",
    "gaps",
    "soa",
    "timeline",
    "audit-days",
    "frameworks",
    "coverage",
    "downloads",
];

/// A visitor's justification with every character that means something in markup.
const HOSTILE: &str =
    "We have <b>no</b> offices & \"rooms\" of our own; 'x' <script>alert(1)</script> &amp;";

fn answers(questionnaire: &Value, pattern: &[&str]) -> Map<String, Value> {
    questionnaire["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let value = pattern[i % pattern.len()];
            let answer = if value == "not_applicable" && q["allows_not_applicable"] == true {
                json!({"value": value, "justification": HOSTILE})
            } else if value == "not_applicable" {
                json!({"value": "partial"})
            } else {
                json!({ "value": value })
            };
            (q["id"].as_str().expect("id").to_owned(), answer)
        })
        .collect()
}

/// Profile `k` of a varied set (as in widget_report).
fn varied_profile(questionnaire: &Value, k: usize) -> Value {
    let mut profile = Map::new();
    for question in questionnaire["profile_questions"]
        .as_array()
        .expect("profile")
    {
        let id = question["id"].as_str().expect("id").to_owned();
        let input = &question["input"];
        let options: Vec<&str> = input["options"]
            .as_array()
            .map(|o| o.iter().filter_map(|o| o["value"].as_str()).collect())
            .unwrap_or_default();
        let value = match input["type"].as_str().expect("input type") {
            "number" => {
                let wanted = [5_u64, 40, 180, 900, 4500, 60_000][k % 6];
                let min = input["min"].as_u64().unwrap_or(1);
                let max = input["max"].as_u64().unwrap_or(wanted);
                json!(wanted.clamp(min, max))
            }
            "boolean" => json!((k + id.len()).is_multiple_of(2)),
            "choice" => json!(options[k % options.len()]),
            "multi_choice" => json!(
                options
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| k == 5 || !(j + k).is_multiple_of(3))
                    .map(|(_, o)| *o)
                    .collect::<Vec<_>>()
            ),
            "date" if k.is_multiple_of(2) => {
                json!(["2027-06-30", "2026-12-31", "2029-01-15"][k % 3])
            }
            _ => continue,
        };
        profile.insert(id, value);
    }
    Value::Object(profile)
}

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
        self.browser.wait_for(
            selector,
            &format!(
                "const r = document.getElementById('w').shadowRoot; \
                 return !!(r && r.querySelector({}));",
                Value::from(selector)
            ),
            WAIT,
        );
    }

    fn write(&self, name: &str) {
        // Let Yew finish the render in progress.
        std::thread::sleep(Duration::from_millis(150));
        // The server's port changes from run to run.
        let html = self.browser.execute(
            "return document.getElementById('w').shadowRoot.innerHTML \
               .replace(/127\\.0\\.0\\.1:[0-9]+/g, 'SERVER');",
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
    let questionnaire = |mode: &str| {
        Request::new("GET", format!("/api/v1/questionnaire?mode={mode}"))
            .send(server.addr())
            .expect("questionnaire")
            .json()
    };
    let (quick, full) = (questionnaire("quick"), questionnaire("full"));
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
            let saved = json!({
                "screen": "report",
                "answers": {
                    "questionnaire_version": q["version"],
                    "mode": q["mode"],
                    "profile": profile,
                    "answers": answers(q, patterns[k % 4]),
                },
                "open_sections": SECTIONS,
            });
            snaps.open_saved(&saved);
            snaps.wait("[data-section-id=downloads] .section-body:not([hidden])");
            snaps.wait("[data-coverage=all_met]");
            snaps.write(&format!("{mode}-report-{k}"));
        }
        // Every profile and question step, with profile 1's answers, reached by "Back".
        let saved = json!({
            "screen": "report",
            "answers": {
                "questionnaire_version": q["version"],
                "mode": q["mode"],
                "profile": varied_profile(q, 1),
                "answers": answers(q, patterns[1]),
            },
            "open_sections": ["scores"],
        });
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

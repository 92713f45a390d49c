//! Issue 14 against a real `annexa serve`: rate limits that a client cannot dodge by writing
//! `X-Forwarded-For`, memory that stays bounded under made-up widget keys, webhooks that cannot
//! be aimed inward, `HEAD` where `GET` is, and truncated bodies answered as malformed.
//!
//! Every request goes to the server on loopback. The webhook refusals are checked when the URL
//! is set, so nothing is ever sent to the refused addresses.

use std::io::Write;
use std::time::Instant;

use annexa_e2e::http_client::{Request, Response};
use annexa_e2e::payloads::{answers, assert_problem, lead};
use annexa_e2e::server::{ADMIN_KEY, Options, Server};
use serde_json::json;

fn send(server: &Server, request: Request) -> Response {
    request
        .send(server.addr())
        .unwrap_or_else(|e| panic!("request failed: {e}\n{}", server.log_text()))
}

#[test]
fn spoofed_forwarded_for_behind_one_proxy_still_hits_the_limit() {
    let server = Server::start_with(Options::args([
        "--rate-limit-ip",
        "10",
        "--rate-limit-widget-key",
        "0",
        "--proxy-hops",
        "1",
    ]));
    // The client writes a fresh address at the left of X-Forwarded-For on every request; our
    // one proxy appends the address it really saw (198.51.100.7) at the right.
    let mut statuses = Vec::new();
    for i in 0..25 {
        let request = Request::new("GET", "/api/v1/catalog")
            .header("X-Forwarded-For", &format!("203.0.113.{i}, 198.51.100.7"));
        statuses.push(send(&server, request).status);
    }
    let served = statuses.iter().filter(|s| **s == 200).count();
    assert!(
        (10..=12).contains(&served) && statuses.contains(&429),
        "a quota of 10 per minute served {served} of 25 spoofed requests: {statuses:?}"
    );
    // Another real client behind the same proxy is served.
    let other = send(
        &server,
        Request::new("GET", "/api/v1/catalog").header("X-Forwarded-For", "6.6.6.6, 198.51.100.8"),
    );
    assert_eq!(other.status, 200, "{}", other.text());
}

#[test]
fn ipv6_clients_of_one_64_share_a_bucket() {
    let server = Server::start_with(Options::args([
        "--rate-limit-ip",
        "5",
        "--rate-limit-widget-key",
        "0",
        "--proxy-hops",
        "1",
    ]));
    let statuses: Vec<u16> = (0..12)
        .map(|i| {
            let request = Request::new("GET", "/api/v1/catalog")
                .header("X-Forwarded-For", &format!("2001:db8:1:2::{:x}", i + 1));
            send(&server, request).status
        })
        .collect();
    let served = statuses.iter().filter(|s| **s == 200).count();
    assert!(
        (5..=6).contains(&served),
        "12 addresses of one /64 share 5 per minute: {statuses:?}"
    );
    let other_network = send(
        &server,
        Request::new("GET", "/api/v1/catalog").header("X-Forwarded-For", "2001:db8:1:3::1"),
    );
    assert_eq!(other_network.status, 200);
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// How much the server's resident size may grow during the flood: 64 MiB is the room of about
/// 320 of the 200 KB keys, so a server that kept even 1.6 % of 20,000 keys fails, and one that
/// keeps every key (as the limiter did when it was charged with the raw key) is past the bound
/// within the first 1,000 keys.
const FLOOD_RSS_GROWTH_KIB: u64 = 64 * 1024;

/// `ANNEXA_E2E_FLOOD_KEYS` (default 20,000) lead submissions, each with a distinct widget key
/// of 200 KB, from 4 client threads: the server's resident size never grows by more than
/// [`FLOOD_RSS_GROWTH_KIB`] (checked every 1,000 keys and at the end; printed as it goes).
///
/// Issue 14's acceptance figure is 100,000 keys (20 GB of requests; several minutes on two
/// cores, too slow for every CI run). Run it with
/// `ANNEXA_E2E_FLOOD_KEYS=100000 cargo test -p annexa-e2e --test abuse_hardening distinct_huge -- --nocapture`.
#[test]
fn distinct_huge_widget_keys_leave_memory_bounded() {
    let count: usize = std::env::var("ANNEXA_E2E_FLOOD_KEYS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let server = Server::start_with(Options::args([
        "--rate-limit-ip",
        "0",
        "--rate-limit-widget-key",
        "300",
    ]));
    let pid = server.pid().expect("running");
    let template = lead(server.addr(), "demo", "Ana", "ana@example.com", "ACME");
    // Warm up the paths once, then measure.
    let mut warm = template.clone();
    warm["widget_key"] = "x".repeat(200 * 1024).into();
    assert_eq!(
        send(&server, Request::new("POST", "/api/v1/leads").json(&warm)).status,
        404
    );
    let before = rss_kib(pid);
    let started = Instant::now();
    // The body is built once around a placeholder: the client's own JSON work stays out of
    // the measurement.
    let mut placeholder = template.clone();
    placeholder["widget_key"] = "@KEY@".into();
    let text = placeholder.to_string();
    let (prefix, suffix) = text.split_once("@KEY@").expect("placeholder");
    let (prefix, suffix) = (prefix.to_owned(), suffix.to_owned());
    let threads = 4;
    let per_thread = count.div_ceil(threads);
    std::thread::scope(|scope| {
        for thread in 0..threads {
            let addr = server.addr();
            let (prefix, suffix) = (prefix.clone(), suffix.clone());
            scope.spawn(move || {
                let filler = "k".repeat(200 * 1024 - 16);
                for i in 0..per_thread {
                    let body = format!("{prefix}{filler}{thread:02}{i:012}{suffix}");
                    let response = Request::new("POST", "/api/v1/leads")
                        .body("application/json", body)
                        .send(addr)
                        .expect("request");
                    assert_eq!(
                        response.status,
                        404,
                        "{} (server RSS {} MiB)",
                        response.text(),
                        rss_kib(pid) / 1024
                    );
                    if thread == 0 && i % 250 == 249 {
                        let now = rss_kib(pid);
                        eprintln!(
                            "{} keys sent: server RSS {} MiB",
                            (i + 1) * threads,
                            now / 1024
                        );
                        assert!(
                            now < before + FLOOD_RSS_GROWTH_KIB,
                            "RSS grew from {before} KiB to {now} KiB after {} keys",
                            (i + 1) * threads
                        );
                    }
                }
            });
        }
    });
    let after = rss_kib(pid);
    eprintln!(
        "{} lead submissions with distinct 200 KB widget keys in {:.0} s: server RSS {} MiB before, {} MiB after",
        per_thread * threads,
        started.elapsed().as_secs_f64(),
        before / 1024,
        after / 1024
    );
    assert!(
        after < before + FLOOD_RSS_GROWTH_KIB,
        "RSS grew from {before} KiB to {after} KiB"
    );
    // The real key still works.
    let response = send(
        &server,
        Request::new("POST", "/api/v1/leads").json(&template),
    );
    assert_eq!(response.status, 201, "{}", response.text());
}

#[test]
fn webhooks_to_internal_addresses_are_refused() {
    let server = Server::start();
    for (index, url) in [
        "https://127.0.0.1/hook",
        "https://10.0.0.5:9200/_bulk",
        "https://169.254.169.254/latest/meta-data/",
        // Resolves to loopback through /etc/hosts: no DNS query leaves the machine.
        "https://localhost/hook",
        "http://hooks.example.com/plain-http",
    ]
    .iter()
    .enumerate()
    {
        let response = send(
            &server,
            Request::new("POST", "/api/v1/widget-keys")
                .bearer(ADMIN_KEY)
                .json(&json!({
                    "key": format!("hooked-{index}"),
                    "owner_name": "Hooked Ltd",
                    "allowed_origins": ["https://hooked.example"],
                    "webhook_url": url,
                })),
        );
        let problem = assert_problem(&response, 422, "validation-failed", url);
        assert_eq!(problem["errors"][0]["pointer"], "/webhook_url", "{url}");
    }
    let listed = send(
        &server,
        Request::new("GET", "/api/v1/widget-keys").bearer(ADMIN_KEY),
    );
    assert!(!listed.text().contains("hooked-"), "{}", listed.text());
}

#[test]
fn head_answers_like_get_and_a_truncated_body_is_malformed() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::File::create(dist.path().join("embed.js"))
        .unwrap()
        .write_all(b"console.log('annexa');\n")
        .unwrap();
    let server = Server::start_with(Options {
        args: ["--rate-limit-ip", "0", "--rate-limit-widget-key", "0"]
            .map(String::from)
            .to_vec(),
        dist: Some(dist.path().to_path_buf()),
        ..Options::default()
    });
    for path in [
        "/embed.js",
        "/healthz",
        "/api/v1/catalog",
        "/api/v1/widget-config/demo",
    ] {
        let response = send(&server, Request::new("HEAD", path));
        assert_eq!(response.status, 200, "HEAD {path}: {}", server.log_text());
        assert!(response.body.is_empty(), "HEAD {path} has no body");
    }
    let truncated = send(
        &server,
        Request::new("POST", "/api/v1/assessments/score")
            .body("application/json", r#"{"answers": [1,2"#),
    );
    assert_problem(&truncated, 400, "malformed-json", "truncated body");
    let wrong_type = send(
        &server,
        Request::new("POST", "/api/v1/assessments/score")
            .body("application/json", r#"{"answers": [1,2]}"#),
    );
    assert_problem(
        &wrong_type,
        422,
        "invalid-body",
        "well-formed body of the wrong type",
    );
    // A complete, valid body is still scored.
    let scored = send(
        &server,
        Request::new("POST", "/api/v1/assessments/score")
            .json(&answers(annexa_shared::Mode::Quick, "yes")),
    );
    assert_eq!(scored.status, 200, "{}", scored.text());
}

#[test]
fn without_demo_there_is_no_demo_key() {
    let server = Server::start_with(Options {
        args: ["--rate-limit-ip", "0", "--rate-limit-widget-key", "0"]
            .map(String::from)
            .to_vec(),
        no_demo: true,
        ..Options::default()
    });
    let response = send(&server, Request::new("GET", "/api/v1/widget-config/demo"));
    assert_problem(&response, 404, "unknown-widget-key", "demo without --demo");
}

#[test]
fn a_leads_read_key_cannot_create_keys() {
    let server = Server::start();
    let created = send(
        &server,
        Request::new("POST", "/api/v1/api-keys")
            .bearer(ADMIN_KEY)
            .json(&json!({"name": "crm-sync", "scopes": ["leads:read"]})),
    );
    assert_eq!(created.status, 201, "{}", created.text());
    let reader = created.json()["secret"].as_str().unwrap().to_owned();
    let listed = send(
        &server,
        Request::new("GET", "/api/v1/leads").bearer(&reader),
    );
    assert_eq!(listed.status, 200, "{}", listed.text());
    let refused = send(
        &server,
        Request::new("POST", "/api/v1/api-keys")
            .bearer(&reader)
            .json(&json!({"name": "escalated"})),
    );
    assert_problem(
        &refused,
        403,
        "insufficient-scope",
        "leads:read creating a key",
    );
    assert_eq!(refused.header("cache-control"), Some("no-store"));
    let keys = send(
        &server,
        Request::new("GET", "/api/v1/api-keys").bearer(ADMIN_KEY),
    );
    assert!(!keys.text().contains("escalated"), "{}", keys.text());
}

#[test]
fn erasure_by_email_removes_every_lead_of_the_address() {
    let server = Server::start();
    let mut ids = Vec::new();
    for email in [
        "erase.me@example.com",
        "Erase.Me@example.com",
        "keep@example.com",
    ] {
        let response = send(
            &server,
            Request::new("POST", "/api/v1/leads").json(&lead(
                server.addr(),
                "demo",
                "Ana",
                email,
                "ACME",
            )),
        );
        assert_eq!(response.status, 201, "{}", response.text());
        ids.push(response.json()["id"].as_str().unwrap().to_owned());
    }
    let erased = send(
        &server,
        Request::new("DELETE", "/api/v1/leads?email=erase.me%40example.com").bearer(ADMIN_KEY),
    );
    assert_eq!(erased.status, 200, "{}", erased.text());
    assert_eq!(erased.json()["leads_erased"], 2);
    for (id, status) in ids.iter().zip([404, 404, 200]) {
        let response = send(
            &server,
            Request::new("GET", format!("/api/v1/leads/{id}")).bearer(ADMIN_KEY),
        );
        assert_eq!(response.status, status, "lead {id}");
    }
    let access = send(
        &server,
        Request::new("GET", "/api/v1/leads?email=erase.me%40example.com").bearer(ADMIN_KEY),
    );
    assert_eq!(access.json()["total"], 0);
}

//! Abuse: rate limits hold under a burst from one client while another client is served;
//! admin routes refuse missing, wrong and revoked keys and widget keys; CORS refuses unlisted
//! origins; public routes expose no admin data.
//!
//! The server identifies clients by the TCP peer address (`X-Forwarded-For` only with
//! `--proxy-hops`), so the second client connects from another loopback address, 127.0.0.2.

use std::net::{IpAddr, Ipv4Addr};

use annexa_e2e::http_client::{Request, Response};
use annexa_e2e::payloads::{assert_problem, lead};
use annexa_e2e::server::{ADMIN_KEY, Options, Server};
use serde_json::json;

const OTHER_CLIENT: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

fn send(server: &Server, request: Request) -> Response {
    request
        .send(server.addr())
        .unwrap_or_else(|e| panic!("request failed: {e}\n{}", server.log_text()))
}

/// Sends `request` `count` times; returns the statuses and the first 429.
fn burst(server: &Server, request: &Request, count: usize) -> (Vec<u16>, Option<Response>) {
    let mut statuses = Vec::new();
    let mut refused = None;
    for _ in 0..count {
        let response = send(server, request.clone());
        statuses.push(response.status);
        if response.status == 429 && refused.is_none() {
            refused = Some(response);
        }
    }
    (statuses, refused)
}

fn assert_rate_limited(refused: Option<Response>, statuses: &[u16], what: &str) {
    let refused = refused.unwrap_or_else(|| panic!("{what}: no 429 in {statuses:?}"));
    assert_problem(&refused, 429, "rate-limited", what);
    let retry: u64 = refused
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{what}: 429 without a numeric Retry-After"));
    assert!((1..=60).contains(&retry), "{what}: Retry-After {retry}");
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 429),
        "{what}: {statuses:?}"
    );
}

#[test]
fn per_ip_limit_holds_for_one_client_while_another_is_served() {
    let mut server = Server::start_with(Options::args([
        "--rate-limit-ip",
        "20",
        "--rate-limit-widget-key",
        "0",
    ]));
    // Prepared before the burst (it reads the widget's consent text).
    let submission = lead(server.addr(), "demo", "Ana", "ana@example.com", "ACME");
    let catalog = Request::new("GET", "/api/v1/questionnaire?mode=quick");
    let started = std::time::Instant::now();
    let (statuses, refused) = burst(&server, &catalog, 40);
    // A quota of 20 per minute: the burst allowance of 20, plus one more every 3 s of the burst.
    let allowed = 20 + started.elapsed().as_secs() as usize / 3 + 1;
    let served = statuses.iter().filter(|s| **s == 200).count();
    assert!(
        (19..=allowed).contains(&served),
        "a quota of 20 per minute served {served} of a 40-request burst: {statuses:?}"
    );
    assert_rate_limited(refused, &statuses, "burst from 127.0.0.1");
    // The limited client is limited on the other public routes too: leads.
    let response = send(
        &server,
        Request::new("POST", "/api/v1/leads").json(&submission),
    );
    assert_problem(
        &response,
        429,
        "rate-limited",
        "lead from the limited client",
    );
    // A spoofed X-Forwarded-For does not make a new client when the proxy is not trusted.
    // (Five spoofed addresses: were the header trusted, all five would be served; at most one may
    // get a token that refilled meanwhile.)
    let spoofed_served = (1..=5)
        .filter(|i| {
            let spoofed = catalog
                .clone()
                .header("X-Forwarded-For", &format!("203.0.113.{i}"));
            send(&server, spoofed).status == 200
        })
        .count();
    assert!(
        spoofed_served <= 1,
        "X-Forwarded-For must not be trusted by default: {spoofed_served} of 5 served"
    );
    // Another client is served, on every rate-limited public route.
    for request in [
        catalog.clone(),
        Request::new("GET", "/api/v1/catalog"),
        Request::new("GET", "/api/v1/widget-config/demo"),
        Request::new("GET", "/api/v1/certificates?q=hosting"),
        Request::new("POST", "/api/v1/assessments/score").json(&annexa_e2e::payloads::answers(
            annexa_shared::Mode::Quick,
            "yes",
        )),
    ] {
        let response = send(&server, request.clone().from_source(OTHER_CLIENT));
        assert_eq!(response.status, 200, "127.0.0.2: {}", response.text());
    }
    // Operations routes are not rate limited (probes must work during an attack).
    server.assert_alive("a burst");
}

#[test]
fn trusted_proxy_limits_each_forwarded_client_separately() {
    let server = Server::start_with(Options::args([
        "--rate-limit-ip",
        "10",
        "--rate-limit-widget-key",
        "0",
        "--trust-proxy",
    ]));
    let request = Request::new("GET", "/api/v1/catalog").header("X-Forwarded-For", "198.51.100.1");
    let (statuses, refused) = burst(&server, &request, 20);
    assert_rate_limited(refused, &statuses, "burst from 198.51.100.1 via the proxy");
    let other = send(
        &server,
        Request::new("GET", "/api/v1/catalog").header("X-Forwarded-For", "198.51.100.2"),
    );
    assert_eq!(other.status, 200, "another forwarded client is served");
}

#[test]
fn per_widget_key_limit_holds_while_another_key_is_served() {
    let server = Server::start_with(Options::args([
        "--rate-limit-ip",
        "0",
        "--rate-limit-widget-key",
        "10",
    ]));
    let created = send(
        &server,
        Request::new("POST", "/api/v1/widget-keys")
            .bearer(ADMIN_KEY)
            .json(&json!({
                "key": "other-site",
                "owner_name": "Other Site Ltd",
                "allowed_origins": ["https://other.example"]
            })),
    );
    assert_eq!(created.status, 201, "{}", created.text());
    // The key's budget is spent by lead submissions (loading the widget costs nothing).
    let mut statuses = Vec::new();
    let mut refused = None;
    for i in 0..20 {
        let submission = lead(
            server.addr(),
            "demo",
            "Ana",
            &format!("ana{i}@example.com"),
            "ACME",
        );
        let response = send(
            &server,
            Request::new("POST", "/api/v1/leads").json(&submission),
        );
        statuses.push(if response.status == 201 {
            200
        } else {
            response.status
        });
        if response.status == 429 && refused.is_none() {
            refused = Some(response);
        }
    }
    assert_rate_limited(refused, &statuses, "lead burst on widget key demo");
    // From another client too: the limit is per key, not per IP.
    let submission = lead(server.addr(), "demo", "Bo", "bo@example.com", "ACME");
    let again = send(
        &server,
        Request::new("POST", "/api/v1/leads")
            .json(&submission)
            .from_source(OTHER_CLIENT),
    );
    assert_eq!(again.status, 429, "the key's limit holds for every client");
    // Loading the limited key's widget still works.
    let config = send(&server, Request::new("GET", "/api/v1/widget-config/demo"));
    assert_eq!(config.status, 200, "{}", config.text());
    let other = send(
        &server,
        Request::new("GET", "/api/v1/widget-config/other-site"),
    );
    assert_eq!(
        other.status,
        200,
        "another widget key is served: {}",
        other.text()
    );
    let submission = lead(
        server.addr(),
        "other-site",
        "Ana",
        "ana@example.com",
        "ACME",
    );
    let response = send(
        &server,
        Request::new("POST", "/api/v1/leads").json(&submission),
    );
    assert_eq!(response.status, 201, "{}", response.text());
}

/// Every admin route, with a harmless body where it takes one.
fn admin_routes() -> Vec<Request> {
    vec![
        Request::new("GET", "/api/v1/leads"),
        Request::new("GET", "/api/v1/leads.csv"),
        Request::new("GET", "/api/v1/leads/00000000-0000-0000-0000-000000000000"),
        Request::new(
            "DELETE",
            "/api/v1/leads/00000000-0000-0000-0000-000000000000",
        ),
        Request::new("GET", "/api/v1/widget-keys"),
        Request::new("POST", "/api/v1/widget-keys").json(&json!({
            "key": "sneaky", "owner_name": "Sneaky", "allowed_origins": ["https://evil.example"]
        })),
        Request::new("DELETE", "/api/v1/widget-keys/demo"),
        Request::new("GET", "/api/v1/api-keys"),
        Request::new("POST", "/api/v1/api-keys").json(&json!({ "name": "sneaky" })),
        Request::new("DELETE", "/api/v1/api-keys/key_x"),
        Request::new("POST", "/api/v1/certificates/import")
            .body("text/csv", "certificate_number\n"),
    ]
}

#[test]
fn admin_routes_refuse_missing_wrong_revoked_and_widget_keys() {
    let mut server = Server::start();
    // A second admin key, used once, then revoked.
    let created = send(
        &server,
        Request::new("POST", "/api/v1/api-keys")
            .bearer(ADMIN_KEY)
            .json(&json!({ "name": "temporary" })),
    );
    assert_eq!(created.status, 201, "{}", created.text());
    let created = created.json();
    let (temp_id, temp_secret) = (
        created["id"].as_str().unwrap().to_owned(),
        created["secret"].as_str().unwrap().to_owned(),
    );
    let list = send(
        &server,
        Request::new("GET", "/api/v1/leads").bearer(&temp_secret),
    );
    assert_eq!(list.status, 200, "the new key works before it is revoked");
    let revoked = send(
        &server,
        Request::new("DELETE", format!("/api/v1/api-keys/{temp_id}")).bearer(ADMIN_KEY),
    );
    assert_eq!(revoked.status, 204, "{}", revoked.text());
    let listed = send(
        &server,
        Request::new("GET", "/api/v1/api-keys").bearer(ADMIN_KEY),
    );
    assert!(
        !listed.text().contains(&temp_secret) && !listed.text().contains(ADMIN_KEY),
        "key listings never show secrets"
    );

    let wrong_credentials: Vec<(&str, Option<String>)> = vec![
        ("no Authorization", None),
        (
            "wrong key",
            Some("Bearer wrong-key-0123456789abcdef".into()),
        ),
        ("revoked key", Some(format!("Bearer {temp_secret}"))),
        ("widget key", Some("Bearer demo".into())),
        ("empty bearer", Some("Bearer ".into())),
        ("basic auth", Some(format!("Basic {ADMIN_KEY}"))),
        (
            "key prefix",
            Some(format!("Bearer {}", &ADMIN_KEY[..ADMIN_KEY.len() - 1])),
        ),
        ("key plus suffix", Some(format!("Bearer {ADMIN_KEY}x"))),
        (
            "two keys",
            Some(format!("Bearer wrong, Bearer {ADMIN_KEY}")),
        ),
        ("SQL", Some("Bearer ' OR '1'='1".into())),
    ];
    for request in admin_routes() {
        for (what, authorization) in &wrong_credentials {
            let mut request = request.clone();
            if let Some(value) = authorization {
                request = request.header("Authorization", value);
            }
            let response = send(&server, request.clone());
            let label = format!(
                "{} {} with {what}",
                request.method,
                String::from_utf8_lossy(&request.target)
            );
            assert_problem(&response, 401, "unauthorized", &label);
            assert!(
                response
                    .header("www-authenticate")
                    .is_some_and(|v| v.starts_with("Bearer")),
                "{label}: no WWW-Authenticate"
            );
        }
    }
    // Nothing was changed by the refused requests.
    let keys = send(
        &server,
        Request::new("GET", "/api/v1/widget-keys").bearer(ADMIN_KEY),
    );
    assert_eq!(keys.status, 200);
    let keys = keys.json();
    assert_eq!(
        keys.as_array().map(Vec::len),
        Some(1),
        "only the demo key: {keys}"
    );
    assert_eq!(keys[0]["key"], "demo");
    // The public view of a widget key shows what the widget renders (owner, consent, lead
    // capture, the call to action, the accent colour, whether the loader counts the funnel),
    // nothing only an admin sees (origins, webhook, scopes).
    let public = send(&server, Request::new("GET", "/api/v1/widget-config/demo")).json();
    let mut fields: Vec<&str> = public
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "accent",
            "analytics",
            "booking_url",
            "consent_text",
            "cta_style",
            "cta_text",
            "key",
            "lead_capture",
            "owner_name"
        ]
    );
    server.assert_alive("refused admin requests");
}

#[test]
fn cors_refuses_unlisted_origins() {
    let server = Server::start();
    let own = format!("http://127.0.0.1:{}", server.addr().port());
    let submission = lead(server.addr(), "demo", "Ana", "ana@example.com", "ACME");

    // Allowed origin: the response names it.
    let ok = send(
        &server,
        Request::new("POST", "/api/v1/leads")
            .header("Origin", &own)
            .json(&submission),
    );
    assert_eq!(ok.status, 201, "{}", ok.text());
    assert_eq!(ok.header("access-control-allow-origin"), Some(own.as_str()));

    for origin in [
        "https://evil.example",
        "null",
        "http://127.0.0.1.evil.example",
        &format!("{own}.evil.example"),
        &format!("{own}/"),
        "HTTP://127.0.0.1",
    ] {
        let response = send(
            &server,
            Request::new("POST", "/api/v1/leads")
                .header("Origin", origin)
                .json(&submission),
        );
        assert_problem(
            &response,
            403,
            "origin-not-allowed",
            &format!("POST /leads from {origin}"),
        );
        assert_eq!(
            response.header("access-control-allow-origin"),
            None,
            "{origin}"
        );
        let preflight = send(
            &server,
            Request::new("OPTIONS", "/api/v1/leads")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"),
        );
        assert!(
            preflight.status >= 400 && preflight.header("access-control-allow-origin").is_none(),
            "preflight from {origin}: {} {:?}",
            preflight.status,
            preflight.headers
        );
        let config = send(
            &server,
            Request::new("GET", "/api/v1/widget-config/demo").header("Origin", origin),
        );
        assert_problem(
            &config,
            403,
            "origin-not-allowed",
            &format!("widget-config from {origin}"),
        );
    }
    // Admin data is never offered to a browser origin, even with a valid key.
    for origin in [own.as_str(), "https://evil.example"] {
        let response = send(
            &server,
            Request::new("GET", "/api/v1/leads")
                .bearer(ADMIN_KEY)
                .header("Origin", origin),
        );
        assert_eq!(
            response.header("access-control-allow-origin"),
            None,
            "admin GET from {origin}"
        );
        assert_ne!(
            response.header("access-control-allow-credentials"),
            Some("true")
        );
    }
}

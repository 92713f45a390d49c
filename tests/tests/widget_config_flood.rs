//! One client cannot switch a site's widget off: a flood of widget-config requests without
//! `Origin` from another address leaves a real browser's widget loading normally, and when the
//! browser itself is rate limited the widget keeps the questionnaire usable and loads the site
//! owner's settings once it may.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use annexa_e2e::browser::{Browser, skipped};
use annexa_e2e::browser_host::{HostSite, host_page, widget_server};
use annexa_e2e::http_client::Request;
use annexa_e2e::server::Server;
use serde_json::json;

const ATTACKER: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

fn server_with_key(origin: &str, ip_per_minute: &str) -> Server {
    widget_server(
        &[
            "--rate-limit-ip",
            ip_per_minute,
            "--rate-limit-widget-key",
            "5",
        ],
        &json!({
            "key": "flood-site",
            "owner_name": "Flood Consulting",
            "allowed_origins": [origin],
        }),
    )
}

/// The owner's name on the start screen: the settings were loaded.
const OWNER: &str = "const r = document.getElementById('w').shadowRoot; \
    if (!r) return null; \
    if (r.querySelector('[role=alert], .error-box')) return 'error: ' + r.textContent; \
    const owner = r.querySelector('.owner'); \
    return owner ? owner.textContent : null;";

/// The start screen, with or without the owner's settings.
const START: &str = "const r = document.getElementById('w').shadowRoot; \
    return r && r.querySelector('[data-action=start]') ? true : null;";

fn page(site: &HostSite, server: &Server) {
    site.set_page(
        "/",
        host_page(
            &server.base_url(),
            r#"<annexa-readiness id="w" data-key="flood-site"></annexa-readiness>"#,
        ),
    );
}

#[test]
fn a_config_flood_without_origin_does_not_stop_the_widget() {
    if skipped() {
        return;
    }
    let site = HostSite::start();
    let server = server_with_key(&site.origin(), "60");
    // 200 requests for the key's settings, no Origin, from another address: far past both the
    // attacker's own per-address limit and the key's lead budget of 5 per minute.
    let statuses: Vec<u16> = (0..200)
        .map(|_| {
            Request::new("GET", "/api/v1/widget-config/flood-site")
                .from_source(ATTACKER)
                .send(server.addr())
                .expect("flood request")
                .status
        })
        .collect();
    assert!(
        statuses.contains(&429),
        "the attacker is limited: {statuses:?}"
    );
    page(&site, &server);
    let browser = Browser::start();
    browser.goto(&site.url("/"));
    let owner = browser.wait_for("the owner's settings", OWNER, Duration::from_secs(30));
    assert_eq!(owner, "Flood Consulting");
}

#[test]
fn a_rate_limited_browser_gets_the_questionnaire_and_the_settings_later() {
    if skipped() {
        return;
    }
    let site = HostSite::start();
    // 6 per minute: one request every 10 s once the burst is spent.
    let server = server_with_key(&site.origin(), "6");
    page(&site, &server);
    let browser = Browser::start();
    // Spend this address's budget on another route, so that the only 429s of the settings
    // route are the browser's own.
    for _ in 0..10 {
        Request::new("GET", "/api/v1/catalog")
            .send(server.addr())
            .expect("request");
    }
    browser.goto(&site.url("/"));
    browser.wait_for("the start screen", START, Duration::from_secs(20));
    let owner = browser.wait_for("the owner's settings", OWNER, Duration::from_secs(45));
    assert_eq!(owner, "Flood Consulting");
    let metrics = Request::new("GET", "/metrics")
        .send(server.addr())
        .expect("metrics")
        .text();
    assert!(
        metrics.contains(
            "annexa_http_requests_total{method=\"GET\",route=\"/api/v1/widget-config/{key}\",status=\"429\"}"
        ),
        "the browser was refused at least once before it loaded the settings:\n{metrics}"
    );
}

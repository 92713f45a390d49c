//! Prometheus metrics (request counts and latency per route, leads created), one log line per
//! request, and the `X-Request-Id` response header.
//!
//! Routes are recorded by their pattern (`/api/v1/leads/{id}`), never by the concrete path, so the
//! number of series stays bounded and no lead id ends up in metrics.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use tracing_actix_web::RequestId;

use super::AppState;
use crate::store::certificates::KeptStats;

/// Upper bounds of the latency histogram buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// The server's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<(String, String), Histogram>>,
    leads_created: AtomicU64,
    leads_purged: AtomicU64,
}

impl Metrics {
    /// Records one finished request.
    pub fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut requests) = self.requests.lock() {
            *requests
                .entry((method.to_owned(), route.to_owned(), status))
                .or_default() += 1;
        }
        if let Ok(mut latency) = self.latency.lock() {
            let histogram = latency
                .entry((method.to_owned(), route.to_owned()))
                .or_default();
            histogram.count += 1;
            histogram.sum += seconds;
            for (bound, count) in BUCKETS.iter().zip(histogram.counts.iter_mut()) {
                if seconds <= *bound {
                    *count += 1;
                }
            }
        }
    }

    /// Counts one stored lead.
    pub fn lead_created(&self) {
        self.leads_created.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts leads erased by the retention job.
    pub fn leads_purged(&self, count: u64) {
        self.leads_purged.fetch_add(count, Ordering::Relaxed);
    }

    /// The Prometheus text exposition (version 0.0.4).
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP annexa_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE annexa_http_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((method, route, status), count) in requests.iter() {
                let _ = writeln!(
                    out,
                    "annexa_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {count}",
                    escape(route)
                );
            }
        }
        out.push_str(
            "# HELP annexa_http_request_duration_seconds HTTP request latency by route.\n",
        );
        out.push_str("# TYPE annexa_http_request_duration_seconds histogram\n");
        if let Ok(latency) = self.latency.lock() {
            for ((method, route), histogram) in latency.iter() {
                let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
                for (bound, count) in BUCKETS.iter().zip(histogram.counts.iter()) {
                    let _ = writeln!(
                        out,
                        "annexa_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                    );
                }
                let _ = writeln!(
                    out,
                    "annexa_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                    histogram.count
                );
                let _ = writeln!(
                    out,
                    "annexa_http_request_duration_seconds_sum{{{labels}}} {}",
                    histogram.sum
                );
                let _ = writeln!(
                    out,
                    "annexa_http_request_duration_seconds_count{{{labels}}} {}",
                    histogram.count
                );
            }
        }
        out.push_str("# HELP annexa_leads_created_total Leads stored since the server started.\n");
        out.push_str("# TYPE annexa_leads_created_total counter\n");
        let _ = writeln!(
            out,
            "annexa_leads_created_total {}",
            self.leads_created.load(Ordering::Relaxed)
        );
        out.push_str(
            "# HELP annexa_leads_purged_total Leads erased by the retention job since the server started.\n",
        );
        out.push_str("# TYPE annexa_leads_purged_total counter\n");
        let _ = writeln!(
            out,
            "annexa_leads_purged_total {}",
            self.leads_purged.load(Ordering::Relaxed)
        );
        out
    }
}

/// The registry's kept lookups (`docs/DEPLOYMENT.md`, "Certificate lookups kept in memory").
pub fn render_kept_lookups(out: &mut String, stats: &KeptStats) {
    out.push_str(
        "# HELP annexa_registry_lookups_total Certificate lookups since the server started, answered from memory (kept) or by the database.\n",
    );
    out.push_str("# TYPE annexa_registry_lookups_total counter\n");
    let _ = writeln!(
        out,
        "annexa_registry_lookups_total{{answer=\"kept\"}} {}",
        stats.served
    );
    let _ = writeln!(
        out,
        "annexa_registry_lookups_total{{answer=\"database\"}} {}",
        stats.asked
    );
    out.push_str(
        "# HELP annexa_registry_lookup_queries_total Statements sent to the database for the lookups it answered: one each on SQLite; on PostgreSQL fewer, when lookups asked at the same time went together.\n",
    );
    out.push_str("# TYPE annexa_registry_lookup_queries_total counter\n");
    let _ = writeln!(
        out,
        "annexa_registry_lookup_queries_total {}",
        stats.queries
    );
    out.push_str(
        "# HELP annexa_registry_lookups_kept 1 while lookups are kept in memory (always on SQLite; on PostgreSQL while this instance listens for the registry's changes), else 0.\n",
    );
    out.push_str("# TYPE annexa_registry_lookups_kept gauge\n");
    let _ = writeln!(out, "annexa_registry_lookups_kept {}", u8::from(stats.live));
    out.push_str("# HELP annexa_registry_kept_records Certificate records kept in memory.\n");
    out.push_str("# TYPE annexa_registry_kept_records gauge\n");
    let _ = writeln!(out, "annexa_registry_kept_records {}", stats.records);
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Middleware: times the request, records and logs it under its route pattern and adds
/// `X-Request-Id`.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let method = req.method().to_string();
    let mut response = next.call(req).await?;
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| String::from("unmatched"));
    let status = response.status().as_u16();
    let seconds = started.elapsed().as_secs_f64();
    if let Some(state) = state {
        state.metrics.record(&method, &route, status, seconds);
    }
    // One structured line per request, inside the request's span (so with its request id).
    tracing::info!(
        method = %method,
        route = %route,
        status,
        duration_ms = seconds * 1000.0,
        "request"
    );
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), id);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_and_buckets() {
        let metrics = Metrics::default();
        metrics.record("GET", "/healthz", 200, 0.002);
        metrics.record("GET", "/healthz", 200, 0.2);
        metrics.lead_created();
        let text = metrics.render();
        assert!(text.contains(
            "annexa_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "annexa_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"0.0025\"} 1"
        ));
        assert!(text.contains("annexa_leads_created_total 1"));
    }

    #[test]
    fn renders_the_kept_lookups() {
        let mut text = String::new();
        let stats = KeptStats {
            live: true,
            records: 12,
            served: 40,
            asked: 3,
            queries: 2,
        };
        render_kept_lookups(&mut text, &stats);
        for line in [
            "annexa_registry_lookups_total{answer=\"kept\"} 40",
            "annexa_registry_lookups_total{answer=\"database\"} 3",
            "annexa_registry_lookup_queries_total 2",
            "annexa_registry_lookups_kept 1",
            "annexa_registry_kept_records 12",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "{line} missing from {text}"
            );
        }
    }
}

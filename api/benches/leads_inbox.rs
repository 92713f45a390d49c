//! The leads inbox at scale: seed N fictitious leads (default 100,000), then time the store's
//! list call as the console makes it — the first page (25 leads, newest first, with the total),
//! a search (`q`), a filter (status, band, tier), each sort — and report p50 / p95 / p99 / max.
//!
//! ```text
//! cargo bench -p annexa-api --bench leads_inbox
//! ANNEXA_BENCH_LEADS=100000 ANNEXA_BENCH_DB=/tmp/leads.db cargo bench -p annexa-api --bench leads_inbox
//! ```
//!
//! `ANNEXA_BENCH_DB=path` keeps the database (and reuses it when it already holds the leads);
//! otherwise a temporary file is used. `ANNEXA_BENCH_DATABASE_URL=postgres://…` runs on
//! PostgreSQL instead (an empty database, or one seeded by an earlier run). Timed in-process
//! (no HTTP), one call at a time, `ANNEXA_BENCH_QUERIES` calls of each kind (default 50).

use std::time::Instant;

use annexa_api::store::leads::{
    self, Consent, Contact, LeadFilter, LeadSort, NewLead, SalesStatus, SortDirection,
};
use annexa_api::store::{self, Location};
use annexa_shared::{AnswersDocument, Band, Mode, QUESTIONNAIRE_VERSION};

#[path = "support/mod.rs"]
mod support;
use support::{env_u64, mix, percentiles};

const FIRST: [&str; 8] = ["Ana", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal"];
const LAST: [&str; 6] = ["Lopez", "Berg", "Okafor", "Novak", "Sato", "Meyer"];
const COMPANY: [&str; 7] = [
    "Foods", "Freight", "Payroll", "Clinic", "Studio", "Labs", "Bank",
];
const BANDS: [Band; 5] = [
    Band::NotReady,
    Band::Early,
    Band::Progressing,
    Band::NearlyReady,
    Band::Ready,
];

fn main() {
    let count = env_u64("ANNEXA_BENCH_LEADS", 100_000);
    let queries = env_u64("ANNEXA_BENCH_QUERIES", 50) as usize;
    let temp = tempfile::tempdir().expect("temporary directory");
    let location = match std::env::var("ANNEXA_BENCH_DATABASE_URL") {
        Ok(url) => Location::parse(&url).expect("database URL"),
        Err(_) => Location::Sqlite(
            std::env::var_os("ANNEXA_BENCH_DB")
                .map(Into::into)
                .unwrap_or_else(|| temp.path().join("leads.db")),
        ),
    };
    actix_web::rt::System::new().block_on(async move {
        let pool = store::connect(&location).await.expect("open database");
        let present = leads::list(&pool, &LeadFilter::default())
            .await
            .expect("count")
            .total;
        // The documents of a real (empty) quick assessment: rows the size the server writes.
        let document = AnswersDocument {
            questionnaire_version: QUESTIONNAIRE_VERSION.into(),
            mode: Mode::Quick,
            profile: Default::default(),
            answers: Default::default(),
        };
        let report = annexa_shared::score(&document).expect("score");
        let qualification = annexa_shared::qualify_lead(
            &document.profile,
            &report,
            annexa_shared::Date::new(2026, 12, 1).expect("day"),
        );
        let answers_json = serde_json::to_string(&document).expect("json");
        let report_json = serde_json::to_string(&report).expect("json");
        let qualification_json = serde_json::to_string(&qualification).expect("json");
        let started = Instant::now();
        for n in present..count {
            let r = mix(n);
            let first = FIRST[(r % 8) as usize];
            let last = LAST[((r >> 8) % 6) as usize];
            // Received over about a year, a few seconds apart.
            let seconds = 1_764_000_000 + n as i64 * 300 + (r >> 20) as i64 % 300;
            let at =
                store::timestamp(time::OffsetDateTime::from_unix_timestamp(seconds).expect("time"));
            let lead = NewLead {
                id: format!("bench-{n:08}"),
                widget_key: format!("wk_{}", (r >> 16) % 5),
                created_at: at.clone(),
                contact: Contact {
                    name: format!("{first} {last} Fictitious {n}"),
                    email: format!(
                        "{}.{}{n}@example.com",
                        first.to_lowercase(),
                        last.to_lowercase()
                    ),
                    company: format!("Fictitious {} {n} Ltd", COMPANY[((r >> 24) % 7) as usize]),
                },
                consent: Consent {
                    text: "You may contact me about my report.".into(),
                    agreed_at: at,
                },
                questionnaire_version: QUESTIONNAIRE_VERSION.into(),
                mode: "quick".into(),
                answers_json: answers_json.clone(),
                report_json: report_json.clone(),
                overall: ((r >> 32) % 1000) as f64 / 10.0,
                tier: ["A", "B", "C"][((r >> 40) % 3) as usize].into(),
                band: BANDS[((r >> 44) % 5) as usize],
                qualification_json: qualification_json.clone(),
            };
            leads::insert(&pool, &lead, None).await.expect("insert");
            if (r >> 48).is_multiple_of(10) {
                leads::set_status(&pool, &lead.id, SalesStatus::Contacted, "bench")
                    .await
                    .expect("status");
            }
        }
        if present < count {
            eprintln!(
                "seeded {} leads in {:.1} s",
                count - present,
                started.elapsed().as_secs_f64()
            );
        }
        let cases: Vec<(&str, LeadFilter)> = vec![
            ("first page (newest first, total)", LeadFilter::default()),
            (
                "search q=\"okafor\"",
                LeadFilter {
                    q: Some("okafor".into()),
                    ..LeadFilter::default()
                },
            ),
            (
                "search q=\"freight 4\"",
                LeadFilter {
                    q: Some("freight 4".into()),
                    ..LeadFilter::default()
                },
            ),
            (
                "search q=\"ok\" (too short for trigrams)",
                LeadFilter {
                    q: Some("ok".into()),
                    ..LeadFilter::default()
                },
            ),
            (
                "filter status=contacted",
                LeadFilter {
                    status: Some(SalesStatus::Contacted),
                    ..LeadFilter::default()
                },
            ),
            (
                "filter band=nearly_ready, tier=A",
                LeadFilter {
                    band: Some(Band::NearlyReady),
                    tier: Some("A".into()),
                    ..LeadFilter::default()
                },
            ),
            (
                "sort company A-Z",
                LeadFilter {
                    sort: Some(LeadSort::Company),
                    ..LeadFilter::default()
                },
            ),
            (
                "sort company Z-A",
                LeadFilter {
                    sort: Some(LeadSort::Company),
                    direction: Some(SortDirection::Desc),
                    ..LeadFilter::default()
                },
            ),
            (
                "sort score high-low",
                LeadFilter {
                    sort: Some(LeadSort::Score),
                    direction: Some(SortDirection::Desc),
                    ..LeadFilter::default()
                },
            ),
            (
                "sort tier",
                LeadFilter {
                    sort: Some(LeadSort::Tier),
                    ..LeadFilter::default()
                },
            ),
            (
                "page 200 (newest first)",
                LeadFilter {
                    page: Some(200),
                    ..LeadFilter::default()
                },
            ),
        ];
        println!("{count} leads on {}", location.display());
        for (name, filter) in cases {
            let filter = LeadFilter {
                per_page: Some(25),
                ..filter
            };
            let mut samples = Vec::with_capacity(queries);
            let mut total = 0;
            for _ in 0..queries {
                let at = Instant::now();
                let page = leads::list(&pool, &filter).await.expect("list");
                samples.push(at.elapsed());
                total = page.total;
            }
            println!("{name:<36} {}  [{total} matching]", percentiles(samples));
        }
        pool.close().await;
    });
}

//! Registry benchmark at scale: import N demo records, then time verification by certificate
//! number, name search and scope-text search (p50 / p95 / p99), and report the database size.
//!
//! ```text
//! ANNEXA_BENCH_RECORDS=1000000 cargo bench -p annexa-api --bench registry
//! ```
//!
//! `ANNEXA_BENCH_DB=path` keeps the database (and reuses it when it already holds the records,
//! skipping the import); otherwise a temporary file is used. `ANNEXA_BENCH_DATABASE_URL=
//! postgres://…` runs the same benchmark on PostgreSQL instead (an empty database, or one that
//! holds the first records already; the size reported is `pg_database_size`). `ANNEXA_BENCH_QUERIES` sets how many
//! queries of each kind are timed (default 2000). Timings are measured in-process (no HTTP), one
//! query at a time on a 2-core machine.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use annexa_api::registry::demo;
use annexa_api::registry::service;
use annexa_api::registry::service::import_demo;
use annexa_api::store::certificates::{Criterion, Registry};
use annexa_api::store::{self, Location, Pool};
use annexa_shared::VerificationRequest;
use annexa_shared::verification::ScopeClaim;

#[path = "support/mod.rs"]
mod support;
use support::{env_u64, mix, percentiles};

fn file_size(path: &std::path::Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|suffix| {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            std::fs::metadata(PathBuf::from(p)).ok()
        })
        .map(|m| m.len())
        .sum()
}

fn main() {
    // `cargo bench` passes `--bench`; nothing to parse.
    let records = env_u64("ANNEXA_BENCH_RECORDS", 100_000);
    let queries = env_u64("ANNEXA_BENCH_QUERIES", 2000);
    let temp = tempfile::tempdir().expect("temporary directory");
    let path = std::env::var("ANNEXA_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|_| temp.path().join("registry-bench.db"));
    actix_web::rt::System::new().block_on(async move {
        let location = match std::env::var("ANNEXA_BENCH_DATABASE_URL") {
            Ok(url) => Location::parse(&url).expect("ANNEXA_BENCH_DATABASE_URL"),
            Err(_) => Location::Sqlite(path.clone()),
        };
        let pool = store::connect(&location).await.expect("open database");
        let store = Registry::new(&pool);
        let existing = store.count().await.expect("count");
        if existing < records {
            let started = Instant::now();
            let summary = import_demo(&store, existing, records - existing, "bench")
                .await
                .expect("import");
            let secs = started.elapsed().as_secs_f64();
            println!(
                "import: {} records in {secs:.1} s = {:.0} records/s ({} rejected)",
                summary.rows,
                summary.rows as f64 / secs,
                summary.rejected
            );
        } else {
            println!(
                "import: skipped, {existing} records already in {}",
                location.display()
            );
        }
        let bytes = match &pool {
            Pool::Sqlite(pool, _) => {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(pool)
                    .await
                    .expect("checkpoint");
                file_size(&path)
            }
            Pool::Postgres(pool, ..) => {
                // Fresh planner statistics, as autovacuum would gather shortly after an import.
                let started = Instant::now();
                sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
                println!("analyze: {:.1} s", started.elapsed().as_secs_f64());
                let size: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
                    .fetch_one(pool)
                    .await
                    .expect("database size");
                u64::try_from(size).unwrap_or(0)
            }
        };
        println!(
            "database: {:.0} MB on disk for {records} records ({})",
            bytes as f64 / 1e6,
            location.display()
        );

        // Verify by certificate number: lookup + full verification with a claim.
        let today = annexa_api::clock::today();
        let mut samples = Vec::new();
        for i in 0..queries {
            let n = mix(i) % records;
            let record = demo::record(n);
            let request = VerificationRequest {
                certificate_number: Some(record.certificate_number.clone()),
                claim: ScopeClaim {
                    entity_name: Some(record.entity.name.clone()),
                    activities: vec!["development".into(), "payroll SaaS".into()],
                    sites: Vec::new(),
                },
                ..VerificationRequest::default()
            };
            let started = Instant::now();
            let verified = service::verify_request(&store, &request, today)
                .await
                .expect("verify");
            let id = verified.id();
            let verification = verified.into_verification();
            samples.push(started.elapsed());
            assert!(id.is_some() && verification.certificate.is_some());
        }
        println!("verify by number:  {}", percentiles(samples));

        // Name search: full names, name prefixes, and short prefixes (2–3 letters).
        let mut samples = Vec::new();
        for i in 0..queries {
            let name = demo::record(mix(i + 1_000_000) % records).entity.name;
            let query = match i % 3 {
                0 => name.clone(),
                1 => name.split(' ').next().unwrap_or("a").to_string(),
                _ => name.chars().take(2 + (i as usize % 2)).collect(),
            };
            let criterion = Criterion::Name {
                name: query,
                country: None,
            };
            let started = Instant::now();
            let page = store.search(&criterion, 1, 20).await.expect("search");
            samples.push(started.elapsed());
            assert!(!page.items.is_empty());
        }
        println!("name search:       {}", percentiles(samples));

        // Scope text: frequent words, rarer words, two-word queries and prefixes.
        let texts = [
            "payroll",
            "information security",
            "hosting",
            "development",
            "excluding consulting",
            "penetration testing",
            "Dublin",
            "softw",
            "health record",
            "warehouse management",
            "colocation",
            "merchant onboarding",
        ];
        let mut samples = Vec::new();
        let mut per_text: Vec<Vec<Duration>> = vec![Vec::new(); texts.len()];
        for i in 0..queries {
            let which = i as usize % texts.len();
            let criterion = Criterion::Text(texts[which].to_string());
            let started = Instant::now();
            let page = store.search(&criterion, 1, 20).await.expect("search");
            let elapsed = started.elapsed();
            samples.push(elapsed);
            per_text[which].push(elapsed);
            assert!(!page.items.is_empty());
        }
        println!("scope text search: {}", percentiles(samples));
        for (text, mut times) in texts.iter().zip(per_text) {
            times.sort();
            let median = times[times.len() / 2].as_secs_f64() * 1000.0;
            println!("  q={text:<24} median {median:.3} ms");
        }
    });
}

//! The pure work of `POST /api/v1/assessments/score` on one core, without HTTP: the body of
//! the full-mode mixed fixture (123 answers) read in place, scored and written as JSON —
//! [`annexa_api::assessment::report_json_from_body`], what the route's handler calls — beside
//! the same work on an owned document serialised by serde_json (what the route did before).
//!
//! ```text
//! cargo bench -p annexa-api --bench score_route
//! ANNEXA_BENCH_ITERATIONS=200 valgrind --tool=callgrind target/release/deps/score_route-* route
//! ```
//!
//! With no argument both cases are timed (the median of 200 batches of 50 iterations, in
//! microseconds per iteration); with `route` or `owned` only that case is run
//! `ANNEXA_BENCH_ITERATIONS` times (default 200), untimed, for a profiler.

use std::hint::black_box;
use std::time::Instant;

use annexa_api::assessment::report_json_from_body;
use annexa_shared::{AnswersDocument, score};

const FULL_MIXED: &[u8] = include_bytes!("../../shared/tests/fixtures/full_mixed.answers.json");

/// A case by name: its work returns the report's length.
type Case = (&'static str, fn() -> usize);

/// The route's work: the body in, the report's bytes out.
fn route() -> usize {
    report_json_from_body(black_box(FULL_MIXED))
        .expect("the fixture scores")
        .len()
}

/// The same work as the route did before: an owned document read from the bytes, the report
/// serialised by serde_json into a 16 KiB buffer.
fn owned() -> usize {
    let doc: AnswersDocument = serde_json::from_slice(black_box(FULL_MIXED)).expect("parses");
    let mut bytes = Vec::with_capacity(16 * 1024);
    serde_json::to_writer(&mut bytes, &score(&doc).expect("scores")).expect("serialises");
    bytes.len()
}

/// Median of `batches` batches of `per_batch` runs of `work`, in microseconds per run.
fn median_micros(work: fn() -> usize, batches: usize, per_batch: usize) -> f64 {
    let mut samples: Vec<f64> = (0..batches)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..per_batch {
                black_box(work());
            }
            started.elapsed().as_secs_f64() * 1e6 / per_batch as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; a profiler run names its case.
    let case = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let cases: [Case; 2] = [("route", route), ("owned", owned)];
    assert_eq!(route(), owned(), "the same report length both ways");
    match case.as_deref() {
        Some(name) => {
            let (_, work) = cases
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap_or_else(|| panic!("no case {name}: route or owned"));
            let mut total = 0;
            let iterations: usize = std::env::var("ANNEXA_BENCH_ITERATIONS")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(200);
            for _ in 0..iterations {
                total += work();
            }
            println!("{total}");
        }
        None => {
            for (name, work) in cases {
                median_micros(work, 20, 50); // warm-up
                println!(
                    "{name}: {:.1} µs per request body (median of 200 batches of 50)",
                    median_micros(work, 200, 50)
                );
            }
        }
    }
}

//! The pure work of `POST /api/v1/assessments/score` on one core, without HTTP: the body of
//! the full-mode mixed fixture (123 answers) read, scored and written as JSON —
//! [`annexa_api::assessment::report_json_from_body`], what the route's handler calls — beside
//! the same work on an owned document serialised by serde_json (what the route did before).
//! The route's cases: the fixture again and again; 64 documents of its questions with their
//! answers drawn anew, in turn (each matched against the layout of the one before it); and two
//! layouts in turn (none matched: each read piece by piece).
//!
//! ```text
//! cargo bench -p annexa-api --bench score_route
//! ANNEXA_BENCH_ITERATIONS=200 valgrind --tool=callgrind target/release/deps/score_route-* route
//! ```
//!
//! With no argument every case is timed (the median of 200 batches of 50 iterations, in
//! microseconds per iteration); with a case's name only that case is run
//! `ANNEXA_BENCH_ITERATIONS` times (default 200), untimed, for a profiler.

use std::hint::black_box;
use std::time::Instant;

use annexa_api::assessment::report_json_from_body;
use annexa_shared::{AnswerValue, AnswersDocument, score};

const FULL_MIXED: &[u8] = include_bytes!("../../shared/tests/fixtures/full_mixed.answers.json");

/// A case by name: its work returns the report's length.
type Case = (&'static str, fn() -> usize);

/// The route's work: the body in, the report's bytes out.
fn route() -> usize {
    report_json_from_body(black_box(FULL_MIXED))
        .expect("the fixture scores")
        .len()
}

/// The route's work on documents laid out alike but answered differently, one after another:
/// each matched against the skeleton of the one before it, as one program's documents are.
fn route_answers_varied() -> usize {
    let bodies = varied();
    let next = NEXT.with(|n| n.replace((n.get() + 1) % bodies.len()));
    report_json_from_body(black_box(bodies[next].as_bytes()))
        .expect("a variant scores")
        .len()
}

/// The route's work when each document is laid out otherwise than the one before it (the
/// fixture as it is, then written compactly, in turn): none is matched against a skeleton,
/// and each leaves its own.
fn route_layouts_alternating() -> usize {
    let compact = &varied()[0];
    let first = TURN.with(|t| !t.replace(!t.get()));
    let body = if first {
        FULL_MIXED
    } else {
        compact.as_bytes()
    };
    report_json_from_body(black_box(body))
        .expect("scores")
        .len()
}

thread_local! {
    /// The next of the 64 documents.
    static NEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Whether the compact layout came last.
    static TURN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The fixture 64 times, compactly written, its answers' codes but `not_applicable` shuffled
/// among its questions (as many of each as it has, so reports of about its size; a seeded
/// shuffle, as `scripts/load/score-variants.py` does for the load runs).
fn varied() -> &'static [String] {
    static VARIED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    VARIED.get_or_init(|| {
        let mut doc: AnswersDocument = serde_json::from_slice(FULL_MIXED).expect("parses");
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        (0..64)
            .map(|_| {
                let mut answers: Vec<_> = (doc.answers.values_mut())
                    .filter(|a| a.value != AnswerValue::NotApplicable)
                    .collect();
                // Fisher–Yates over the codes, with xorshift: any spread will do.
                for i in (1..answers.len()).rev() {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let j = (state % (i as u64 + 1)) as usize;
                    let (a, b) = (answers[i].value, answers[j].value);
                    answers[i].value = b;
                    answers[j].value = a;
                }
                serde_json::to_string(&doc).expect("serialises")
            })
            .collect()
    })
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
    let cases: [Case; 4] = [
        ("route", route),
        ("route-answers-varied", route_answers_varied),
        ("route-layouts-alternating", route_layouts_alternating),
        ("owned", owned),
    ];
    assert_eq!(route(), owned(), "the same report length both ways");
    match case.as_deref() {
        Some(name) => {
            let (_, work) = cases
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap_or_else(|| panic!("no case {name}: {:?}", cases.map(|(n, _)| n)));
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

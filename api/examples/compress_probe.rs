//! What each coder costs on the score route's answer: the full questionnaire's report
//! compressed 2,000 times per setting, time per run and bytes out (docs/BENCHMARKS.md, issue
//! 17's nineteenth round, on why the app compresses with zstd or gzip at level 1).
//!
//! ```text
//! cargo run --release -p annexa-api --example compress_probe
//! ```

use std::io::Write;
use std::time::Instant;

use annexa_api::assessment::report_json_from_body;
use annexa_api::http::compress::Coding;

const FULL_MIXED: &[u8] = include_bytes!("../../shared/tests/fixtures/full_mixed.answers.json");
const RUNS: u32 = 2_000;

/// Runs `encode` `RUNS` times: µs per run and the bytes of the last.
fn measure(encode: impl Fn() -> usize) -> (f64, usize) {
    let start = Instant::now();
    let mut bytes = 0;
    for _ in 0..RUNS {
        bytes = std::hint::black_box(encode());
    }
    (start.elapsed().as_secs_f64() * 1e6 / f64::from(RUNS), bytes)
}

fn main() {
    let report = match report_json_from_body(FULL_MIXED) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("compress_probe: the fixture does not score: {error}");
            std::process::exit(1);
        }
    };
    println!("the report: {} bytes", report.len());
    let brotli = |quality: u32, window: u32| {
        let mut out = Vec::new();
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, quality, window);
        let _ = writer.write_all(&report);
        drop(writer);
        out.len()
    };
    let mut rows: Vec<(String, (f64, usize))> = vec![
        (
            "brotli quality 3, window 2^22 (actix's Compress)".into(),
            measure(|| brotli(3, 22)),
        ),
        ("brotli quality 1".into(), measure(|| brotli(1, 18))),
    ];
    for level in [1, 3] {
        rows.push((
            format!("zstd level {level}, new context each time"),
            measure(|| zstd::bulk::compress(&report, level).map_or(0, |o| o.len())),
        ));
    }
    rows.push((
        "zstd level 1, context kept (the app's)".into(),
        measure(|| Coding::Zstd.encode(&report).map_or(0, |o| o.len())),
    ));
    rows.push((
        "gzip level 1, flate2 on zlib-rs (the app's)".into(),
        measure(|| Coding::Gzip.encode(&report).map_or(0, |o| o.len())),
    ));
    println!("| coder | µs | bytes |\n|---|---:|---:|");
    for (name, (micros, bytes)) in rows {
        println!("| {name} | {micros:.1} | {bytes} |");
    }
}

//! Bounded fuzz campaign for certificate import rows (CSV and JSON Lines): a deterministic
//! mutation fuzzer (fixed seed, fixed case count — nightly cargo-fuzz is not available here)
//! seeded with the committed corpus `tests/corpus/import/*`. Inputs are mutated (byte flips,
//! inserted quotes, commas, line breaks, NUL and invalid UTF-8, truncation, duplicated lines)
//! and fed in random chunks — boundaries fall inside quoted fields and inside UTF-8 sequences.
//!
//! Properties: the splitter, the CSV field parser, the header and row readers and the JSON
//! record reader never panic; how the input is chunked never changes the records read; and the
//! real streamed import into SQLite reports every row exactly once, in line order, with a
//! reason for every rejection and counts that add up.

use std::path::PathBuf;

use annexa_api::registry::Registry;
use annexa_api::registry::csv::{RawRecord, RecordSplitter, parse_fields};
use annexa_api::registry::flat::Header;
use annexa_api::registry::import::{ImportFormat, Importer, RowStatus};
use annexa_shared::CertificateRecord;

/// Mutated inputs per corpus file for the pure readers, and for the SQLite import.
const PURE_CASES: usize = 2_000;
const IMPORT_CASES: usize = 40;

/// xorshift64*: tiny, deterministic, good enough to drive mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b"\n",
    b"\r\n",
    b"\r",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe2\x82",
    b"\xef\xbb\xbf",
    b"=cmd|' /C calc'!A0",
    b"' OR '1'='1",
    b"{",
    b"}",
    b"[",
    b"]",
    b"null",
    b"\\u0000",
    b"\\ud800",
    b"9999-99-99",
    b"2026-02-29",
    b"active",
    b"expired",
    b"ISO/IEC 27001:2013",
    b"site_1_city",
    b"site_101_city",
    b"\xf0\x9f\x9a\x80",
    b"e\xcc\x81",
    b"\t",
    b" ",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(6) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 => {
                if let Some(byte) = out.get_mut(at) {
                    *byte ^= 1 << rng.below(8);
                }
            }
            1 | 2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            3 => {
                let end = (at + rng.below(40)).min(out.len());
                out.drain(at..end);
            }
            4 => out.truncate(at),
            5 => {
                // Duplicate a line.
                let start = out[..at]
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |i| i + 1);
                let end = out[at..]
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(out.len(), |i| at + i + 1);
                let line = out[start..end].to_vec();
                out.splice(end..end, line);
            }
            _ => {
                if let Some(byte) = out.get_mut(at) {
                    *byte = TOKENS[rng.below(TOKENS.len())][0];
                }
            }
        }
    }
    out
}

/// Random chunk boundaries.
fn chunks(rng: &mut Rng, input: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = input;
    while !rest.is_empty() {
        let small = rng.below(4) == 0;
        let n = 1 + rng.below(if small { 3 } else { 200 });
        let (head, tail) = rest.split_at(n.min(rest.len()));
        out.push(head.to_vec());
        rest = tail;
    }
    out
}

fn split(csv: bool, pieces: &[Vec<u8>]) -> Vec<RawRecord> {
    let mut splitter = RecordSplitter::new(csv);
    let mut records = Vec::new();
    for piece in pieces {
        splitter.feed(piece, &mut records);
    }
    splitter.finish(&mut records);
    records
}

/// Reads `input` like the importer does, without storage. Never panics.
fn read_all(csv: bool, records: &[RawRecord]) -> Vec<Result<CertificateRecord, String>> {
    let mut header: Option<Result<Header, String>> = None;
    let mut rows = Vec::new();
    for raw in records {
        let Ok(text) = &raw.text else {
            rows.push(Err("unreadable".into()));
            continue;
        };
        if csv {
            match &header {
                None => header = Some(parse_fields(text).and_then(Header::parse)),
                Some(Ok(h)) => rows.push(parse_fields(text).and_then(|f| h.record(&f))),
                Some(Err(e)) => rows.push(Err(e.clone())),
            }
        } else {
            rows.push(serde_json::from_str::<CertificateRecord>(text).map_err(|e| e.to_string()));
        }
    }
    for record in rows.iter().flatten() {
        let _ = record.validate();
        let _ = serde_json::to_string(record).expect("an accepted record serialises");
    }
    rows
}

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/import");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 6, "the import corpus is committed");
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

fn is_csv(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "csv")
}

#[test]
fn readers_never_panic_and_chunking_never_changes_the_records() {
    let mut rng = Rng(0x5EED_2026_1129);
    let mut accepted = 0;
    for (path, seed) in corpus() {
        let csv = is_csv(&path);
        for case in 0..PURE_CASES {
            let input = if case == 0 {
                seed.clone()
            } else {
                mutate(&mut rng, &seed)
            };
            let whole = split(csv, std::slice::from_ref(&input));
            let pieces = chunks(&mut rng, &input);
            let chunked = split(csv, &pieces);
            assert_eq!(
                whole,
                chunked,
                "{} case {case}: chunking changed the records of {:?}",
                path.display(),
                String::from_utf8_lossy(&input)
            );
            assert!(
                whole.windows(2).all(|w| w[0].line < w[1].line),
                "{}: line numbers not increasing",
                path.display()
            );
            accepted += read_all(csv, &whole).iter().filter(|r| r.is_ok()).count();
        }
    }
    // The campaign reaches the record reader, not only the refusals.
    assert!(accepted >= 200, "only {accepted} rows were read as records");
}

#[actix_web::test]
async fn streamed_import_reports_every_row_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let pool = annexa_api::store::open(&dir.path().join("fuzz.db"))
        .await
        .unwrap();
    let store = Registry::new(&pool);
    let mut rng = Rng(0xF0F0_1234_ABCD);
    for (path, seed) in corpus() {
        let format = if is_csv(&path) {
            ImportFormat::Csv
        } else {
            ImportFormat::Jsonl
        };
        for case in 0..IMPORT_CASES {
            let input = if case == 0 {
                seed.clone()
            } else {
                mutate(&mut rng, &seed)
            };
            let mut importer = Importer::new(&store, format, "fuzz", "fuzz");
            let mut reports = Vec::new();
            for piece in chunks(&mut rng, &input) {
                importer
                    .feed(&piece)
                    .await
                    .expect("feeding never fails on bad input");
                reports.extend(importer.drain_reports());
            }
            let summary = importer
                .finish()
                .await
                .expect("finishing never fails on bad input");
            reports.extend(importer.drain_reports());
            let what = format!(
                "{} case {case}: {:?}",
                path.display(),
                String::from_utf8_lossy(&input)
            );
            assert!(
                reports.windows(2).all(|w| w[0].line < w[1].line),
                "{what}: reports out of order or repeated: {reports:?}"
            );
            assert_eq!(
                summary.created + summary.updated + summary.unchanged + summary.rejected,
                reports.len() as u64,
                "{what}: counts {summary:?} vs {} reports",
                reports.len()
            );
            for report in &reports {
                assert!(report.line >= 1, "{what}");
                match report.status {
                    RowStatus::Rejected => assert!(
                        report.reason.as_deref().is_some_and(|r| !r.is_empty()),
                        "{what}: rejection without a reason"
                    ),
                    _ => assert!(report.id.is_some(), "{what}: written row without id"),
                }
            }
        }
    }
}

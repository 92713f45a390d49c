//! Reads the scope texts of certificate records, as a verification of a record the server has not
//! kept does, for profilers; and prints every reading, to check that a change to the scope reader
//! reads every text as before.
//!
//! ```sh
//! cargo build --release -p annexa-api --bin annexa
//! target/release/annexa certs demo --count 2000 --out /tmp/demo.jsonl
//! cargo build --release -p annexa-shared --example read_scopes
//! # Instructions per record: callgrind's total ÷ the number of records (parsing them is a few %).
//! valgrind --tool=callgrind target/release/examples/read_scopes /tmp/demo.jsonl
//! # Every reading (of the records, the scope corpus and 6,000 generated texts), to compare
//! # before and after a change with cmp:
//! target/release/examples/read_scopes --print /tmp/demo.jsonl > readings.txt
//! ```
//!
//! The generated texts are strings of the words, markers, cues, labels, bullets and punctuation
//! the reader looks for, drawn by a fixed-seed generator, so the same on every run.
use annexa_shared::CertificateRecord;
use annexa_shared::verification::RecordReading;
use std::io::Write;

/// The words and signs the generated texts are made of.
const POOL: &str = "not no none only solely excluding except exception of the scope out \
    excluded is are does do extend to include includes covered included part form limited \
    restricted n a / applicable with but while whereas however and or , ; : . ( ) [ ] \n \n\n - • \
    1) 2) 3. (a) (b) b) i) ii) iv. hosting payroll software services development support Cork \
    Leeds Spain customers clients in at from office site sites data centre centres Fictitious \
    Group plc Ltd GmbH certificate this it isms all activities whole organisation entire company \
    IT US APIs SaaS software as a service human resources e g. excl. No. other than save for bar \
    minus sans hors sauf nicht ausgenommen uitgezonderd escluso ad esclusione di which that who \
    as certified within outside beyond unless pending doesn't isn't cannot non-production \
    Zürich café Genève";

/// How many texts `--print` generates.
const GENERATED: usize = 6000;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let print = args.first().is_some_and(|a| a == "--print");
    if print {
        args.remove(0);
    }
    let Some(path) = args.first() else {
        eprintln!("usage: read_scopes [--print] RECORDS.jsonl");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("read_scopes: cannot read {path}: {e}");
        std::process::exit(2);
    });
    let mut records: Vec<CertificateRecord> = Vec::new();
    for (n, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        match serde_json::from_str(line) {
            Ok(record) => records.push(record),
            Err(e) => {
                eprintln!("read_scopes: {path}, record {}: {e}", n + 1);
                std::process::exit(2);
            }
        }
    }
    if records.is_empty() {
        eprintln!("read_scopes: {path} holds no record");
        std::process::exit(2);
    }
    if print {
        let frame = records[0].clone();
        records.extend(corpus_scopes().map(|(scope, holder)| {
            let mut record = frame.clone();
            record.scope = scope;
            record.entity.name = holder;
            record
        }));
        records.extend(generated_texts().map(|scope| CertificateRecord {
            scope,
            ..frame.clone()
        }));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for record in &records {
        let reading = RecordReading::of(std::hint::black_box(record));
        assert!(std::hint::black_box(&reading).is_of(record));
        if print {
            writeln!(out, "{reading:?}").expect("stdout");
        }
    }
    eprintln!("{} records read", records.len());
}

/// The scope corpus's statements, with their holders.
fn corpus_scopes() -> impl Iterator<Item = (String, String)> {
    include_str!("../tests/data/scope_corpus.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let statement: serde_json::Value = serde_json::from_str(line).expect("corpus line");
            let text = |key: &str| statement[key].as_str().unwrap_or("").to_owned();
            (text("scope"), text("holder"))
        })
}

/// [`GENERATED`] texts of 3 to 42 words and signs of [`POOL`], most separated by a space.
fn generated_texts() -> impl Iterator<Item = String> {
    let pool: Vec<&str> = POOL.split(' ').filter(|w| !w.is_empty()).collect();
    // xorshift64: the same texts on every run.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..GENERATED).map(move |_| {
        let words = 3 + (next() % 40) as usize;
        let mut text = String::new();
        for _ in 0..words {
            let word = pool[(next() % pool.len() as u64) as usize];
            if !text.is_empty() && next() % 4 != 0 {
                text.push(' ');
            }
            text.push_str(word);
        }
        text
    })
}

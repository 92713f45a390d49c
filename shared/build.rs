//! Without the `catalog-notes` or the `control-details` feature (the widget's modules), writes
//! copies of the compiled-in CSV files without the columns the crate does not read there, so
//! that a module does not carry text no visitor is shown there. Without `catalog-notes` (both
//! widget modules): the clauses' 2013 change notes and documented-information descriptions (read
//! only by the catalog's JSON and its tests), the controls' cross-check notes, the vocabulary's
//! order and counts, the audit-time table's notes (kept for people reading the data). Without
//! `control-details` (the questionnaire module): the Annex A controls' titles and attributes,
//! which only the report shows. Without `quick-question-texts` (the report module): the quick
//! questions' texts and help, which it never shows. The columns are listed in
//! `src/data_copies.rs`. The crate then reads the copies from `OUT_DIR` (`data_csv!` in
//! `src/lib.rs`, `QUICK_CSV` in `src/questionnaire.rs`); with the features (the API, the exports
//! module, the tests) it reads the files themselves, unchanged.
//!
//! The copies are read and written by the crate's own CSV reader and writer, so every kept field
//! reads back exactly as it does from the file.

use std::path::Path;

#[path = "src/csv.rs"]
#[allow(dead_code)]
mod csv;

#[path = "src/data_copies.rs"]
mod data_copies;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/csv.rs");
    println!("cargo::rerun-if-changed=src/data_copies.rs");
    for name in data_copies::FILES {
        println!("cargo::rerun-if-changed=data/{name}");
    }
    println!("cargo::rerun-if-changed=data/questions_quick.csv");
    let notes = std::env::var_os("CARGO_FEATURE_CATALOG_NOTES").is_some();
    let details = std::env::var_os("CARGO_FEATURE_CONTROL_DETAILS").is_some();
    let quick_texts = std::env::var_os("CARGO_FEATURE_QUICK_QUESTION_TEXTS").is_some();
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let write_copy = |name: &str, left_out: &[&str]| {
        let text = std::fs::read_to_string(Path::new("data").join(name))
            .unwrap_or_else(|e| panic!("data/{name}: {e}"));
        let copy = data_copies::without_columns(&text, left_out)
            .unwrap_or_else(|e| panic!("data/{name}: {e}"));
        std::fs::write(Path::new(&out_dir).join(name), copy)
            .unwrap_or_else(|e| panic!("writing the copy of data/{name}: {e}"));
    };
    if !(notes && details) {
        for name in data_copies::FILES {
            write_copy(name, &data_copies::left_out(name, notes, details));
        }
    }
    if !quick_texts {
        write_copy("questions_quick.csv", &data_copies::QUICK_TEXT_COLUMNS);
    }
}

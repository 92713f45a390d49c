//! Without the `catalog-notes` feature (the widget module), writes copies of the compiled-in
//! CSV files without the columns the crate does not read there, so that the widget module does
//! not carry text no visitor is shown: the clauses' 2013 change notes and documented-information
//! descriptions (read only by the catalog's JSON and its tests), the controls' cross-check notes,
//! the vocabulary's order and counts, the audit-time table's notes (kept for people reading the
//! data). The crate then reads the copies from `OUT_DIR` (`data_csv!` in `src/lib.rs`); with the
//! feature (the API, the exports module, the tests) it reads the files themselves, unchanged.
//!
//! The copies are read and written by the crate's own CSV reader and writer, so every kept field
//! reads back exactly as it does from the file.

use std::path::Path;

#[path = "src/csv.rs"]
#[allow(dead_code)]
mod csv;

/// (file in `data/`, the columns left out of its copy).
const TRIMMED: [(&str, &[&str]); 4] = [
    (
        "clauses_2022.csv",
        &[
            "documented_information_required",
            "change_vs_2013_or_amendment",
        ],
    ),
    ("annex_a_2022.csv", &["crosscheck_note"]),
    (
        "attribute_vocabulary_27002_2022.csv",
        &["order", "controls_using_value"],
    ),
    ("audit_time_27006.csv", &["note"]),
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/csv.rs");
    for (name, _) in TRIMMED {
        println!("cargo::rerun-if-changed=data/{name}");
    }
    if std::env::var_os("CARGO_FEATURE_CATALOG_NOTES").is_some() {
        return;
    }
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    for (name, left_out) in TRIMMED {
        let text = std::fs::read_to_string(Path::new("data").join(name))
            .unwrap_or_else(|e| panic!("data/{name}: {e}"));
        let rows = csv::parse(&text);
        let header = rows
            .first()
            .unwrap_or_else(|| panic!("data/{name} is empty"));
        for column in left_out {
            assert!(
                header.iter().any(|h| h == column),
                "data/{name} has no column {column}"
            );
        }
        let kept: Vec<usize> = (0..header.len())
            .filter(|&i| !left_out.contains(&header[i].as_str()))
            .collect();
        let mut copy = String::new();
        for row in &rows {
            let fields: Vec<&str> = kept
                .iter()
                .map(|&i| row.get(i).map_or("", String::as_str))
                .collect();
            csv::write_row(&mut copy, &fields, csv::CsvMode::Interchange);
            // Line feeds only: the reader skips a carriage return outside quotes anyway.
            copy.truncate(copy.len() - 2);
            copy.push('\n');
        }
        std::fs::write(Path::new(&out_dir).join(name), copy)
            .unwrap_or_else(|e| panic!("writing the copy of data/{name}: {e}"));
    }
}

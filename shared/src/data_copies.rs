//! The copies of the compiled-in CSV files that a build without all the data reads: which
//! columns each copy leaves out for the features a build lacks, and the copy itself. `build.rs`
//! writes the copies with these functions (it includes this file by path); the tests apply them
//! to the files to check that a catalog read from the copies has the same requirements.
//!
//! - Without `catalog-notes`: the columns only the catalog's JSON, the tests and people reading
//!   the data use (the clauses' change notes and documented-information descriptions, the
//!   controls' cross-check notes, the vocabulary's order and counts, the audit-time notes).
//! - Without `control-details`: the Annex A controls' titles and ISO/IEC 27002 attributes, which
//!   only the report, the exports and the API show (the questionnaire module builds its
//!   questions from the requirements' ids, sections and kinds alone).
//! - Without `quick-question-texts`: the quick questions' texts and help (`questions_quick.csv`),
//!   which the report module, scoring answers without showing a question, does not read.

use crate::csv;

/// The data files (in `data/`) the crate reads through `data_csv!`, so of which a build without
/// `catalog-notes` or `control-details` reads a copy.
pub(crate) const FILES: [&str; 4] = [
    "clauses_2022.csv",
    "annex_a_2022.csv",
    "attribute_vocabulary_27002_2022.csv",
    "audit_time_27006.csv",
];

/// The columns of `data/questions_quick.csv` that a build without `quick-question-texts` leaves
/// out of its copy (read as `QUICK_CSV` in `src/questionnaire.rs`, not through `data_csv!`).
pub(crate) const QUICK_TEXT_COLUMNS: [&str; 2] = ["text", "help"];

/// The columns of `data/<name>` that a build leaves out of its copy: `notes` and `details` say
/// whether it has the `catalog-notes` and the `control-details` feature.
pub(crate) fn left_out(name: &str, notes: bool, details: bool) -> Vec<&'static str> {
    let mut columns: Vec<&'static str> = Vec::new();
    if !notes {
        columns.extend_from_slice(match name {
            "clauses_2022.csv" => &[
                "documented_information_required",
                "change_vs_2013_or_amendment",
            ],
            "annex_a_2022.csv" => &["crosscheck_note"],
            "attribute_vocabulary_27002_2022.csv" => &["order", "controls_using_value"],
            "audit_time_27006.csv" => &["note"],
            _ => &[],
        });
    }
    if !details && name == "annex_a_2022.csv" {
        columns.extend_from_slice(&[
            "title",
            "control_type",
            "infosec_properties",
            "cybersecurity_concepts",
            "operational_capabilities",
            "security_domains",
        ]);
    }
    columns
}

/// `text` (a CSV file with a header row) without the columns `left_out`, every kept field as the
/// crate's reader reads it from `text`, with line feeds; an error names a column `text` lacks.
pub(crate) fn without_columns(text: &str, left_out: &[&str]) -> Result<String, String> {
    let rows = csv::parse(text);
    let header = rows.first().ok_or("the file is empty")?;
    if let Some(missing) = left_out.iter().find(|c| !header.iter().any(|h| h == *c)) {
        return Err(format!("no column {missing}"));
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
    Ok(copy)
}

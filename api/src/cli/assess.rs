//! File commands: catalog, questionnaire, score (and SoA, plan, advice), all computed by
//! `annexa-shared`; this module only reads input, reports bad input in one line and formats.

use std::fmt::Write as _;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use annexa_shared::csv::{CsvMode, row, write_row};
use annexa_shared::{AnswersDocument, Mode, Report, catalog, questionnaire};

use super::CliError;
use crate::assessment::{self, SoaFormat};
use crate::json_input::{JsonError, parse_json};

/// `annexa catalog --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogFormat {
    /// `{"clauses": [...], "controls": [...], ...}`, as `GET /api/v1/catalog`.
    Json,
    /// One row per clause and control.
    Csv,
}

/// `annexa score --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    /// The report JSON, byte-identical to `POST /api/v1/assessments/score`.
    Json,
    /// A summary for people.
    Text,
}

/// `--mode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    /// At most 26 questions, about five minutes.
    Quick,
    /// One question per clause requirement and Annex A control.
    Full,
}

impl From<ModeArg> for Mode {
    fn from(mode: ModeArg) -> Mode {
        match mode {
            ModeArg::Quick => Mode::Quick,
            ModeArg::Full => Mode::Full,
        }
    }
}

/// Writes `text` to stdout; a final newline only on a terminal, so that piped output is
/// byte-identical to the HTTP body.
pub(super) fn emit(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    let newline = stdout.is_terminal() && !text.ends_with('\n');
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| {
            if newline {
                stdout.write_all(b"\n")
            } else {
                Ok(())
            }
        })
        .and_then(|()| stdout.flush())
        .map_err(|e| CliError::Failure(format!("cannot write output: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string(value).map_err(|e| CliError::Failure(e.to_string()))
}

/// Reads and checks an answers document; every problem is one line naming the file and what is
/// wrong (JSON line and column, or the question id and value).
pub fn read_answers(file: &Path) -> Result<AnswersDocument, CliError> {
    let name = file.display();
    let mut bytes = Vec::new();
    let read = if file == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| CliError::Input(format!("{name}: cannot read the file: {e}")))?;
    let doc: AnswersDocument = parse_json(&bytes).map_err(|error| {
        CliError::Input(match error {
            JsonError::Shape { pointer, detail } if !pointer.is_empty() => {
                format!("{name}: at {pointer}: {detail}")
            }
            other => format!("{name}: {other}"),
        })
    })?;
    if let Err(error) = annexa_shared::validate(&doc) {
        // The shared message names the question id (or profile field) and the value.
        return Err(CliError::Input(format!(
            "{name}: {error} (at {})",
            error.pointer()
        )));
    }
    Ok(doc)
}

/// `annexa catalog`.
pub fn catalog_cmd(format: CatalogFormat) -> Result<(), CliError> {
    match format {
        CatalogFormat::Json => emit(&to_json(catalog())?),
        CatalogFormat::Csv => emit(&catalog_csv()),
    }
}

/// One row per clause and per Annex A control: reference data for other tools (interchange
/// mode: every value exactly as it is).
fn catalog_csv() -> String {
    let mut out = row(
        &[
            "kind",
            "id",
            "title",
            "parent",
            "theme",
            "new_in_2022",
            "is_requirement",
            "requires_documented_information",
        ],
        CsvMode::Interchange,
    );
    let catalog = catalog();
    for clause in &catalog.clauses {
        write_row(
            &mut out,
            &[
                "clause",
                &clause.id,
                &clause.title,
                clause.parent.as_deref().unwrap_or(""),
                "",
                "",
                &clause.is_requirement.to_string(),
                &clause.requires_documented_information.to_string(),
            ],
            CsvMode::Interchange,
        );
    }
    for control in &catalog.controls {
        write_row(
            &mut out,
            &[
                "control",
                &control.id,
                &control.title,
                control.theme.section_id(),
                control.theme.title(),
                &control.new_in_2022.to_string(),
                "true",
                "false",
            ],
            CsvMode::Interchange,
        );
    }
    out
}

/// `annexa questionnaire --mode`.
pub fn questionnaire_cmd(mode: ModeArg) -> Result<(), CliError> {
    emit(&to_json(questionnaire(mode.into()))?)
}

/// `annexa score FILE`.
pub fn score(file: &Path, format: ScoreFormat) -> Result<(), CliError> {
    let doc = read_answers(file)?;
    let report = annexa_shared::score(&doc).map_err(|e| CliError::Input(e.to_string()))?;
    match format {
        ScoreFormat::Json => emit(&assessment::report_json(&doc)?),
        ScoreFormat::Text => emit(&report_text(&report)),
    }
}

/// `annexa soa FILE`.
pub fn soa(file: &Path, format: SoaFormat) -> Result<(), CliError> {
    let doc = read_answers(file)?;
    let (body, _) = assessment::soa_body(&doc, format)?;
    emit(&body)
}

/// `annexa plan FILE --start`.
pub fn plan(file: &Path, start: &str) -> Result<(), CliError> {
    let start: annexa_shared::Date = start
        .parse()
        .map_err(|e: annexa_shared::date::DateError| CliError::Input(format!("--start: {e}")))?;
    let doc = read_answers(file)?;
    emit(&assessment::plan_json(&doc, start)?)
}

/// `annexa advise FILE`.
pub fn advise(file: &Path) -> Result<(), CliError> {
    let doc = read_answers(file)?;
    emit(&assessment::advice_json(&doc)?)
}

fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| String::from("  n/a"), |s| format!("{s:5.1}"))
}

/// A plain-text summary of a report.
fn report_text(report: &Report) -> String {
    let mut out = String::new();
    let band = serde_json::to_value(report.band)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Overall readiness: {:.1} / 100 ({})   answered: {:.0} %",
        report.overall,
        band.replace('_', " "),
        report.progress * 100.0
    );
    if let Some(note) = &report.not_assessed_note {
        let _ = writeln!(out, "{note}");
    }
    let _ = writeln!(out, "\nSections:");
    for section in &report.sections {
        let _ = writeln!(
            out,
            "  {:<5} {:<45} {}  ({}/{} answered)",
            section.id,
            section.title,
            score_text(section.score),
            section.answered,
            section.total
        );
    }
    for (title, blockers) in [
        ("Stage 1 blockers", &report.stage1_blockers),
        ("Stage 2 blockers", &report.stage2_blockers),
    ] {
        let _ = writeln!(out, "\n{title}: {}", blockers.len());
        for blocker in blockers {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                blocker.requirement_id, blocker.title, blocker.reason
            );
        }
    }
    let _ = writeln!(out, "\nGaps: {} (most urgent first)", report.gaps.len());
    for gap in report.gaps.iter().take(10) {
        let severity = serde_json::to_value(gap.severity)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  [{severity}] {} {}: {}",
            gap.requirement_id, gap.title, gap.recommendation
        );
    }
    if report.gaps.len() > 10 {
        let _ = writeln!(
            out,
            "  … and {} more (use --format json)",
            report.gaps.len() - 10
        );
    }
    out
}

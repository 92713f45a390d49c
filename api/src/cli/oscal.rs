//! `annexa oscal …` and `annexa coverage`: the OSCAL exports and the cross-framework coverage,
//! the same bytes as the API routes (`docs/INTEROP.md`).

use std::path::PathBuf;

use annexa_shared::oscal::{self, OscalError};
use clap::Subcommand;

use super::CliError;
use super::assess::{emit, read_answers};
use crate::assessment::{CoverageFormat, OscalDocument, coverage_body, oscal_json};
use crate::store;

/// `annexa oscal` subcommands.
#[derive(Debug, Subcommand)]
pub enum OscalCommand {
    /// Print the ISO/IEC 27001:2022 OSCAL catalog (as `GET /api/v1/oscal/catalog`).
    Catalog,
    /// Print the OSCAL profile that selects the whole catalog (as `GET /api/v1/oscal/profile`).
    Profile,
    /// Print the Statement of Applicability of an answers document as an OSCAL system security
    /// plan (as `POST /api/v1/assessments/oscal?document=ssp`).
    Ssp {
        /// The answers document (- for stdin).
        file: PathBuf,
        /// The generation timestamp (RFC 3339 with a time zone); now when absent.
        #[arg(long, value_name = "TIMESTAMP")]
        at: Option<String>,
    },
    /// Print the scored assessment of an answers document as OSCAL assessment results (as
    /// `POST /api/v1/assessments/oscal?document=assessment-results`).
    Results {
        /// The answers document (- for stdin).
        file: PathBuf,
        /// The generation timestamp (RFC 3339 with a time zone); now when absent.
        #[arg(long, value_name = "TIMESTAMP")]
        at: Option<String>,
    },
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string(value).map_err(|e| CliError::Failure(e.to_string()))
}

/// `annexa oscal …`.
pub fn oscal(command: OscalCommand) -> Result<(), CliError> {
    let (file, at, document) = match command {
        OscalCommand::Catalog => return emit(&to_json(&oscal::catalog())?),
        OscalCommand::Profile => return emit(&to_json(&oscal::profile())?),
        OscalCommand::Ssp { file, at } => (file, at, OscalDocument::Ssp),
        OscalCommand::Results { file, at } => (file, at, OscalDocument::AssessmentResults),
    };
    let at = at.unwrap_or_else(store::now);
    // A bad --at is the user's mistake: one line, exit 2, before the file is read.
    oscal::check_timestamp(&at).map_err(|e: OscalError| CliError::Input(format!("--at: {e}")))?;
    let doc = read_answers(&file)?;
    emit(&oscal_json(&doc, document, &at)?)
}

/// `annexa coverage FILE`.
pub fn coverage(file: &std::path::Path, format: CoverageFormat) -> Result<(), CliError> {
    let doc = read_answers(file)?;
    let (body, _) = coverage_body(&doc, format)?;
    emit(&body)
}

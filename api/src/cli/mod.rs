//! The `annexa` command line: clap definitions and dispatch.
//!
//! Exit status: 0 on success, 2 when the input is wrong (bad file, bad argument — one line on
//! stderr naming what is wrong), 1 when something else fails (database, network).

mod admin;
mod assess;
mod migrate;
mod oscal;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use admin::{KeysCommand, WidgetKeysCommand};
pub use assess::{CatalogFormat, ScoreFormat, SoaFormat};
pub use oscal::{CoverageFormatArg, OscalCommand};
pub use serve::ServeArgs;

/// Annexa: ISO/IEC 27001:2022 readiness — catalog, scoring, SoA, plan and advice from the
/// command line, and the HTTP server (`annexa serve`).
#[derive(Debug, Parser)]
#[command(name = "annexa", version)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The database, for commands that touch storage: a SQLite file by default, or any database
/// by URL.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// SQLite database file (created on first use); ignored when --database-url is given.
    #[arg(
        long = "db",
        env = "ANNEXA_DB",
        default_value = "annexa.db",
        value_name = "PATH",
        global = true
    )]
    pub path: PathBuf,
    /// The database as a URL: `sqlite:PATH` or `postgres://USER:PASSWORD@HOST:PORT/DATABASE`
    /// (PostgreSQL lets several `annexa serve` instances share one database).
    #[arg(
        long = "database-url",
        env = "ANNEXA_DATABASE_URL",
        hide_env_values = true,
        value_name = "URL",
        global = true
    )]
    pub url: Option<String>,
}

impl DbArgs {
    /// Where the data lives.
    pub fn location(&self) -> Result<crate::db::Location, CliError> {
        match &self.url {
            Some(url) => {
                crate::db::Location::parse(url).map_err(|e| CliError::Input(e.to_string()))
            }
            None => Ok(crate::db::Location::Sqlite(self.path.clone())),
        }
    }

    /// Opens the database (migrating it).
    pub async fn open(&self) -> Result<crate::db::Pool, CliError> {
        Ok(crate::db::connect(&self.location()?).await?)
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the ISO/IEC 27001:2022 catalog (clauses and Annex A controls).
    Catalog {
        /// Output format.
        #[arg(long, value_enum, default_value_t = CatalogFormat::Json)]
        format: CatalogFormat,
    },
    /// Print the questionnaire of a mode as JSON.
    Questionnaire {
        /// `quick` (pre-qualification) or `full` (every requirement).
        #[arg(long, value_enum)]
        mode: assess::ModeArg,
    },
    /// Score an answers document (FILE, or - for stdin): the same JSON as
    /// `POST /api/v1/assessments/score`.
    Score {
        /// The answers document.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ScoreFormat::Json)]
        format: ScoreFormat,
    },
    /// Print the draft Statement of Applicability of an answers document.
    Soa {
        /// The answers document (- for stdin).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SoaFormat::Json)]
        format: SoaFormat,
    },
    /// Print the certification plan (milestones and audit days) of an answers document.
    Plan {
        /// The answers document (- for stdin).
        file: PathBuf,
        /// The day work starts.
        #[arg(long, value_name = "YYYY-MM-DD")]
        start: String,
    },
    /// Print which frameworks apply to the organisation of an answers document, and why.
    Advise {
        /// The answers document (- for stdin).
        file: PathBuf,
    },
    /// OSCAL exports: the catalog and profile, or an answers document's SSP or assessment
    /// results (docs/INTEROP.md).
    Oscal {
        /// Which document.
        #[command(subcommand)]
        command: OscalCommand,
    },
    /// Print the cross-framework coverage (NIST CSF 2.0, SP 800-53 Rev. 5, NIS2) of an answers
    /// document: related ISO requirements met, not compliance.
    Coverage {
        /// The answers document (- for stdin).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CoverageFormatArg::Json)]
        format: CoverageFormatArg,
    },
    /// Print the OpenAPI document of the HTTP API (regenerates api/openapi.json).
    Openapi,
    /// Run the HTTP server: API, widget and demo page.
    Serve(ServeArgs),
    /// Manage admin API keys.
    Keys {
        /// Database.
        #[command(flatten)]
        db: DbArgs,
        /// Action.
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Manage widget keys.
    WidgetKeys {
        /// Database.
        #[command(flatten)]
        db: DbArgs,
        /// Action.
        #[command(subcommand)]
        command: WidgetKeysCommand,
    },
    /// Copy a whole deployment (keys, widget keys, leads, pending webhooks, certificates and
    /// their history) from one database to another, e.g. SQLite to PostgreSQL.
    Migrate(migrate::MigrateArgs),
    /// Certificate registry: import, search, verify, demo data.
    // The certificate registry's subcommand (api/src/registry) is mounted here.
    Certs {
        /// Database.
        #[command(flatten)]
        db: DbArgs,
        /// Action.
        #[command(subcommand)]
        command: crate::registry::CertsCommand,
    },
}

/// A failed command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user's input is wrong: exit status 2.
    #[error("{0}")]
    Input(String),
    /// Anything else: exit status 1.
    #[error("{0}")]
    Failure(String),
}

impl CliError {
    fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Input(_) => ExitCode::from(2),
            CliError::Failure(_) => ExitCode::from(1),
        }
    }
}

impl From<crate::error::Error> for CliError {
    fn from(error: crate::error::Error) -> Self {
        use crate::error::Error;
        match error {
            Error::Database(e) => CliError::Failure(format!("database error: {e}")),
            Error::Internal(e) => CliError::Failure(e),
            Error::Validation { errors, detail } => CliError::Input(
                errors
                    .first()
                    .map_or(detail, |e| format!("{}: {}", e.pointer, e.detail)),
            ),
            other => CliError::Input(other.to_string()),
        }
    }
}

impl From<crate::db::OpenError> for CliError {
    fn from(error: crate::db::OpenError) -> Self {
        CliError::Failure(error.to_string())
    }
}

/// Parses the command line, runs the command and returns the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("annexa: {error}");
            error.exit_code()
        }
    }
}

fn block_on<F: Future<Output = Result<(), CliError>>>(future: F) -> Result<(), CliError> {
    actix_web::rt::System::new().block_on(future)
}

/// Runs one parsed command.
pub fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Catalog { format } => assess::catalog_cmd(format),
        Command::Questionnaire { mode } => assess::questionnaire_cmd(mode),
        Command::Score { file, format } => assess::score(&file, format),
        Command::Soa { file, format } => assess::soa(&file, format),
        Command::Plan { file, start } => assess::plan(&file, &start),
        Command::Advise { file } => assess::advise(&file),
        Command::Oscal { command } => oscal::oscal(command),
        Command::Coverage { file, format } => oscal::coverage(&file, format),
        Command::Openapi => {
            print!("{}", crate::http::openapi::spec_json());
            Ok(())
        }
        Command::Serve(args) => block_on(serve::serve(args)),
        Command::Keys { db, command } => block_on(admin::keys(db, command)),
        Command::WidgetKeys { db, command } => block_on(admin::widget_keys(db, command)),
        Command::Certs { db, command } => block_on(async move {
            let pool = db.open().await?;
            crate::registry::run(command, &pool).await
        }),
        Command::Migrate(args) => block_on(migrate::migrate(args)),
    }
}

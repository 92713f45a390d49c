//! `annexa certs …`: import, verify (one or a batch), search, show, demo data.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use annexa_shared::verification::{EntityQuery, ScopeClaim, Verification};
use annexa_shared::{Date, Identifiers, VerificationRequest};
use clap::{Args, Subcommand, ValueEnum};

use super::import::{ImportFormat, Importer, RowStatus};
use super::service;
use super::{demo, flat};
use crate::cli::CliError;
use crate::error::Error;
use crate::store::Pool;
use crate::store::certificates::{Criterion, Registry};
use annexa_shared::csv::{CsvMode, row};

/// The certificate registry's subcommands.
#[derive(Debug, Subcommand)]
pub enum CertsCommand {
    /// Import certificates from a CSV or JSON Lines file (upsert by certification body +
    /// certificate number). Prints a summary and every rejected row with its line and reason.
    Import {
        /// The file (`.csv`, `.jsonl` / `.ndjson`), or - for stdin with --format.
        file: PathBuf,
        /// Input format; by default from the file extension.
        #[arg(long, value_enum)]
        format: Option<ImportFormat>,
        /// Write one JSON line per input row (created/updated/unchanged/rejected) to this file.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Verify a certificate against a claim, or a whole supplier list with --batch.
    // Boxed: its many lookup flags make it several times larger than the other variants.
    Verify(Box<VerifyArgs>),
    /// Search the registry by number, identifier, entity name or scope text.
    Search(SearchArgs),
    /// Show one certificate (and its history with --history).
    Show {
        /// Registry id.
        id: i64,
        /// Also print its change history.
        #[arg(long)]
        history: bool,
    },
    /// Generate deterministic, clearly fictitious demo certificates: into the database, or into
    /// a file with --out (`.csv` or `.jsonl`; - for JSON Lines on stdout).
    Demo {
        /// How many records.
        #[arg(long, default_value_t = 1000)]
        count: u64,
        /// First record number (records depend only on their number).
        #[arg(long, default_value_t = 0)]
        start: u64,
        /// Write to this file instead of importing.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Output of `certs verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    /// JSON (pretty for one verification).
    Json,
    /// CSV, one line per row (batch only).
    Csv,
    /// The verdict and explanation as text (single only).
    Text,
}

/// Arguments of `certs verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Certificate number.
    #[arg(long)]
    pub number: Option<String>,
    /// Certification body (when two bodies use the same number).
    #[arg(long)]
    pub body: Option<String>,
    /// Look up by entity name (and --country) instead of number; also the claimed entity.
    #[arg(long)]
    pub name: Option<String>,
    /// Country of --name (ISO alpha-2); also the supplier's country, compared with the
    /// certificate holder's.
    #[arg(long)]
    pub country: Option<String>,
    /// Look up by VAT number.
    #[arg(long)]
    pub vat: Option<String>,
    /// Look up by D-U-N-S number.
    #[arg(long)]
    pub duns: Option<String>,
    /// Look up by company registration number.
    #[arg(long)]
    pub registration_number: Option<String>,
    /// Look up by Legal Entity Identifier (LEI, 20 characters).
    #[arg(long)]
    pub lei: Option<String>,
    /// The legal entity you contract with (compared with the certificate's).
    #[arg(long)]
    pub entity_name: Option<String>,
    /// A claimed activity (repeat for several).
    #[arg(long = "activity")]
    pub activities: Vec<String>,
    /// A claimed site: "City, CC", "CC" or "Street, City, CC" (repeat for several).
    #[arg(long = "site")]
    pub sites: Vec<String>,
    /// The day to check (YYYY-MM-DD); today by default.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// A supplier list (CSV: reference, certificate_number, certification_body, entity_name,
    /// entity_country, vat, duns, registration_number, lei, activities, sites, as_of).
    #[arg(long, value_name = "FILE.csv")]
    pub batch: Option<PathBuf>,
    /// Output format (default: json for one, csv for a batch).
    #[arg(long, value_enum)]
    pub format: Option<VerifyFormat>,
    /// Write the output to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Arguments of `certs search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Certificate number.
    #[arg(long)]
    pub number: Option<String>,
    /// VAT, DUNS, LEI or registration number.
    #[arg(long)]
    pub identifier: Option<String>,
    /// Entity name or its beginning.
    #[arg(long)]
    pub name: Option<String>,
    /// Narrow a name search to a country.
    #[arg(long)]
    pub country: Option<String>,
    /// Words of the entity name or scope.
    #[arg(long)]
    pub q: Option<String>,
    /// Page, from 1.
    #[arg(long, default_value_t = 1)]
    pub page: u32,
    /// Results per page (1–100).
    #[arg(long, default_value_t = 20)]
    pub per_page: u32,
}

fn input(message: impl Into<String>) -> CliError {
    CliError::Input(message.into())
}

fn failure(message: impl std::fmt::Display) -> CliError {
    CliError::Failure(message.to_string())
}

fn actor() -> String {
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".to_string());
    format!("cli:{user}")
}

/// Runs one `certs` subcommand on `pool`.
pub async fn run(command: CertsCommand, pool: &Pool) -> Result<(), CliError> {
    let store = Registry::new(pool);
    match command {
        CertsCommand::Import {
            file,
            format,
            report,
        } => import(&store, &file, format, report.as_deref()).await,
        CertsCommand::Verify(args) => verify(&store, *args).await,
        CertsCommand::Search(args) => search(&store, args).await,
        CertsCommand::Show { id, history } => show(&store, id, history).await,
        CertsCommand::Demo { count, start, out } => match out {
            Some(path) => write_demo(&path, start, count),
            None => {
                let started = Instant::now();
                let summary = service::import_demo(&store, start, count, &actor()).await?;
                let secs = started.elapsed().as_secs_f64();
                eprintln!(
                    "imported {} demo records ({} created, {} updated, {} unchanged) in {secs:.1} s \
                     ({:.0} rows/s)",
                    summary.rows,
                    summary.created,
                    summary.updated,
                    summary.unchanged,
                    summary.rows as f64 / secs.max(1e-9)
                );
                Ok(())
            }
        },
    }
}

async fn import(
    store: &Registry,
    file: &Path,
    format: Option<ImportFormat>,
    report: Option<&Path>,
) -> Result<(), CliError> {
    let format = format
        .or_else(|| ImportFormat::from_path(file))
        .ok_or_else(|| {
            input("cannot tell the format from the file name: give --format csv|jsonl")
        })?;
    let mut reader: Box<dyn Read> = if file == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(file)
                .map_err(|e| input(format!("cannot read {}: {e}", file.display())))?,
        )
    };
    let mut report_file = match report {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| input(format!("cannot write {}: {e}", path.display())))?,
        )),
        None => None,
    };
    let name = file.display().to_string();
    let mut importer = Importer::new(store, format, &actor(), &name).indexing_text_at_end();
    let mut buffer = vec![0u8; 256 * 1024];
    let started = Instant::now();
    let mut emit = |reports: Vec<super::import::RowReport>| -> Result<(), CliError> {
        for row in reports {
            if row.status == RowStatus::Rejected {
                eprintln!(
                    "{name}:{}: rejected: {}",
                    row.line,
                    row.reason.as_deref().unwrap_or("")
                );
            }
            if let Some(out) = report_file.as_mut() {
                let line = serde_json::to_string(&row).map_err(failure)?;
                writeln!(out, "{line}").map_err(failure)?;
            }
        }
        Ok(())
    };
    loop {
        let n = reader
            .read(&mut buffer)
            .map_err(|e| input(format!("cannot read {name}: {e}")))?;
        if n == 0 {
            break;
        }
        importer.feed(&buffer[..n]).await.map_err(CliError::from)?;
        emit(importer.drain_reports())?;
    }
    let summary = importer.finish().await.map_err(CliError::from)?;
    emit(importer.drain_reports())?;
    if let Some(out) = report_file.as_mut() {
        out.flush().map_err(failure)?;
    }
    println!(
        "{}",
        serde_json::json!({"summary": summary, "seconds": started.elapsed().as_secs_f64()})
    );
    if summary.rows > 0 && summary.rejected == summary.rows {
        return Err(input(format!("{name}: every row was rejected")));
    }
    Ok(())
}

fn write_demo(path: &Path, start: u64, count: u64) -> Result<(), CliError> {
    let mut out: Box<dyn Write> = if path == Path::new("-") {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(
            std::fs::File::create(path)
                .map_err(|e| input(format!("cannot write {}: {e}", path.display())))?,
        )
    };
    let mut out = std::io::BufWriter::new(&mut out);
    let csv = ImportFormat::from_path(path) == Some(ImportFormat::Csv);
    if csv {
        write!(out, "{}", row(&flat::header(3), CsvMode::Interchange)).map_err(failure)?;
    }
    for record in demo::records(start, count) {
        if csv {
            write!(
                out,
                "{}",
                row(&flat::fields(&record, 3), CsvMode::Interchange)
            )
        } else {
            writeln!(out, "{}", serde_json::to_string(&record).map_err(failure)?)
        }
        .map_err(failure)?;
    }
    out.flush().map_err(failure)
}

async fn verify(store: &Registry, args: VerifyArgs) -> Result<(), CliError> {
    let today = crate::clock::today();
    let output = if let Some(batch) = &args.batch {
        let text = std::fs::read_to_string(batch)
            .map_err(|e| input(format!("cannot read {}: {e}", batch.display())))?;
        let rows = service::parse_batch_csv(&text).map_err(CliError::from)?;
        let results = service::verify_batch(store, rows, today).await?;
        match args.format.unwrap_or(VerifyFormat::Csv) {
            VerifyFormat::Csv => service::batch_csv(&results),
            VerifyFormat::Json => {
                serde_json::to_string_pretty(&serde_json::json!({ "results": results }))
                    .map_err(failure)?
                    + "\n"
            }
            VerifyFormat::Text => return Err(input("--format text is for one verification")),
        }
    } else {
        let request = single_request(&args)?;
        let verification = service::verify_request(store, &request, today)
            .await?
            .into_verification();
        match args.format.unwrap_or(VerifyFormat::Json) {
            VerifyFormat::Json => {
                serde_json::to_string_pretty(&verification).map_err(failure)? + "\n"
            }
            VerifyFormat::Text => verification_text(&verification),
            VerifyFormat::Csv => return Err(input("--format csv is for --batch")),
        }
    };
    match &args.out {
        Some(path) => std::fs::write(path, output)
            .map_err(|e| input(format!("cannot write {}: {e}", path.display()))),
        None => {
            print!("{output}");
            Ok(())
        }
    }
}

/// One verification for a terminal: the verdict, the explanation, and how the scope (and each
/// site's own scope) was read, included and excluded parts marked.
fn verification_text(verification: &Verification) -> String {
    let mut out = format!(
        "Verdict: {}\n{}\n",
        verification.verdict.in_words(),
        verification.explanation
    );
    if let Some(record) = &verification.certificate {
        out.push_str("\nHow the scope was read:\n");
        for line in verification.reading.describe(&record.scope) {
            out.push_str(&line);
            out.push('\n');
        }
        for site in &verification.reading.sites {
            let Some(text) = record.sites.get(site.site).and_then(|s| s.scope.as_deref()) else {
                continue;
            };
            let name = record.sites[site.site]
                .city
                .clone()
                .or_else(|| record.sites[site.site].name.clone())
                .unwrap_or_else(|| format!("site {}", site.site + 1));
            out.push_str(&format!("\nHow the own scope of {name} was read:\n"));
            for line in site.reading.describe(text) {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

fn single_request(args: &VerifyArgs) -> Result<VerificationRequest, CliError> {
    let as_of = args
        .as_of
        .as_deref()
        .map(|d| {
            d.parse::<Date>()
                .map_err(|e| input(format!("--as-of: {e}")))
        })
        .transpose()?;
    let identifiers = Identifiers {
        vat: args.vat.clone(),
        duns: args.duns.clone(),
        registration_number: args.registration_number.clone(),
        lei: args.lei.clone(),
    };
    let entity =
        (args.name.is_some() || args.country.is_some() || !identifiers.is_empty()).then(|| {
            EntityQuery {
                name: args.name.clone().unwrap_or_default(),
                country: args.country.clone(),
                identifiers: (!identifiers.is_empty()).then_some(identifiers),
            }
        });
    if args.number.is_none() && entity.is_none() {
        return Err(input(
            "say which certificate: --number, --name, --vat, --duns, --lei or --registration-number \
             (or --batch FILE.csv)",
        ));
    }
    Ok(VerificationRequest {
        certificate_number: args.number.clone(),
        certification_body: args.body.clone(),
        entity,
        as_of,
        claim: ScopeClaim {
            entity_name: args.entity_name.clone(),
            activities: args.activities.clone(),
            sites: args.sites.iter().map(|s| service::parse_site(s)).collect(),
        },
    })
}

async fn search(store: &Registry, args: SearchArgs) -> Result<(), CliError> {
    let criteria = [
        args.number.map(Criterion::Number),
        args.identifier.map(Criterion::Identifier),
        args.name.map(|name| Criterion::Name {
            name,
            country: args.country,
        }),
        args.q.map(Criterion::Text),
    ];
    let mut given = criteria.into_iter().flatten();
    let criterion = given
        .next()
        .ok_or_else(|| input("give one of --number, --identifier, --name or --q"))?;
    if given.next().is_some() {
        return Err(input(
            "give only one of --number, --identifier, --name or --q",
        ));
    }
    if !(1..=100).contains(&args.per_page) || args.page == 0 {
        return Err(input("--per-page must be 1–100 and --page at least 1"));
    }
    let page = store.search(&criterion, args.page, args.per_page).await?;
    println!("{}", serde_json::to_string_pretty(&page).map_err(failure)?);
    Ok(())
}

async fn show(store: &Registry, id: i64, history: bool) -> Result<(), CliError> {
    let certificate = store
        .get(id)
        .await?
        .ok_or_else(|| CliError::from(Error::NotFound(format!("no certificate with id {id}"))))?;
    let mut value = serde_json::to_value(&certificate).map_err(failure)?;
    if history {
        value["history"] = serde_json::to_value(store.history(id).await?).map_err(failure)?;
    }
    println!("{}", serde_json::to_string_pretty(&value).map_err(failure)?);
    Ok(())
}

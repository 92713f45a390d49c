//! `annexa migrate --from URL --to URL`: moves a whole deployment from one database to another
//! (typically from the embedded SQLite file to PostgreSQL when a deployment grows to several
//! instances), keeping every id, timestamp and history entry.
//!
//! Both databases are migrated to the current schema first. The target must be empty: the
//! command refuses to merge into a database that already holds keys, leads or certificates.
//! Tables are copied in dependency order in pages of [`PAGE`] rows, each page in one target
//! transaction; the full-text index is rebuilt on the target from the copied records, and
//! PostgreSQL's id sequences are moved past the copied ids. Nothing is written to the source.

use std::io::IsTerminal;
use std::time::Instant;

use super::CliError;
use crate::on_pool;
use crate::store::{self, Columns, Location, Pool};

/// `annexa migrate` options.
#[derive(Debug, Clone, clap::Args)]
pub struct MigrateArgs {
    /// The database to copy from: `sqlite:PATH` or `postgres://…` (prefer the environment
    /// variable: a password on the command line is visible to every local user).
    #[arg(
        long,
        env = "ANNEXA_MIGRATE_FROM",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub from: String,
    /// The empty database to copy into: `postgres://…` or `sqlite:PATH`.
    #[arg(
        long,
        env = "ANNEXA_MIGRATE_TO",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub to: String,
}

/// Rows per read and per target transaction.
const PAGE: i64 = 2000;

#[derive(Debug, Clone, Copy)]
enum Kind {
    Text,
    OptText,
    Int,
    OptInt,
    Real,
    Flag,
}

/// A table to copy: its name, its columns and the column that orders it for paging.
struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
    order: &'static str,
    /// A column only PostgreSQL has, with the value written before the index is rebuilt.
    postgres_only: Option<(&'static str, &'static str)>,
}

use Kind::{Flag, Int, OptInt, OptText, Real, Text};

/// Every table, parents before children.
const TABLES: &[Table] = &[
    Table {
        name: "api_keys",
        columns: &[
            ("id", Text),
            ("name", Text),
            ("key_hash", Text),
            ("created_at", Text),
            ("revoked_at", OptText),
            ("scopes", Text),
            ("expires_at", OptText),
            ("last_used_at", OptText),
            ("bootstrap", Flag),
        ],
        order: "id",
        postgres_only: None,
    },
    // Sessions are copied too: people signed in to the console stay signed in after a move.
    Table {
        name: "console_sessions",
        columns: &[
            ("token_hash", Text),
            ("api_key_id", Text),
            ("created_at", Text),
            ("last_seen_at", Text),
            ("idle_expires_at", Text),
            ("expires_at", Text),
        ],
        order: "token_hash",
        postgres_only: None,
    },
    Table {
        name: "widget_keys",
        columns: &[
            ("key", Text),
            ("owner_name", Text),
            ("lead_capture", Flag),
            ("consent_text", Text),
            ("webhook_url", OptText),
            ("webhook_secret", OptText),
            ("created_at", Text),
            ("webhook_previous_secret", OptText),
            ("webhook_previous_secret_until", OptText),
            ("cta_style", Text),
            ("cta_text", OptText),
            ("booking_url", OptText),
            ("analytics", Flag),
            ("accent", OptText),
        ],
        order: "key",
        postgres_only: None,
    },
    Table {
        name: "widget_funnel_days",
        columns: &[
            ("widget_key", Text),
            ("day", Text),
            ("step", Text),
            ("visits", Int),
        ],
        order: "widget_key, day, step",
        postgres_only: None,
    },
    Table {
        name: "widget_key_origins",
        columns: &[("widget_key", Text), ("origin", Text)],
        order: "widget_key, origin",
        postgres_only: None,
    },
    Table {
        name: "leads",
        columns: &[
            ("id", Text),
            ("widget_key", Text),
            ("created_at", Text),
            ("contact_name", Text),
            ("contact_email", Text),
            ("contact_company", Text),
            ("consent_text", Text),
            ("consent_agreed_at", Text),
            ("questionnaire_version", Text),
            ("mode", Text),
            ("answers_json", Text),
            ("report_json", Text),
            ("overall", Real),
            ("tier", Text),
            ("qualification_json", Text),
            ("band", Text),
            ("sales_status", Text),
            ("name_folded", OptText),
            ("email_folded", OptText),
            ("company_folded", OptText),
        ],
        order: "id",
        postgres_only: None,
    },
    Table {
        name: "lead_activity",
        columns: &[
            ("id", Text),
            ("lead_id", Text),
            ("seq", Int),
            ("at", Text),
            ("by_label", Text),
            ("status", OptText),
            ("previous_status", OptText),
            ("note", OptText),
        ],
        order: "id",
        postgres_only: None,
    },
    Table {
        name: "erasures",
        columns: &[
            ("id", Text),
            ("erased_at", Text),
            ("leads_erased", Int),
            ("deliveries_cancelled", Int),
            ("requested_by", Text),
        ],
        order: "id",
        postgres_only: None,
    },
    Table {
        name: "webhook_deliveries",
        columns: &[
            ("id", Text),
            ("lead_id", Text),
            ("url", Text),
            ("secret", Text),
            ("payload", Text),
            ("attempts", Int),
            ("next_attempt_at", Text),
            ("last_error", OptText),
        ],
        order: "id",
        postgres_only: None,
    },
    Table {
        name: "webhook_delivery_log",
        columns: &[
            ("id", Text),
            ("widget_key", Text),
            ("lead_id", OptText),
            ("event", Text),
            ("url_host", Text),
            ("outcome", Text),
            ("status_code", OptInt),
            ("attempts", Int),
            ("last_error", OptText),
            ("finished_at", Text),
        ],
        order: "id",
        postgres_only: None,
    },
    Table {
        name: "certificates",
        columns: &[
            ("id", Int),
            ("number_key", Text),
            ("body_hash", Int),
            ("name_key", Text),
            ("country", Text),
            ("status", Text),
            ("expiry_date", Text),
            ("record", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
        order: "id",
        postgres_only: Some(("search", "''::tsvector")),
    },
    Table {
        name: "certificate_identifiers",
        columns: &[("value_key", Text), ("kind", Text), ("certificate_id", Int)],
        order: "certificate_id, kind, value_key",
        postgres_only: None,
    },
    // Before the history, whose entries point to their source.
    Table {
        name: "certificate_sources",
        columns: &[("id", Int), ("name", Text)],
        order: "id",
        postgres_only: None,
    },
    Table {
        name: "certificate_history",
        columns: &[
            ("id", Int),
            ("certificate_id", Int),
            ("changed_at", Int),
            ("actor", Text),
            ("source", OptText),
            ("source_id", OptInt),
            ("source_line", OptInt),
            ("action", Text),
            ("changes", Text),
        ],
        order: "id",
        postgres_only: None,
    },
];

/// The tables `annexa migrate` copies, parents first, each with the columns it copies
/// (PostgreSQL-only columns included, marked `true`). A test compares this list with the live
/// schema of both databases, so a column added by a migration cannot be silently left behind.
pub fn copied_tables() -> Vec<(&'static str, Vec<(&'static str, bool)>)> {
    TABLES
        .iter()
        .map(|table| {
            let mut columns: Vec<(&'static str, bool)> = table
                .columns
                .iter()
                .map(|(name, _)| (*name, false))
                .collect();
            columns.extend(table.postgres_only.map(|(name, _)| (name, true)));
            (table.name, columns)
        })
        .collect()
}

/// One value read from the source.
#[derive(Debug, Clone)]
enum Value {
    Text(Option<String>),
    Int(Option<i64>),
    Real(f64),
    Flag(bool),
}

fn read_row(row: &impl Columns, table: &Table) -> Result<Vec<Value>, sqlx::Error> {
    table
        .columns
        .iter()
        .map(|(column, kind)| {
            Ok(match kind {
                Text => Value::Text(Some(row.text(column)?)),
                OptText => Value::Text(row.opt_text(column)?),
                Int => Value::Int(Some(row.int(column)?)),
                OptInt => Value::Int(row.opt_int(column)?),
                Real => Value::Real(row.real(column)?),
                Flag => Value::Flag(row.flag(column)?),
            })
        })
        .collect()
}

fn column_list(table: &Table) -> String {
    table
        .columns
        .iter()
        .map(|(c, _)| *c)
        .collect::<Vec<_>>()
        .join(", ")
}

async fn read_page(pool: &Pool, table: &Table, offset: i64) -> Result<Vec<Vec<Value>>, CliError> {
    // Table and column names are constants of this module.
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {} LIMIT $1 OFFSET $2",
        column_list(table),
        table.name,
        table.order
    );
    let rows = on_pool!(pool, pool => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(PAGE)
            .bind(offset)
            .fetch_all(pool)
            .await
            .map_err(|e| failure(table, "read", e))?;
        rows.iter()
            .map(|row| read_row(row, table))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| failure(table, "read", e))?
    });
    Ok(rows)
}

async fn write_page(pool: &Pool, table: &Table, rows: &[Vec<Value>]) -> Result<(), CliError> {
    let width = table.columns.len();
    let placeholders = (0..rows.len())
        .map(|r| {
            let row = (1..=width)
                .map(|c| format!("${}", r * width + c))
                .collect::<Vec<_>>()
                .join(", ");
            format!("({row})")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let (extra_column, extra_value) = match (pool, table.postgres_only) {
        (Pool::Postgres(..), Some((column, value))) => {
            (format!(", {column}"), format!(", {value}"))
        }
        _ => (String::new(), String::new()),
    };
    let placeholders = if extra_value.is_empty() {
        placeholders
    } else {
        placeholders.replace(')', &format!("{extra_value})"))
    };
    let sql = format!(
        "INSERT INTO {} ({}{extra_column}) VALUES {placeholders}",
        table.name,
        column_list(table)
    );
    on_pool!(pool, pool => {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for value in rows.iter().flatten() {
            query = match value {
                Value::Text(text) => query.bind(text.clone()),
                Value::Int(int) => query.bind(*int),
                Value::Real(real) => query.bind(*real),
                Value::Flag(flag) => query.bind(*flag),
            };
        }
        query
            .execute(pool)
            .await
            .map_err(|e| failure(table, "write", e))?;
    });
    Ok(())
}

fn failure(table: &Table, what: &str, error: sqlx::Error) -> CliError {
    CliError::Failure(format!("cannot {what} table {}: {error}", table.name))
}

async fn row_count(pool: &Pool, table: &Table) -> Result<i64, CliError> {
    let sql = format!("SELECT COUNT(*) FROM {}", table.name);
    Ok(
        on_pool!(pool, pool => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(pool)
        .await
        .map_err(|e| failure(table, "count", e))?),
    )
}

/// Runs `annexa migrate`.
pub async fn migrate(args: MigrateArgs) -> Result<(), CliError> {
    let from = Location::parse(&args.from).map_err(|e| CliError::Input(format!("--from: {e}")))?;
    let to = Location::parse(&args.to).map_err(|e| CliError::Input(format!("--to: {e}")))?;
    if from == to {
        return Err(CliError::Input(
            "--from and --to name the same database".into(),
        ));
    }
    if let Location::Sqlite(path) = &from
        && !path.is_file()
    {
        return Err(CliError::Input(format!(
            "--from: {} does not exist",
            path.display()
        )));
    }
    let source = store::connect(&from).await?;
    let target = store::connect(&to).await?;
    for table in TABLES {
        let rows = row_count(&target, table).await?;
        if rows > 0 {
            return Err(CliError::Input(format!(
                "--to: {} is not empty (table {} has {rows} rows); migrate only into a new, \
                 empty database",
                to.display(),
                table.name
            )));
        }
    }
    eprintln!("Copying {} → {}", from.display(), to.display());
    let started = Instant::now();
    let progress = std::io::stderr().is_terminal();
    for table in TABLES {
        let total = row_count(&source, table).await?;
        let mut copied = 0i64;
        while copied < total {
            let rows = read_page(&source, table, copied).await?;
            if rows.is_empty() {
                break;
            }
            // Multi-row statements stay under PostgreSQL's 65,535 parameters.
            let per_statement = (60_000 / table.columns.len()).max(1);
            for chunk in rows.chunks(per_statement) {
                write_page(&target, table, chunk).await?;
            }
            copied += rows.len() as i64;
            if progress {
                eprint!("\r  {:<24} {copied:>9} / {total}", table.name);
            }
        }
        eprintln!(
            "{}  {:<24} {copied:>9} / {total}",
            if progress { "\r" } else { "" },
            table.name
        );
        let written = row_count(&target, table).await?;
        if written != total {
            return Err(CliError::Failure(format!(
                "table {}: {total} rows in the source but {written} in the target \
                 (was the source written to during the copy?)",
                table.name
            )));
        }
    }
    eprint!("  rebuilding the full-text index …");
    let indexed = crate::store::certificates::rebuild_derived(&target)
        .await
        .map_err(|e| CliError::Failure(format!("cannot rebuild the search index: {e}")))?;
    eprintln!(" {indexed} certificates");
    source.close().await;
    target.close().await;
    eprintln!(
        "Done in {:.1} s. Point the instances at {} (--database-url or ANNEXA_DATABASE_URL).",
        started.elapsed().as_secs_f64(),
        to.display()
    );
    Ok(())
}

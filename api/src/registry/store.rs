//! Storage of certificate records behind [`CertificateStore`], with the SQLite implementation
//! [`SqliteCertificateStore`] (schema: `api/migrations/0100_certificates.sql`).
//!
//! **Writes are per row, committed in batches.** [`CertificateStore::upsert_batch`] writes a
//! batch of already-validated rows in one transaction (fast: one commit per batch). If any
//! statement fails, the whole batch is rolled back and written again one row per transaction, so
//! the failing row alone is rejected and every other row is kept. Either way a row is written
//! completely (record, identifiers, search index, history) or not at all, and a row is reported
//! `created`/`updated` only after its transaction committed.

use annexa_shared::{CertificateRecord, normalize_entity_name};
use serde::Serialize;
use sqlx::{Row, SqliteConnection, SqlitePool};

use crate::error::Error;

/// A certificate as stored, with its registry id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredCertificate {
    /// Registry id (stable across updates).
    pub id: i64,
    /// The record.
    pub certificate: CertificateRecord,
    /// When the registry first saw it (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertOutcome {
    /// A new certificate, with its id.
    Created(i64),
    /// An existing certificate that changed.
    Updated(i64),
    /// An existing certificate, identical to the row: nothing written.
    Unchanged(i64),
}

/// One row to write, with who writes it and where it came from (kept in the history).
#[derive(Debug, Clone)]
pub struct RowToWrite {
    /// The validated record.
    pub record: CertificateRecord,
    /// `source` in the history: file name and line, or `api import, line 12`.
    pub source: String,
}

/// One entry of a certificate's append-only history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// Entry id (increasing).
    pub id: i64,
    /// When (RFC 3339).
    pub changed_at: String,
    /// Who: `api-key:<name>`, `cli:<user>`, `demo-seed`.
    pub actor: String,
    /// Where the change came from.
    pub source: Option<String>,
    /// `created` or `updated`.
    pub action: String,
    /// For `updated`: each changed field with `from` and `to`; for `created`: `{}`.
    pub changes: serde_json::Value,
}

/// Which certificates a search wants: exactly one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Criterion {
    /// Certificate number (normalised: case, spaces and punctuation ignored).
    Number(String),
    /// VAT, DUNS or registration number, exactly (case, spaces, dots and dashes ignored).
    Identifier(String),
    /// Entity name prefix, tolerant of legal forms, case and punctuation; optional country.
    Name {
        /// The name or its beginning.
        name: String,
        /// ISO 3166-1 alpha-2 code.
        country: Option<String>,
    },
    /// Words of the entity name or scope text (full-text, ranked).
    Text(String),
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchPage {
    /// The certificates on this page.
    pub items: Vec<StoredCertificate>,
    /// Page number, from 1.
    pub page: u32,
    /// Page size.
    pub per_page: u32,
    /// Matching certificates, counted up to [`COUNT_CAP`].
    pub total: u64,
    /// True when there are more than `total` matches (the count stopped at the cap).
    pub total_capped: bool,
}

/// Counting stops here: an exact count of a frequent prefix would cost a scan of the registry.
pub const COUNT_CAP: u64 = 1000;
/// Full-text search ranks at most this many matches (see docs: bounded candidate set).
pub const TEXT_CANDIDATES: u64 = 1000;

/// Certificate storage. Implemented for SQLite; a PostgreSQL implementation can follow.
#[allow(async_fn_in_trait)] // Used by concrete type only; no Send bound needed by actix.
pub trait CertificateStore {
    /// Writes validated rows (see the module docs for the transaction rule). One result per
    /// row, in order; `Err` holds the reason a row was rejected.
    async fn upsert_batch(
        &self,
        rows: &[RowToWrite],
        actor: &str,
    ) -> Result<Vec<Result<UpsertOutcome, String>>, Error>;
    /// The certificate with registry id `id`.
    async fn get(&self, id: i64) -> Result<Option<StoredCertificate>, Error>;
    /// Certificates with this number, optionally of this certification body.
    async fn by_number(
        &self,
        number: &str,
        body: Option<&str>,
    ) -> Result<Vec<StoredCertificate>, Error>;
    /// Certificates of the entity with this identifier; `kind` is `vat`, `duns` or
    /// `registration_number`, or any when `None`. Active and latest-expiring first.
    async fn by_identifier(
        &self,
        kind: Option<&str>,
        value: &str,
    ) -> Result<Vec<StoredCertificate>, Error>;
    /// Certificates whose normalised entity name equals `name`'s. Active and latest-expiring
    /// first.
    async fn by_name(
        &self,
        name: &str,
        country: Option<&str>,
    ) -> Result<Vec<StoredCertificate>, Error>;
    /// One page of certificates matching `criterion`.
    async fn search(
        &self,
        criterion: &Criterion,
        page: u32,
        per_page: u32,
    ) -> Result<SearchPage, Error>;
    /// The history of certificate `id`, oldest first.
    async fn history(&self, id: i64) -> Result<Vec<HistoryEntry>, Error>;
    /// How many certificates the registry holds.
    async fn count(&self) -> Result<u64, Error>;
}

/// [`CertificateStore`] over a SQLite pool.
#[derive(Debug, Clone)]
pub struct SqliteCertificateStore {
    pool: SqlitePool,
}

impl SqliteCertificateStore {
    /// The store over `pool` (migrations already applied).
    pub fn new(pool: SqlitePool) -> Self {
        SqliteCertificateStore { pool }
    }
}

/// The upsert key of a certification body: lower case, single spaces.
pub fn body_key(body: &str) -> String {
    body.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The comparable form of a certificate number or identifier: upper-case letters and digits only
/// ("is 712-345" = "IS712345").
pub fn code_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

fn record_json(record: &CertificateRecord) -> Result<String, Error> {
    serde_json::to_string(record).map_err(Error::internal)
}

/// Text indexed for full-text search: the certificate scope, then each site's city, name and
/// scope.
fn indexed_scope(record: &CertificateRecord) -> String {
    let mut text = record.scope.clone();
    for site in &record.sites {
        for part in [&site.city, &site.name, &site.scope].into_iter().flatten() {
            text.push('\n');
            text.push_str(part);
        }
    }
    text
}

/// Field-level differences between two records: `{"status": {"from": "active", "to": …}}`.
fn diff(old: &CertificateRecord, new: &CertificateRecord) -> Result<serde_json::Value, Error> {
    let old = serde_json::to_value(old).map_err(Error::internal)?;
    let new = serde_json::to_value(new).map_err(Error::internal)?;
    let mut changes = serde_json::Map::new();
    if let (Some(old), Some(new)) = (old.as_object(), new.as_object()) {
        let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let (from, to) = (old.get(key), new.get(key));
            if from != to {
                changes.insert(
                    key.clone(),
                    serde_json::json!({"from": from.cloned().unwrap_or_default(),
                                       "to": to.cloned().unwrap_or_default()}),
                );
            }
        }
    }
    Ok(serde_json::Value::Object(changes))
}

async fn write_index(
    conn: &mut SqliteConnection,
    id: i64,
    record: &CertificateRecord,
) -> Result<(), sqlx::Error> {
    for (kind, value) in record.entity.identifiers.present() {
        sqlx::query(
            "INSERT OR IGNORE INTO certificate_identifiers (kind, value_key, certificate_id) \
             VALUES (?1, ?2, ?3)",
        )
        .bind(kind)
        .bind(code_key(value))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("INSERT INTO certificates_fts (rowid, name, scope) VALUES (?1, ?2, ?3)")
        .bind(id)
        .bind(&record.entity.name)
        .bind(indexed_scope(record))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn write_history(
    conn: &mut SqliteConnection,
    id: i64,
    at: &str,
    actor: &str,
    source: &str,
    action: &str,
    changes: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO certificate_history (certificate_id, changed_at, actor, source, action, \
         changes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(id)
    .bind(at)
    .bind(actor)
    .bind(source)
    .bind(action)
    .bind(changes)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Writes one row on `conn` (inside the caller's transaction).
async fn upsert_row(
    conn: &mut SqliteConnection,
    row: &RowToWrite,
    actor: &str,
    at: &str,
) -> Result<UpsertOutcome, Error> {
    let record = &row.record;
    let json = record_json(record)?;
    let (body, number) = (
        body_key(&record.certification_body),
        code_key(&record.certificate_number),
    );
    let name = normalize_entity_name(&record.entity.name);
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO certificates (body_key, number_key, name_key, country, status, expiry_date, \
         record, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) \
         ON CONFLICT (body_key, number_key) DO NOTHING RETURNING id",
    )
    .bind(&body)
    .bind(&number)
    .bind(&name)
    .bind(&record.entity.country)
    .bind(record.status.as_str())
    .bind(record.expiry_date.to_string())
    .bind(&json)
    .bind(at)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = inserted {
        write_index(conn, id, record).await?;
        write_history(conn, id, at, actor, &row.source, "created", "{}").await?;
        return Ok(UpsertOutcome::Created(id));
    }
    let existing =
        sqlx::query("SELECT id, record FROM certificates WHERE body_key = ?1 AND number_key = ?2")
            .bind(&body)
            .bind(&number)
            .fetch_one(&mut *conn)
            .await?;
    let id: i64 = existing.try_get("id")?;
    let old: CertificateRecord =
        serde_json::from_str(existing.try_get::<&str, _>("record")?).map_err(Error::internal)?;
    if &old == record {
        return Ok(UpsertOutcome::Unchanged(id));
    }
    let changes = diff(&old, record)?.to_string();
    sqlx::query(
        "UPDATE certificates SET name_key = ?2, country = ?3, status = ?4, expiry_date = ?5, \
         record = ?6, updated_at = ?7 WHERE id = ?1",
    )
    .bind(id)
    .bind(&name)
    .bind(&record.entity.country)
    .bind(record.status.as_str())
    .bind(record.expiry_date.to_string())
    .bind(&json)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM certificate_identifiers WHERE certificate_id = ?1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM certificates_fts WHERE rowid = ?1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    write_index(conn, id, record).await?;
    write_history(conn, id, at, actor, &row.source, "updated", &changes).await?;
    Ok(UpsertOutcome::Updated(id))
}

fn stored(row: &sqlx::sqlite::SqliteRow) -> Result<StoredCertificate, Error> {
    let record: &str = row.try_get("record")?;
    Ok(StoredCertificate {
        id: row.try_get("id")?,
        certificate: serde_json::from_str(record).map_err(Error::internal)?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn all_stored(rows: &[sqlx::sqlite::SqliteRow]) -> Result<Vec<StoredCertificate>, Error> {
    rows.iter().map(stored).collect()
}

// Macros, not consts, so that every SQL string stays a `&'static str` built by `concat!`
// (sqlx refuses strings built at run time unless asserted safe).
macro_rules! columns {
    () => {
        "c.id, c.record, c.created_at, c.updated_at"
    };
}
macro_rules! best_first {
    () => {
        "ORDER BY (c.status = 'active') DESC, c.expiry_date DESC, c.id DESC"
    };
}

/// The exclusive upper bound of the strings starting with `prefix` (binary collation).
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// An FTS5 query for free text: every word must appear; the last word (3 letters or more) may
/// be a prefix. Words are quoted, so no FTS5 syntax gets through. `None` when no word is left.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_lowercase)
        .collect();
    let last = words.len().checked_sub(1)?;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == last && w.chars().count() >= 3 {
                    format!("\"{w}\"*")
                } else {
                    format!("\"{w}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

impl CertificateStore for SqliteCertificateStore {
    async fn upsert_batch(
        &self,
        rows: &[RowToWrite],
        actor: &str,
    ) -> Result<Vec<Result<UpsertOutcome, String>>, Error> {
        let at = now();
        let mut conn = self.pool.acquire().await?;
        let mut outcomes = Vec::with_capacity(rows.len());
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        let mut batch_ok = true;
        for row in rows {
            match upsert_row(&mut tx, row, actor, &at).await {
                Ok(outcome) => outcomes.push(Ok(outcome)),
                Err(_) => {
                    batch_ok = false;
                    break;
                }
            }
        }
        if batch_ok {
            tx.commit().await?;
            return Ok(outcomes);
        }
        tx.rollback().await?;
        // Slow path: one transaction per row, so only the failing row is lost.
        let mut outcomes = Vec::with_capacity(rows.len());
        for row in rows {
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            match upsert_row(&mut tx, row, actor, &at).await {
                Ok(outcome) => {
                    tx.commit().await?;
                    outcomes.push(Ok(outcome));
                }
                Err(error) => {
                    tx.rollback().await?;
                    tracing::warn!(%error, source = %row.source, "certificate row not written");
                    outcomes.push(Err("the registry could not store this row".to_string()));
                }
            }
        }
        Ok(outcomes)
    }

    async fn get(&self, id: i64) -> Result<Option<StoredCertificate>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM certificates c WHERE c.id = ?1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(stored).transpose()
    }

    async fn by_number(
        &self,
        number: &str,
        body: Option<&str>,
    ) -> Result<Vec<StoredCertificate>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM certificates c WHERE c.number_key = ?1 \
             AND (?2 IS NULL OR c.body_key = ?2) ",
            best_first!(),
            " LIMIT 20"
        ))
        .bind(code_key(number))
        .bind(body.map(body_key))
        .fetch_all(&self.pool)
        .await?;
        all_stored(&rows)
    }

    async fn by_identifier(
        &self,
        kind: Option<&str>,
        value: &str,
    ) -> Result<Vec<StoredCertificate>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM certificate_identifiers i \
             JOIN certificates c ON c.id = i.certificate_id \
             WHERE i.value_key = ?1 AND (?2 IS NULL OR i.kind = ?2) ",
            best_first!(),
            " LIMIT 20"
        ))
        .bind(code_key(value))
        .bind(kind)
        .fetch_all(&self.pool)
        .await?;
        all_stored(&rows)
    }

    async fn by_name(
        &self,
        name: &str,
        country: Option<&str>,
    ) -> Result<Vec<StoredCertificate>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM certificates c WHERE c.name_key = ?1 \
             AND (?2 IS NULL OR c.country = ?2) ",
            best_first!(),
            " LIMIT 20"
        ))
        .bind(normalize_entity_name(name))
        .bind(country.map(str::to_ascii_uppercase))
        .fetch_all(&self.pool)
        .await?;
        all_stored(&rows)
    }

    async fn search(
        &self,
        criterion: &Criterion,
        page: u32,
        per_page: u32,
    ) -> Result<SearchPage, Error> {
        let limit = i64::from(per_page);
        let offset = i64::from(page.saturating_sub(1)) * limit;
        let cap = COUNT_CAP as i64 + 1;
        let (rows, total) = match criterion {
            Criterion::Number(number) => {
                let key = code_key(number);
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    columns!(),
                    " FROM certificates c WHERE c.number_key = ?1 \
                     ORDER BY c.id LIMIT ?2 OFFSET ?3"
                ))
                .bind(&key)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?;
                let total: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM (SELECT 1 FROM certificates WHERE number_key = ?1 LIMIT ?2)",
                )
                .bind(&key)
                .bind(cap)
                .fetch_one(&self.pool)
                .await?;
                (rows, total)
            }
            Criterion::Identifier(value) => {
                let key = code_key(value);
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    columns!(),
                    " FROM certificate_identifiers i \
                     JOIN certificates c ON c.id = i.certificate_id WHERE i.value_key = ?1 \
                     ORDER BY c.id LIMIT ?2 OFFSET ?3"
                ))
                .bind(&key)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?;
                let total: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM (SELECT 1 FROM certificate_identifiers \
                     WHERE value_key = ?1 LIMIT ?2)",
                )
                .bind(&key)
                .bind(cap)
                .fetch_one(&self.pool)
                .await?;
                (rows, total)
            }
            Criterion::Name { name, country } => {
                // Index order on name_key puts the exact name first, then longer names.
                let key = normalize_entity_name(name);
                let end = prefix_end(&key);
                let country = country.as_deref().map(str::to_ascii_uppercase);
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    columns!(),
                    " FROM certificates c INDEXED BY certificates_by_name \
                     WHERE c.name_key >= ?1 AND c.name_key < ?2 \
                     AND (?3 IS NULL OR c.country = ?3) \
                     ORDER BY c.name_key, c.country LIMIT ?4 OFFSET ?5"
                ))
                .bind(&key)
                .bind(&end)
                .bind(&country)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?;
                let total: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM (SELECT 1 FROM certificates INDEXED BY certificates_by_name \
                     WHERE name_key >= ?1 AND name_key < ?2 AND (?3 IS NULL OR country = ?3) \
                     LIMIT ?4)",
                )
                .bind(&key)
                .bind(&end)
                .bind(&country)
                .bind(cap)
                .fetch_one(&self.pool)
                .await?;
                (rows, total)
            }
            Criterion::Text(text) => {
                let Some(query) = fts_query(text) else {
                    return Ok(SearchPage {
                        items: Vec::new(),
                        page,
                        per_page,
                        total: 0,
                        total_capped: false,
                    });
                };
                // Bounded candidate set: FTS5 would rank every match before a LIMIT applies,
                // so take the first TEXT_CANDIDATES matches unranked and rank only those.
                let rows = sqlx::query(concat!(
                    "WITH hits AS (SELECT rowid AS id, rank AS score FROM certificates_fts \
                     WHERE certificates_fts MATCH ?1 LIMIT ?2) \
                     SELECT ",
                    columns!(),
                    " FROM hits h JOIN certificates c ON c.id = h.id \
                     ORDER BY h.score, c.id LIMIT ?3 OFFSET ?4"
                ))
                .bind(&query)
                .bind(TEXT_CANDIDATES as i64)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?;
                let total: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM (SELECT 1 FROM certificates_fts \
                     WHERE certificates_fts MATCH ?1 LIMIT ?2)",
                )
                .bind(&query)
                .bind(cap)
                .fetch_one(&self.pool)
                .await?;
                (rows, total)
            }
        };
        let total = u64::try_from(total).unwrap_or(0);
        Ok(SearchPage {
            items: all_stored(&rows)?,
            page,
            per_page,
            total: total.min(COUNT_CAP),
            total_capped: total > COUNT_CAP,
        })
    }

    async fn history(&self, id: i64) -> Result<Vec<HistoryEntry>, Error> {
        let rows = sqlx::query(
            "SELECT id, changed_at, actor, source, action, changes FROM certificate_history \
             WHERE certificate_id = ?1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let changes: &str = row.try_get("changes")?;
                Ok(HistoryEntry {
                    id: row.try_get("id")?,
                    changed_at: row.try_get("changed_at")?,
                    actor: row.try_get("actor")?,
                    source: row.try_get("source")?,
                    action: row.try_get("action")?,
                    changes: serde_json::from_str(changes).map_err(Error::internal)?,
                })
            })
            .collect()
    }

    async fn count(&self) -> Result<u64, Error> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM certificates")
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

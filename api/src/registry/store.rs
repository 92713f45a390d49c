//! Storage of certificate records behind [`CertificateStore`], with the SQLite implementation
//! [`SqliteCertificateStore`] (schema: `api/migrations/sqlite/0100_certificates.sql`), the
//! PostgreSQL one [`PgCertificateStore`] (`api/migrations/postgres/0100_certificates.sql`), and
//! [`Registry`], the one of a [`crate::db::Pool`].
//!
//! **Writes are per row, committed in batches.** [`CertificateStore::upsert_batch`] writes a
//! batch of already-validated rows in one transaction (fast: one commit per batch). If any
//! statement fails, the whole batch is rolled back and written again one row per transaction, so
//! the failing row alone is rejected and every other row is kept. Either way a row is written
//! completely (record, identifiers, search index, history) or not at all, and a row is reported
//! `created`/`updated` only after its transaction committed.

// The columns and order of a certificate lookup, shared by both stores (defined before their
// modules, so both see them). Macros, not consts, so that every SQL string stays a
// `&'static str` built by `concat!` (sqlx refuses strings built at run time unless asserted safe).
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

/// The lookups, history and count, identical on both stores: one SQL text each (`$n` parameters
/// and `CAST(… AS …)` where PostgreSQL needs a parameter's type), expanded into each store's
/// `impl CertificateStore`, where `self.pool` is that store's own pool.
macro_rules! shared_lookups {
    () => {
        async fn get(&self, id: i64) -> Result<Option<StoredCertificate>, Error> {
            let row = sqlx::query(concat!(
                "SELECT ",
                columns!(),
                " FROM certificates c WHERE c.id = $1"
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
                " FROM certificates c WHERE c.number_key = $1 \
                 AND (CAST($2 AS BIGINT) IS NULL OR c.body_hash = $2) ",
                best_first!(),
                " LIMIT 20"
            ))
            .bind(code_key(number))
            .bind(body.map(body_hash))
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
                 WHERE i.value_key = $1 AND (CAST($2 AS TEXT) IS NULL OR i.kind = $2) ",
                best_first!(),
                " LIMIT 20"
            ))
            .bind(code_key(value))
            .bind(kind.map(kind_code))
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
                " FROM certificates c WHERE c.name_key = $1 \
                 AND (CAST($2 AS TEXT) IS NULL OR c.country = $2) ",
                best_first!(),
                " LIMIT 20"
            ))
            .bind(normalize_entity_name(name))
            .bind(country.map(str::to_ascii_uppercase))
            .fetch_all(&self.pool)
            .await?;
            all_stored(&rows)
        }

        async fn history(&self, id: i64) -> Result<Vec<HistoryEntry>, Error> {
            let rows = sqlx::query(
                "SELECT id, changed_at, actor, source, action, changes FROM certificate_history \
                 WHERE certificate_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(HistoryEntry {
                        id: row.int("id")?,
                        changed_at: rfc3339(row.int("changed_at")?),
                        actor: row.text("actor")?,
                        source: row.opt_text("source")?,
                        action: row.text("action")?,
                        changes: serde_json::from_str(&row.text("changes")?)
                            .map_err(Error::internal)?,
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
    };
}

mod compact;
mod postgres;
mod write;

use annexa_shared::{CertificateRecord, normalize_entity_name};
use serde::Serialize;
use sqlx::{Row, SqlitePool};

use crate::db::Columns;

pub use postgres::PgCertificateStore;
pub use write::body_hash;

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
    /// VAT, DUNS, LEI or registration number, exactly (case, spaces, dots and dashes ignored).
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
    /// Matching certificates, counted up to [`COUNT_CAP`] ([`TEXT_CANDIDATES`] for text search).
    pub total: u64,
    /// True when there are more than `total` matches (the count stopped at the cap).
    pub total_capped: bool,
}

/// Counting stops here: an exact count of a frequent prefix would cost a scan of the registry.
pub const COUNT_CAP: u64 = 1000;
/// Full-text search considers at most this many matches (bounded candidate set; see `search`).
pub const TEXT_CANDIDATES: u64 = 300;

/// Certificate storage, implemented for SQLite and PostgreSQL with the same behaviour.
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
    /// Certificates of the entity with this identifier; `kind` is `vat`, `duns`,
    /// `registration_number` or `lei`, or any when `None`. Active and latest-expiring first.
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

/// The comparable form of a certificate number or identifier: upper-case letters and digits only
/// ("is 712-345" = "IS712345"), the same form verification compares identifiers in.
pub fn code_key(text: &str) -> String {
    annexa_shared::certificate::identifier_key(text)
}

/// The identifier kind as stored: `vat`, `duns`, `reg`, `lei` (short: it is repeated millions of
/// times). The column is free text, so a new kind needs no migration.
fn kind_code(kind: &str) -> &str {
    match kind {
        "registration_number" => "reg",
        other => other,
    }
}

/// Unix seconds as RFC 3339.
fn rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

/// A certificate row of either store (`columns!()`).
fn stored(row: &impl Columns) -> Result<StoredCertificate, Error> {
    Ok(StoredCertificate {
        id: row.int("id")?,
        certificate: compact::decode(&row.text("record")?).map_err(Error::internal)?,
        created_at: rfc3339(row.int("created_at")?),
        updated_at: rfc3339(row.int("updated_at")?),
    })
}

fn all_stored<R: Columns>(rows: &[R]) -> Result<Vec<StoredCertificate>, Error> {
    rows.iter().map(stored).collect()
}

/// The batch rule of the module docs, for either store: `write` writes rows in one transaction
/// (committed, or rolled back with the error). All rows at once first; if that fails, each row
/// alone, so only a failing row is rejected.
async fn batch_then_rows<'p, W, F>(
    prepared: &'p [write::Prepared<'p>],
    write: W,
) -> Result<Vec<Result<UpsertOutcome, String>>, Error>
where
    W: Fn(&'p [write::Prepared<'p>]) -> F,
    F: std::future::Future<Output = Result<Result<Vec<UpsertOutcome>, Error>, Error>>,
{
    match write(prepared).await? {
        Ok(outcomes) => return Ok(outcomes.into_iter().map(Ok).collect()),
        Err(error) => {
            tracing::warn!(%error, "certificate batch failed; writing its rows one by one");
        }
    }
    let mut outcomes = Vec::with_capacity(prepared.len());
    for p in prepared {
        match write(std::slice::from_ref(p)).await? {
            Ok(mut one) => outcomes.push(Ok(one.remove(0))),
            Err(error) => {
                tracing::warn!(%error, source = %p.row.source, "certificate row not written");
                outcomes.push(Err("the registry could not store this row".to_string()));
            }
        }
    }
    Ok(outcomes)
}

/// The exclusive upper bound of the strings starting with `prefix` (binary collation).
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// An FTS5 query for free text: every word must appear; with `prefix`, the last word (3 letters
/// or more) may be the beginning of a word. Words are quoted, so no FTS5 syntax gets through.
/// `None` when no word is left.
pub fn fts_query(text: &str, prefix: bool) -> Option<String> {
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
                if prefix && i == last && w.chars().count() >= 3 {
                    format!("\"{w}\"*")
                } else {
                    format!("\"{w}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The first [`TEXT_CANDIDATES`] certificates matching an FTS5 query (unranked), with their
/// normalised entity names.
async fn text_candidates(pool: &SqlitePool, query: &str) -> Result<Vec<(i64, String)>, Error> {
    Ok(sqlx::query_as(
        "WITH hits AS (SELECT rowid AS id FROM certificates_fts \
         WHERE certificates_fts MATCH ?1 LIMIT ?2) \
         SELECT h.id, c.name_key FROM hits h JOIN certificates c ON c.id = h.id",
    )
    .bind(query)
    .bind(TEXT_CANDIDATES as i64)
    .fetch_all(pool)
    .await?)
}

/// Orders text-search candidates: more query words in the entity name first, then by id; returns
/// the ids of the requested page.
fn rank_by_name(candidates: Vec<(i64, String)>, text: &str, offset: i64, limit: i64) -> Vec<i64> {
    let words: Vec<String> = normalize_entity_name(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    let mut scored: Vec<(usize, i64)> = candidates
        .into_iter()
        .map(|(id, name)| {
            let name_words: Vec<&str> = name.split(' ').collect();
            let score = words
                .iter()
                .filter(|w| name_words.iter().any(|n| n.starts_with(w.as_str())))
                .count();
            (score, id)
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(0))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|(_, id)| id)
        .collect()
}

/// The certificates with these ids, in this order.
async fn fetch_ids(pool: &SqlitePool, ids: &[i64]) -> Result<Vec<sqlx::sqlite::SqliteRow>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = vec!["?"; ids.len()].join(", ");
    let sql = format!(
        concat!(
            "SELECT ",
            columns!(),
            " FROM certificates c WHERE c.id IN ({})"
        ),
        placeholders
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(*id);
    }
    let mut rows = query.fetch_all(pool).await?;
    let position = |row: &sqlx::sqlite::SqliteRow| {
        row.try_get::<i64, _>("id")
            .ok()
            .and_then(|id| ids.iter().position(|i| *i == id))
    };
    rows.sort_by_key(|row| position(row));
    Ok(rows)
}

impl CertificateStore for SqliteCertificateStore {
    shared_lookups!();

    async fn upsert_batch(
        &self,
        rows: &[RowToWrite],
        actor: &str,
    ) -> Result<Vec<Result<UpsertOutcome, String>>, Error> {
        write::upsert_batch(&self.pool, rows, actor).await
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
                let Some(query) = fts_query(text, false) else {
                    return Ok(SearchPage {
                        items: Vec::new(),
                        page,
                        per_page,
                        total: 0,
                        total_capped: false,
                    });
                };
                // Bounded candidates, cheap rank. FTS5's bm25 counts every document holding each
                // word before it can score one (hundreds of ms for a frequent word at 1M rows),
                // and an FTS5 column filter scans whole word lists when nothing matches, so
                // neither is used: the first TEXT_CANDIDATES matches are taken unranked, and
                // ranked here by how many of the query's words their entity name holds.
                // Whole words first; the last word as a prefix ("softw" → software) only when
                // whole words do not fill the page, because an FTS5 prefix query first merges
                // the word lists of every matching word (costly for frequent words).
                let mut candidates = text_candidates(&self.pool, &query).await?;
                if (candidates.len() as i64) < offset + limit
                    && let Some(prefixed) = fts_query(text, true).filter(|p| *p != query)
                {
                    candidates = text_candidates(&self.pool, &prefixed).await?;
                }
                // A full candidate set means there may be more matches.
                let total = if candidates.len() as u64 >= TEXT_CANDIDATES {
                    TEXT_CANDIDATES as i64 + 1
                } else {
                    candidates.len() as i64
                };
                let ids = rank_by_name(candidates, text, offset, limit);
                let rows = fetch_ids(&self.pool, &ids).await?;
                (rows, total)
            }
        };
        let total = u64::try_from(total).unwrap_or(0);
        let limit = if matches!(criterion, Criterion::Text(_)) {
            TEXT_CANDIDATES
        } else {
            COUNT_CAP
        };
        Ok(SearchPage {
            items: all_stored(&rows)?,
            page,
            per_page,
            total: total.min(limit),
            total_capped: total > limit,
        })
    }
}

/// The certificate store of a [`crate::db::Pool`], whichever database it is.
#[derive(Debug, Clone)]
pub enum Registry {
    /// Embedded SQLite.
    Sqlite(SqliteCertificateStore),
    /// PostgreSQL.
    Postgres(PgCertificateStore),
}

impl Registry {
    /// The store over `pool` (migrations already applied).
    pub fn new(pool: &crate::db::Pool) -> Self {
        match pool {
            crate::db::Pool::Sqlite(pool) => {
                Registry::Sqlite(SqliteCertificateStore::new(pool.clone()))
            }
            crate::db::Pool::Postgres(pool) => {
                Registry::Postgres(PgCertificateStore::new(pool.clone()))
            }
        }
    }
}

macro_rules! on_store {
    ($registry:expr, $store:ident => $body:expr) => {
        match $registry {
            Registry::Sqlite($store) => $body,
            Registry::Postgres($store) => $body,
        }
    };
}

impl CertificateStore for Registry {
    async fn upsert_batch(
        &self,
        rows: &[RowToWrite],
        actor: &str,
    ) -> Result<Vec<Result<UpsertOutcome, String>>, Error> {
        on_store!(self, store => store.upsert_batch(rows, actor).await)
    }

    async fn get(&self, id: i64) -> Result<Option<StoredCertificate>, Error> {
        on_store!(self, store => store.get(id).await)
    }

    async fn by_number(
        &self,
        number: &str,
        body: Option<&str>,
    ) -> Result<Vec<StoredCertificate>, Error> {
        on_store!(self, store => store.by_number(number, body).await)
    }

    async fn by_identifier(
        &self,
        kind: Option<&str>,
        value: &str,
    ) -> Result<Vec<StoredCertificate>, Error> {
        on_store!(self, store => store.by_identifier(kind, value).await)
    }

    async fn by_name(
        &self,
        name: &str,
        country: Option<&str>,
    ) -> Result<Vec<StoredCertificate>, Error> {
        on_store!(self, store => store.by_name(name, country).await)
    }

    async fn search(
        &self,
        criterion: &Criterion,
        page: u32,
        per_page: u32,
    ) -> Result<SearchPage, Error> {
        on_store!(self, store => store.search(criterion, page, per_page).await)
    }

    async fn history(&self, id: i64) -> Result<Vec<HistoryEntry>, Error> {
        on_store!(self, store => store.history(id).await)
    }

    async fn count(&self) -> Result<u64, Error> {
        on_store!(self, store => store.count().await)
    }
}

/// After `annexa migrate` copied the certificate tables row by row: fills the target's
/// full-text index from the copied records and, on PostgreSQL, moves the id sequences past the
/// copied ids. Returns how many certificates were indexed.
pub async fn rebuild_derived(pool: &crate::db::Pool) -> Result<u64, Error> {
    const PAGE: i64 = 1000;
    let mut after = 0i64;
    let mut indexed = 0u64;
    loop {
        let rows: Vec<(i64, String)> = crate::on_pool!(pool, pool => sqlx::query_as(
            "SELECT id, record FROM certificates WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(pool)
        .await?);
        let Some((last, _)) = rows.last() else { break };
        after = *last;
        let records = rows
            .iter()
            .map(|(id, record)| Ok((*id, compact::decode(record).map_err(Error::internal)?)))
            .collect::<Result<Vec<_>, Error>>()?;
        match pool {
            crate::db::Pool::Sqlite(pool) => write::index_text(pool, &records).await?,
            crate::db::Pool::Postgres(pool) => postgres::index_text(pool, &records).await?,
        }
        indexed += records.len() as u64;
    }
    if let crate::db::Pool::Postgres(pool) = pool {
        postgres::reset_sequences(pool).await?;
    }
    Ok(indexed)
}

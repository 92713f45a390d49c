//! The write path of both engines, written once: a row prepared for SQL ([`Prepared`]), the
//! field diff kept in the history, and the batch rule of the [module docs](super) —
//! [`write_all`] inside one transaction, [`batch_then_rows`] around it. The statements that
//! differ (multi-row `VALUES` in SQLite, `UNNEST` arrays in PostgreSQL, the search index) are the
//! engine's [`BulkWriter`].

use std::collections::HashMap;

use annexa_shared::{CertificateRecord, normalize_entity_name};
use sha2::{Digest, Sha256};

use super::{RowToWrite, UpsertOutcome, code_key, compact};
use crate::store::{Result, StoreError};

/// The 64-bit key of a certification body: a hash of its name in lower case with single spaces.
pub fn body_hash(body: &str) -> i64 {
    let key = body
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let digest = Sha256::digest(key.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

/// Now, as the registry stores times: Unix seconds.
pub(super) fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Text indexed for full-text search: the certificate scope, then each site's city and scope.
pub(super) fn indexed_scope(record: &CertificateRecord) -> String {
    let mut text = record.scope.clone();
    for site in &record.sites {
        for part in [&site.city, &site.scope].into_iter().flatten() {
            text.push('\n');
            text.push_str(part);
        }
    }
    text
}

/// Field-level differences between two records: `{"status": {"from": "active", "to": …}}`.
fn diff(old: &CertificateRecord, new: &CertificateRecord) -> Result<serde_json::Value> {
    let old = serde_json::to_value(old).map_err(StoreError::internal)?;
    let new = serde_json::to_value(new).map_err(StoreError::internal)?;
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

/// What the registry stores and finds a row by — its number and body keys, its normalised
/// entity name and its stored form — worked out once per row.
#[derive(Debug, Clone)]
pub(super) struct RowKeys {
    number: String,
    body: i64,
    name: String,
    json: String,
}

impl RowKeys {
    pub(super) fn of(record: &CertificateRecord) -> RowKeys {
        RowKeys {
            number: code_key(&record.certificate_number),
            body: body_hash(&record.certification_body),
            name: normalize_entity_name(&record.entity.name),
            json: compact::encode(record),
        }
    }
}

/// A row with its keys and stored form worked out ([`PreparedRow::new`]). An import prepares
/// its rows on its parser thread, so the thread that writes them only binds: the keys and the
/// stored JSON were a good part of the writing thread's time, which the SQLite work waits on.
#[derive(Debug, Clone)]
pub struct PreparedRow {
    row: RowToWrite,
    keys: RowKeys,
}

impl PreparedRow {
    /// `row` with its keys and stored form.
    pub fn new(row: RowToWrite) -> PreparedRow {
        let keys = RowKeys::of(&row.record);
        PreparedRow { row, keys }
    }

    /// The row, given back.
    pub fn into_row(self) -> RowToWrite {
        self.row
    }

    pub(super) fn row(&self) -> &RowToWrite {
        &self.row
    }

    /// The row for SQL, its source stored as `source_id`.
    pub(super) fn view(&self, source_id: i64) -> Prepared<'_> {
        Prepared::new(&self.row, &self.keys, source_id)
    }
}

/// One row, prepared for SQL (borrowed from the row and its [`RowKeys`]).
pub(super) struct Prepared<'a> {
    pub(super) row: &'a RowToWrite,
    pub(super) number: &'a str,
    pub(super) body: i64,
    pub(super) name: &'a str,
    pub(super) json: &'a str,
    /// The history's `source_id` and `source_line` (see `sources`).
    pub(super) source_id: i64,
    pub(super) source_line: Option<i64>,
}

impl<'a> Prepared<'a> {
    pub(super) fn new(row: &'a RowToWrite, keys: &'a RowKeys, source_id: i64) -> Prepared<'a> {
        Prepared {
            row,
            number: &keys.number,
            body: keys.body,
            name: &keys.name,
            json: &keys.json,
            source_id,
            // A line past i64::MAX (a file of exabytes) would be kept without its number.
            source_line: row.source.line.and_then(|line| i64::try_from(line).ok()),
        }
    }
}

/// What each engine writes its own way; [`write_all`] orders the calls.
pub(super) trait BulkWriter {
    /// The engine's connection (inside a transaction).
    type Connection;

    /// Inserts the rows whose key is new; returns the id created for each row index (for a key
    /// repeated in the batch, its first row is the one inserted).
    async fn insert_new(
        conn: &mut Self::Connection,
        prepared: &[Prepared<'_>],
        at: i64,
    ) -> Result<HashMap<usize, i64>, sqlx::Error>;

    /// Writes the identifiers, search entries and history of freshly written certificates
    /// (`changes[i]` for the `i`-th, `{}` when absent).
    async fn write_extras(
        conn: &mut Self::Connection,
        written: &[(i64, &Prepared<'_>)],
        actor: &str,
        at: i64,
        action: &str,
        changes: &[String],
    ) -> Result<(), sqlx::Error>;

    /// The id and stored record text of the certificate with `p`'s key (which exists), locked
    /// until the transaction ends where the engine locks rows (PostgreSQL: `FOR UPDATE`, so a
    /// concurrent writer of the same certificate diffs against the version this one replaces).
    async fn fetch_existing(
        conn: &mut Self::Connection,
        p: &Prepared<'_>,
    ) -> Result<(i64, String), sqlx::Error>;

    /// Rewrites certificate `id` as `p`: its row and search entry, and removes the identifiers
    /// of `old` (the version replaced). [`write_all`] then writes the new identifiers, search
    /// entry and history with [`BulkWriter::write_extras`].
    async fn rewrite(
        conn: &mut Self::Connection,
        id: i64,
        p: &Prepared<'_>,
        old: &CertificateRecord,
        at: i64,
    ) -> Result<(), sqlx::Error>;
}

/// [`write_all`] in the transaction `tx`: committed when every row is written, rolled back with
/// the row error otherwise (the outer error is a failure to commit or roll back).
pub(super) async fn write_committed<DB, W>(
    mut tx: sqlx::Transaction<'_, DB>,
    prepared: &[Prepared<'_>],
    actor: &str,
    at: i64,
) -> Result<Result<Vec<UpsertOutcome>>>
where
    DB: sqlx::Database,
    W: BulkWriter<Connection = DB::Connection>,
{
    match write_all::<W>(&mut tx, prepared, actor, at).await {
        Ok(outcomes) => {
            tx.commit().await?;
            Ok(Ok(outcomes))
        }
        Err(error) => {
            tx.rollback().await?;
            Ok(Err(error))
        }
    }
}

/// Writes `prepared` inside the caller's transaction: the new certificates in bulk, then each
/// existing one compared and updated. An error leaves the transaction to be rolled back.
pub(super) async fn write_all<W: BulkWriter>(
    conn: &mut W::Connection,
    prepared: &[Prepared<'_>],
    actor: &str,
    at: i64,
) -> Result<Vec<UpsertOutcome>> {
    let created = W::insert_new(conn, prepared, at).await?;
    let mut fresh: Vec<(i64, &Prepared<'_>)> = created
        .iter()
        .map(|(index, id)| (*id, &prepared[*index]))
        .collect();
    fresh.sort_by_key(|(id, _)| *id);
    W::write_extras(conn, &fresh, actor, at, "created", &[]).await?;
    let mut outcomes = Vec::with_capacity(prepared.len());
    for (index, p) in prepared.iter().enumerate() {
        match created.get(&index) {
            Some(id) => outcomes.push(UpsertOutcome::Created(*id)),
            None => outcomes.push(update_existing::<W>(conn, p, actor, at).await?),
        }
    }
    Ok(outcomes)
}

/// Updates (or leaves unchanged) one row whose key exists, on either engine: the stored record
/// is compared with the row; when they differ, the row is rewritten and the history keeps the
/// field diff.
async fn update_existing<W: BulkWriter>(
    conn: &mut W::Connection,
    p: &Prepared<'_>,
    actor: &str,
    at: i64,
) -> Result<UpsertOutcome> {
    let (id, stored) = W::fetch_existing(conn, p).await?;
    let old = compact::decode(&stored).map_err(StoreError::internal)?;
    let record = &p.row.record;
    if &old == record {
        return Ok(UpsertOutcome::Unchanged(id));
    }
    let changes = diff(&old, record)?.to_string();
    W::rewrite(conn, id, p, &old, at).await?;
    W::write_extras(conn, &[(id, p)], actor, at, "updated", &[changes]).await?;
    Ok(UpsertOutcome::Updated(id))
}

/// The batch rule of the module docs: `write` writes rows in one transaction (committed, or
/// rolled back with the error). All rows at once first; if that fails, each row alone, so only
/// a failing row is rejected.
pub(super) async fn batch_then_rows<'p, W, F>(
    prepared: &'p [Prepared<'p>],
    write: W,
) -> Result<Vec<Result<UpsertOutcome, String>>>
where
    W: Fn(&'p [Prepared<'p>]) -> F,
    F: std::future::Future<Output = Result<Result<Vec<UpsertOutcome>>>>,
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

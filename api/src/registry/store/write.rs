//! The write path of the SQLite store: batched upserts with a per-row fallback.
//!
//! Fast path, one transaction per batch: the new certificates of the batch are inserted with
//! multi-row statements (certificates, then their identifiers, search-index entries and history
//! entries), then the rows whose key already exists are compared and updated one by one. If any
//! statement fails, the transaction is rolled back and the batch is written again one row per
//! transaction, so only the failing row is rejected.

use std::collections::HashMap;

use annexa_shared::{CertificateRecord, normalize_entity_name};
use sha2::{Digest, Sha256};
use sqlx::{AssertSqlSafe, Row, SqliteConnection, SqlitePool};

use super::{RowToWrite, UpsertOutcome, code_key};
use crate::error::Error;

/// Rows per multi-row statement (SQLite allows 32,766 parameters; the widest row binds 9).
const CHUNK: usize = 200;

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
pub(super) fn diff(
    old: &CertificateRecord,
    new: &CertificateRecord,
) -> Result<serde_json::Value, Error> {
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

/// One row, prepared for SQL.
pub(super) struct Prepared<'a> {
    pub(super) row: &'a RowToWrite,
    pub(super) number: String,
    pub(super) body: i64,
    pub(super) name: String,
    pub(super) json: String,
}

pub(super) fn prepare(row: &RowToWrite) -> Prepared<'_> {
    let record = &row.record;
    Prepared {
        row,
        number: code_key(&record.certificate_number),
        body: body_hash(&record.certification_body),
        name: normalize_entity_name(&record.entity.name),
        json: super::compact::encode(record),
    }
}

/// `INSERT INTO table (columns) VALUES (?, …), (?, …) …` for `rows` rows.
fn multi_insert(head: &str, columns: usize, rows: usize, tail: &str) -> String {
    let one = format!("({})", vec!["?"; columns].join(", "));
    format!("{head} VALUES {}{tail}", vec![one; rows].join(", "))
}

/// Writes the identifiers, search-index entries and history of freshly inserted certificates.
async fn write_extras(
    conn: &mut SqliteConnection,
    created: &[(i64, &Prepared<'_>)],
    actor: &str,
    at: i64,
    action: &str,
    changes: &[String],
) -> Result<(), sqlx::Error> {
    let identifiers: Vec<(i64, &str, String)> = created
        .iter()
        .flat_map(|(id, p)| {
            p.row
                .record
                .entity
                .identifiers
                .present()
                .into_iter()
                .map(move |(kind, value)| (*id, super::kind_code(kind), code_key(value)))
        })
        .collect();
    for chunk in identifiers.chunks(CHUNK) {
        let sql = multi_insert(
            "INSERT OR IGNORE INTO certificate_identifiers (certificate_id, kind, value_key)",
            3,
            chunk.len(),
            "",
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (id, kind, value) in chunk {
            query = query.bind(*id).bind(*kind).bind(value.as_str());
        }
        query.execute(&mut *conn).await?;
    }
    let texts: Vec<(i64, &CertificateRecord)> =
        created.iter().map(|(id, p)| (*id, &p.row.record)).collect();
    insert_text(conn, &texts).await?;
    for (n, chunk) in created.chunks(CHUNK).enumerate() {
        let sql = multi_insert(
            "INSERT INTO certificate_history (certificate_id, changed_at, actor, source, action, changes)",
            6,
            chunk.len(),
            "",
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (i, (id, p)) in chunk.iter().enumerate() {
            let change = changes.get(n * CHUNK + i).map_or("{}", String::as_str);
            query = query
                .bind(*id)
                .bind(at)
                .bind(actor)
                .bind(p.row.source.as_str())
                .bind(action)
                .bind(change);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Inserts the rows whose key is new; returns the id created for each row index.
async fn insert_new(
    conn: &mut SqliteConnection,
    prepared: &[Prepared<'_>],
    at: i64,
) -> Result<HashMap<usize, i64>, sqlx::Error> {
    let mut created = HashMap::new();
    let mut claimed: HashMap<(String, i64), usize> = HashMap::new();
    for (chunk_index, chunk) in prepared.chunks(CHUNK).enumerate() {
        let sql = multi_insert(
            "INSERT INTO certificates (number_key, body_hash, name_key, country, status, \
             expiry_date, record, created_at, updated_at)",
            9,
            chunk.len(),
            " ON CONFLICT (number_key, body_hash) DO NOTHING RETURNING id, number_key, body_hash",
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for p in chunk {
            let record = &p.row.record;
            query = query
                .bind(p.number.as_str())
                .bind(p.body)
                .bind(p.name.as_str())
                .bind(record.entity.country.as_str())
                .bind(record.status.as_str())
                .bind(record.expiry_date.to_string())
                .bind(p.json.as_str())
                .bind(at)
                .bind(at);
        }
        for row in query.fetch_all(&mut *conn).await? {
            let key: (String, i64) = (row.try_get("number_key")?, row.try_get("body_hash")?);
            let id: i64 = row.try_get("id")?;
            // The first row of the batch with this key is the one inserted.
            if let Some(index) = chunk
                .iter()
                .position(|p| p.number == key.0 && p.body == key.1)
                .map(|i| chunk_index * CHUNK + i)
                && !claimed.contains_key(&key)
            {
                claimed.insert(key, index);
                created.insert(index, id);
            }
        }
    }
    Ok(created)
}

/// Updates (or leaves unchanged) one row whose key exists.
async fn update_existing(
    conn: &mut SqliteConnection,
    p: &Prepared<'_>,
    actor: &str,
    at: i64,
) -> Result<UpsertOutcome, Error> {
    let existing =
        sqlx::query("SELECT id, record FROM certificates WHERE number_key = ?1 AND body_hash = ?2")
            .bind(p.number.as_str())
            .bind(p.body)
            .fetch_one(&mut *conn)
            .await?;
    let id: i64 = existing.try_get("id")?;
    let old: CertificateRecord =
        super::compact::decode(existing.try_get::<&str, _>("record")?).map_err(Error::internal)?;
    let record = &p.row.record;
    if &old == record {
        return Ok(UpsertOutcome::Unchanged(id));
    }
    let changes = diff(&old, record)?.to_string();
    sqlx::query(
        "UPDATE certificates SET name_key = ?2, country = ?3, status = ?4, expiry_date = ?5, \
         record = ?6, updated_at = ?7 WHERE id = ?1",
    )
    .bind(id)
    .bind(p.name.as_str())
    .bind(record.entity.country.as_str())
    .bind(record.status.as_str())
    .bind(record.expiry_date.to_string())
    .bind(p.json.as_str())
    .bind(at)
    .execute(&mut *conn)
    .await?;
    for (kind, value) in old.entity.identifiers.present() {
        sqlx::query(
            "DELETE FROM certificate_identifiers WHERE value_key = ?1 AND kind = ?2 \
             AND certificate_id = ?3",
        )
        .bind(code_key(value))
        .bind(super::kind_code(kind))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("DELETE FROM certificates_fts WHERE rowid = ?1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    write_extras(conn, &[(id, p)], actor, at, "updated", &[changes]).await?;
    Ok(UpsertOutcome::Updated(id))
}

/// Writes `prepared` inside the caller's transaction; an error leaves the transaction to be
/// rolled back.
async fn write_all(
    conn: &mut SqliteConnection,
    prepared: &[Prepared<'_>],
    actor: &str,
    at: i64,
) -> Result<Vec<UpsertOutcome>, Error> {
    let created = insert_new(conn, prepared, at).await?;
    let mut fresh: Vec<(i64, &Prepared<'_>)> = created
        .iter()
        .map(|(index, id)| (*id, &prepared[*index]))
        .collect();
    fresh.sort_by_key(|(id, _)| *id);
    write_extras(conn, &fresh, actor, at, "created", &[]).await?;
    let mut outcomes = Vec::with_capacity(prepared.len());
    for (index, p) in prepared.iter().enumerate() {
        match created.get(&index) {
            Some(id) => outcomes.push(UpsertOutcome::Created(*id)),
            None => outcomes.push(update_existing(conn, p, actor, at).await?),
        }
    }
    Ok(outcomes)
}

/// Writes a batch (see the module docs). One result per row, in order.
pub async fn upsert_batch(
    pool: &SqlitePool,
    rows: &[RowToWrite],
    actor: &str,
) -> Result<Vec<Result<UpsertOutcome, String>>, Error> {
    let at = now();
    let prepared: Vec<Prepared<'_>> = rows.iter().map(prepare).collect();
    super::batch_then_rows(&prepared, |batch| {
        write_in_transaction(pool, batch, actor, at)
    })
    .await
}

/// Writes `prepared` in one transaction: committed, or rolled back with the error.
async fn write_in_transaction(
    pool: &SqlitePool,
    prepared: &[Prepared<'_>],
    actor: &str,
    at: i64,
) -> Result<Result<Vec<UpsertOutcome>, Error>, Error> {
    let mut conn = pool.acquire().await?;
    // Imports insert into the name and identifier indexes in random order: a larger page cache
    // (32 MiB, allocated only as used) keeps their pages in memory between batches.
    sqlx::query("PRAGMA cache_size = -32768")
        .execute(&mut *conn)
        .await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    match write_all(&mut tx, prepared, actor, at).await {
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

/// Adds `records` (with their ids) to the full-text index.
async fn insert_text(
    conn: &mut SqliteConnection,
    records: &[(i64, &CertificateRecord)],
) -> Result<(), sqlx::Error> {
    for chunk in records.chunks(CHUNK) {
        let sql = multi_insert(
            "INSERT INTO certificates_fts (rowid, name, scope)",
            3,
            chunk.len(),
            "",
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (id, record) in chunk {
            query = query
                .bind(*id)
                .bind(record.entity.name.as_str())
                .bind(indexed_scope(record));
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds copied `records` (with their ids) to the full-text index, in one transaction.
pub(super) async fn index_text(
    pool: &SqlitePool,
    records: &[(i64, CertificateRecord)],
) -> Result<(), Error> {
    let mut tx = pool.begin().await?;
    let texts: Vec<(i64, &CertificateRecord)> = records.iter().map(|(id, r)| (*id, r)).collect();
    insert_text(&mut tx, &texts).await?;
    tx.commit().await?;
    Ok(())
}

//! The SQLite engine (schema: `api/migrations/sqlite/0100_certificates.sql`, the full-text index
//! as rebuilt by `0101_certificates_text_prefixes.sql`): what it does its own way — multi-row
//! `VALUES` inserts, the FTS5 index in its own table (built once after a bulk load), the
//! full-text candidates — behind the [`BulkWriter`] seam and the functions the registry calls.

use std::collections::HashMap;

use annexa_shared::CertificateRecord;
use sqlx::{AssertSqlSafe, Row, SqliteConnection, SqlitePool};

use super::rows::{BulkWriter, Prepared, indexed_scope, write_committed};
use super::{TEXT_CANDIDATES, UpsertOutcome, code_key, kind_code};
use crate::store::Result;

/// Rows per multi-row statement (SQLite allows 32,766 parameters; the widest row binds 9).
const CHUNK: usize = 200;

/// The statement `INSERT INTO table (columns) VALUES (?, …), (?, …) … tail` for `rows` rows,
/// its values still to bind.
fn multi_insert(
    head: &str,
    columns: usize,
    rows: usize,
    tail: &str,
) -> sqlx::query::Query<'static, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    let one = format!("({})", vec!["?"; columns].join(", "));
    sqlx::query(AssertSqlSafe(format!(
        "{head} VALUES {}{tail}",
        vec![one; rows].join(", ")
    )))
}

/// Binds the columns stored from a prepared row, in this order: name_key, country, status,
/// expiry_date, record.
fn bind_stored<'q>(
    query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
    p: &'q Prepared<'_>,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    let record = &p.row.record;
    query
        .bind(p.name.as_str())
        .bind(record.entity.country.as_str())
        .bind(record.status.as_str())
        .bind(record.expiry_date.to_string())
        .bind(p.json.as_str())
}

/// The SQLite engine of the write path; `INDEX_TEXT` false during a bulk load, whose full-text
/// entries are written at its end ([`rebuild_text_index`]).
pub(super) struct Sqlite<const INDEX_TEXT: bool>;

impl<const INDEX_TEXT: bool> BulkWriter for Sqlite<INDEX_TEXT> {
    type Connection = SqliteConnection;

    async fn insert_new(
        conn: &mut SqliteConnection,
        prepared: &[Prepared<'_>],
        at: i64,
    ) -> Result<HashMap<usize, i64>, sqlx::Error> {
        let mut created = HashMap::new();
        // The first row of the batch with each key: the one an insert of that key came from.
        let mut first: HashMap<(&str, i64), usize> = HashMap::with_capacity(prepared.len());
        for (index, p) in prepared.iter().enumerate() {
            first.entry((p.number.as_str(), p.body)).or_insert(index);
        }
        for chunk in prepared.chunks(CHUNK) {
            let mut query = multi_insert(
                "INSERT INTO certificates (number_key, body_hash, name_key, country, status, \
                 expiry_date, record, created_at, updated_at)",
                9,
                chunk.len(),
                " ON CONFLICT (number_key, body_hash) DO NOTHING RETURNING id, number_key, body_hash",
            );
            for p in chunk {
                query = bind_stored(query.bind(p.number.as_str()).bind(p.body), p)
                    .bind(at)
                    .bind(at);
            }
            for row in query.fetch_all(&mut *conn).await? {
                let number: &str = row.try_get("number_key")?;
                let key = (number, row.try_get::<i64, _>("body_hash")?);
                if let Some(index) = first.get(&key) {
                    created.insert(*index, row.try_get::<i64, _>("id")?);
                }
            }
        }
        Ok(created)
    }

    async fn write_extras(
        conn: &mut SqliteConnection,
        written: &[(i64, &Prepared<'_>)],
        actor: &str,
        at: i64,
        action: &str,
        changes: &[String],
    ) -> Result<(), sqlx::Error> {
        let identifiers: Vec<(i64, &str, String)> = written
            .iter()
            .flat_map(|(id, p)| {
                p.row
                    .record
                    .entity
                    .identifiers
                    .present()
                    .into_iter()
                    .map(move |(kind, value)| (*id, kind_code(kind), code_key(value)))
            })
            .collect();
        for chunk in identifiers.chunks(CHUNK) {
            let mut query = multi_insert(
                "INSERT OR IGNORE INTO certificate_identifiers (certificate_id, kind, value_key)",
                3,
                chunk.len(),
                "",
            );
            for (id, kind, value) in chunk {
                query = query.bind(*id).bind(*kind).bind(value.as_str());
            }
            query.execute(&mut *conn).await?;
        }
        if INDEX_TEXT {
            let texts: Vec<(i64, &CertificateRecord)> =
                written.iter().map(|(id, p)| (*id, &p.row.record)).collect();
            insert_text(conn, &texts).await?;
        }
        for (n, chunk) in written.chunks(CHUNK).enumerate() {
            let mut query = multi_insert(
                "INSERT INTO certificate_history (certificate_id, changed_at, actor, source, action, changes)",
                6,
                chunk.len(),
                "",
            );
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

    async fn fetch_existing(
        conn: &mut SqliteConnection,
        p: &Prepared<'_>,
    ) -> Result<(i64, String), sqlx::Error> {
        sqlx::query_as(
            "SELECT id, record FROM certificates WHERE number_key = ?1 AND body_hash = ?2",
        )
        .bind(p.number.as_str())
        .bind(p.body)
        .fetch_one(&mut *conn)
        .await
    }

    async fn rewrite(
        conn: &mut SqliteConnection,
        id: i64,
        p: &Prepared<'_>,
        old: &CertificateRecord,
        at: i64,
    ) -> Result<(), sqlx::Error> {
        let update = sqlx::query(
            "UPDATE certificates SET name_key = ?2, country = ?3, status = ?4, expiry_date = ?5, \
             record = ?6, updated_at = ?7 WHERE id = ?1",
        );
        bind_stored(update.bind(id), p)
            .bind(at)
            .execute(&mut *conn)
            .await?;
        for (kind, value) in old.entity.identifiers.present() {
            sqlx::query(
                "DELETE FROM certificate_identifiers WHERE value_key = ?1 AND kind = ?2 \
                 AND certificate_id = ?3",
            )
            .bind(code_key(value))
            .bind(kind_code(kind))
            .bind(id)
            .execute(&mut *conn)
            .await?;
        }
        // The new entry is written with the identifiers and history (`write_extras`).
        sqlx::query("DELETE FROM certificates_fts WHERE rowid = ?1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

/// Writes `prepared` in one transaction: committed, or rolled back with the error.
pub(super) async fn write_in_transaction(
    pool: &SqlitePool,
    prepared: &[Prepared<'_>],
    actor: &str,
    at: i64,
    index_text: bool,
) -> Result<Result<Vec<UpsertOutcome>>> {
    let mut conn = pool.acquire().await?;
    // Imports insert into the name and identifier indexes in random order: a larger page cache
    // (256 MiB, allocated only as used) keeps their pages in memory between batches.
    sqlx::query("PRAGMA cache_size = -262144")
        .execute(&mut *conn)
        .await?;
    let tx = sqlx::Connection::begin(&mut *conn).await?;
    if index_text {
        write_committed::<_, Sqlite<true>>(tx, prepared, actor, at).await
    } else {
        write_committed::<_, Sqlite<false>>(tx, prepared, actor, at).await
    }
}

/// True when the registry holds no certificate.
pub(super) async fn is_empty(pool: &SqlitePool) -> Result<bool> {
    let any: Option<i64> = sqlx::query_scalar("SELECT id FROM certificates LIMIT 1")
        .fetch_optional(pool)
        .await?;
    Ok(any.is_none())
}

/// True when the newest certificate has no full-text entry: a bulk load stopped before its end.
/// (Certificates are never deleted, and each is indexed in the transaction that writes it
/// otherwise, so the highest ids agree.)
pub(super) async fn text_index_is_behind(pool: &SqlitePool) -> Result<bool> {
    let (certificates, indexed): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT max(id) FROM certificates), \
         (SELECT rowid FROM certificates_fts ORDER BY rowid DESC LIMIT 1)",
    )
    .fetch_one(pool)
    .await?;
    Ok(certificates != indexed)
}

/// Builds the full-text index of every certificate from the stored records, in one
/// transaction: the same text as [`indexed_scope`] (entity name; scope, then each site's city
/// and scope, one per line), read by SQLite from the stored form (`compact`: `[6][0]` the
/// entity name, `[7]` the scope, `[8]` the sites, each `[name, address, city, country,
/// scope]`). Migration `0101` fills the index with the same statement; the test
/// `a_bulk_load_finds_what_row_by_row_writes_find` pins that both texts agree.
pub(super) async fn rebuild_text_index(pool: &SqlitePool) -> Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO certificates_fts (certificates_fts) VALUES ('delete-all')")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO certificates_fts (rowid, name, scope) \
         SELECT c.id, json_extract(c.record, '$[6][0]'), \
                json_extract(c.record, '$[7]') || coalesce(( \
                    SELECT group_concat(coalesce(char(10) || json_extract(s.value, '$[2]'), '') \
                                        || coalesce(char(10) || json_extract(s.value, '$[4]'), ''), '') \
                    FROM json_each(c.record, '$[8]') AS s), '') \
         FROM certificates c ORDER BY c.id",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds `records` (with their ids) to the full-text index.
async fn insert_text(
    conn: &mut SqliteConnection,
    records: &[(i64, &CertificateRecord)],
) -> Result<(), sqlx::Error> {
    for chunk in records.chunks(CHUNK) {
        let mut query = multi_insert(
            "INSERT INTO certificates_fts (rowid, name, scope)",
            3,
            chunk.len(),
            "",
        );
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

/// The first [`TEXT_CANDIDATES`] certificates matching an FTS5 query (unranked), with their
/// normalised entity names.
pub(super) async fn text_candidates(pool: &SqlitePool, query: &str) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "WITH hits AS (SELECT rowid AS id FROM certificates_fts \
         WHERE certificates_fts MATCH $1 LIMIT $2) \
         SELECT h.id, c.name_key FROM hits h JOIN certificates c ON c.id = h.id",
    )
    .bind(query)
    .bind(TEXT_CANDIDATES as i64)
    .fetch_all(pool)
    .await?)
}

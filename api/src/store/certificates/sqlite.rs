//! The SQLite engine (schema: `api/migrations/sqlite/0100_certificates.sql`, the full-text index
//! as rebuilt by `0101_certificates_text_prefixes.sql`): what it does its own way — multi-row
//! `VALUES` inserts, the FTS5 index in its own table, the full-text candidates, and the bulk
//! load into an empty registry (below) — behind the [`BulkWriter`] seam and the functions the
//! registry calls.
//!
//! **Bulk load.** A batch of 1,000 rows in random key order touches about a thousand different
//! pages of each secondary index, and every commit writes each touched page to the WAL again
//! (and a checkpoint to the database file): at 1,000,000 rows the name index, the identifiers
//! and the full-text index made the import write several gigabytes for a 1 GB database. A load
//! into an empty registry ([`begin_load`]) therefore writes only what grows at its end — the
//! certificates in id order, their history, the number index (needed for the upsert; its keys
//! come mostly in order in a registry's export) — and builds the rest once at the end
//! ([`end_load`]), each by a sort instead of random inserts:
//!
//! - the name index is dropped and created again;
//! - identifiers go to `certificate_identifiers_loading`, keyed by certificate id (appended in
//!   order), and are copied into `certificate_identifiers` sorted by value;
//! - the full-text index is filled from the stored records.
//!
//! Until the load ends, searches by name scan the table and identifier and text searches do not
//! see the loaded rows. The loading table exists only during a load: if the process stops
//! midway, [`finish_interrupted_load`] (run whenever the database is opened) sees it, or the
//! missing name index or full-text entries, and ends the load.

use std::collections::HashMap;

use annexa_shared::CertificateRecord;
use sqlx::{AssertSqlSafe, Row, SqliteConnection, SqlitePool};

use super::rows::{BulkWriter, Prepared, indexed_scope, write_committed};
use super::{TEXT_CANDIDATES, UpsertOutcome, code_key, kind_code};
use crate::store::{BeginWrite, Result, SQLITE_BEGIN_WRITE};

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
        .bind(p.name)
        .bind(record.entity.country.as_str())
        .bind(record.status.as_str())
        .bind(record.expiry_date.to_string())
        .bind(p.json)
}

/// The SQLite engine of the write path; `LOADING` true during a bulk load (module docs), whose
/// identifiers go to the loading table and whose full-text entries are written at its end.
pub(super) struct Sqlite<const LOADING: bool>;

impl<const LOADING: bool> Sqlite<LOADING> {
    /// Where this writer keeps identifiers.
    const IDENTIFIERS: &'static str = if LOADING {
        "certificate_identifiers_loading"
    } else {
        "certificate_identifiers"
    };
}

impl<const LOADING: bool> BulkWriter for Sqlite<LOADING> {
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
            first.entry((p.number, p.body)).or_insert(index);
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
                query = bind_stored(query.bind(p.number).bind(p.body), p)
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
            let head = format!(
                "INSERT OR IGNORE INTO {} (certificate_id, kind, value_key)",
                Self::IDENTIFIERS
            );
            let mut query = multi_insert(&head, 3, chunk.len(), "");
            for (id, kind, value) in chunk {
                query = query.bind(*id).bind(*kind).bind(value.as_str());
            }
            query.execute(&mut *conn).await?;
        }
        if !LOADING {
            let texts: Vec<(i64, &CertificateRecord)> =
                written.iter().map(|(id, p)| (*id, &p.row.record)).collect();
            insert_text(conn, &texts).await?;
        }
        for (n, chunk) in written.chunks(CHUNK).enumerate() {
            let mut query = multi_insert(
                "INSERT INTO certificate_history (certificate_id, changed_at, actor, source_id, \
                 source_line, action, changes)",
                7,
                chunk.len(),
                "",
            );
            for (i, (id, p)) in chunk.iter().enumerate() {
                let change = changes.get(n * CHUNK + i).map_or("{}", String::as_str);
                query = query
                    .bind(*id)
                    .bind(at)
                    .bind(actor)
                    .bind(p.source_id)
                    .bind(p.source_line)
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
        .bind(p.number)
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
            let delete = if LOADING {
                "DELETE FROM certificate_identifiers_loading WHERE value_key = ?1 AND kind = ?2 \
                 AND certificate_id = ?3"
            } else {
                "DELETE FROM certificate_identifiers WHERE value_key = ?1 AND kind = ?2 \
                 AND certificate_id = ?3"
            };
            sqlx::query(delete)
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

/// Writes `prepared` in one transaction on `conn`: committed, or rolled back with the error.
pub(super) async fn write_in_transaction(
    conn: &mut SqliteConnection,
    prepared: &[Prepared<'_>],
    actor: &str,
    at: i64,
    loading: bool,
) -> Result<Result<Vec<UpsertOutcome>>> {
    // Imports insert into the name and identifier indexes in random order: a larger page cache
    // (256 MiB, allocated only as used) keeps their pages in memory between batches.
    sqlx::query("PRAGMA cache_size = -262144")
        .execute(&mut *conn)
        .await?;
    let tx = sqlx::Connection::begin_with(&mut *conn, SQLITE_BEGIN_WRITE).await?;
    if loading {
        write_committed::<_, Sqlite<true>>(tx, prepared, actor, at).await
    } else {
        write_committed::<_, Sqlite<false>>(tx, prepared, actor, at).await
    }
}

/// The name index as `0100_certificates.sql` creates it (dropped during a bulk load).
const CREATE_NAME_INDEX: &str =
    "CREATE INDEX IF NOT EXISTS certificates_by_name ON certificates (name_key, country)";

/// Begins a bulk load (module docs) when the registry holds no certificate: the loading table
/// for identifiers, no name index. False, and nothing changed, when it holds some.
pub(super) async fn begin_load(pool: &SqlitePool) -> Result<bool> {
    let mut tx = pool.begin_write().await?;
    let any: Option<i64> = sqlx::query_scalar("SELECT id FROM certificates LIMIT 1")
        .fetch_optional(&mut *tx)
        .await?;
    if any.is_some() {
        return Ok(false);
    }
    // Keyed by certificate id first: new certificates have increasing ids, so the rows are
    // appended, and an update during the load finds the old identifiers by id.
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS certificate_identifiers_loading (\
             certificate_id INTEGER NOT NULL, kind TEXT NOT NULL, value_key TEXT NOT NULL, \
             PRIMARY KEY (certificate_id, kind, value_key)) WITHOUT ROWID",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("DROP INDEX IF EXISTS certificates_by_name")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Ends a bulk load: identifiers in place, the name index, the full-text index. Each step is
/// its own transaction and can be run again, so a load stopped anywhere (even here) is ended
/// by [`finish_interrupted_load`].
pub(super) async fn end_load(pool: &SqlitePool) -> Result<()> {
    move_loaded_identifiers(pool).await?;
    sqlx::query(CREATE_NAME_INDEX).execute(pool).await?;
    rebuild_text_index(pool).await?;
    shrink_write_ahead_log(pool).await
}

/// Copies what the write-ahead log holds into the database file and empties the log's file.
///
/// SQLite reuses its log from the start after each checkpoint but never shrinks the file: after
/// a bulk load, whose index builds are transactions of a hundred megabytes or more, the log
/// stayed 116 MiB beside a 990 MiB database at 1,000,000 records (docs/BENCHMARKS.md). Only
/// worth its cost after such a load. When a reader still holds an older snapshot (a server on
/// the same file), SQLite waits for it up to the busy timeout (5 s), then copies what it can and
/// leaves the file as it is: not an error.
async fn shrink_write_ahead_log(pool: &SqlitePool) -> Result<()> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_all(pool)
        .await?;
    Ok(())
}

/// Copies the identifiers of a load into `certificate_identifiers`, in the order of its key (a
/// sorted append instead of random inserts), and drops the loading table.
async fn move_loaded_identifiers(pool: &SqlitePool) -> Result<()> {
    let mut tx = pool.begin_write().await?;
    sqlx::query(
        "INSERT OR IGNORE INTO certificate_identifiers (value_key, kind, certificate_id) \
         SELECT value_key, kind, certificate_id FROM certificate_identifiers_loading \
         ORDER BY value_key, kind, certificate_id",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("DROP TABLE certificate_identifiers_loading")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a bulk load that stopped before its end (module docs): true when there was one. Cheap
/// when there was none (three lookups).
pub(super) async fn finish_interrupted_load(pool: &SqlitePool) -> Result<bool> {
    let (loading, name_index): (bool, bool) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' \
                        AND name = 'certificate_identifiers_loading'), \
                EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' \
                        AND name = 'certificates_by_name')",
    )
    .fetch_one(pool)
    .await?;
    if loading {
        move_loaded_identifiers(pool).await?;
    }
    if !name_index {
        sqlx::query(CREATE_NAME_INDEX).execute(pool).await?;
    }
    let text_behind = text_index_is_behind(pool).await?;
    if text_behind {
        rebuild_text_index(pool).await?;
    }
    let finished = loading || !name_index || text_behind;
    if finished {
        shrink_write_ahead_log(pool).await?;
    }
    Ok(finished)
}

/// True when the newest certificate has no full-text entry: a bulk load stopped before its end.
/// (Certificates are never deleted, and each is indexed in the transaction that writes it
/// otherwise, so the highest ids agree.)
async fn text_index_is_behind(pool: &SqlitePool) -> Result<bool> {
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
    let mut tx = pool.begin_write().await?;
    // FTS5 gathers the terms of the rows a transaction adds in memory and writes them out as a
    // new segment of the index each time they pass its `hashsize` (1 MiB by default); segments
    // are then merged again and again. A rebuild adds every certificate in one transaction: at
    // 64 MiB it writes 64 times fewer segments, and its insert took 16 s instead of 27 s at
    // 1,000,000 records (docs/BENCHMARKS.md), for about 85 MB more memory while it runs. The
    // setting is kept with the index; writes of a few rows at a time never reach it.
    sqlx::query(TEXT_INDEX_HASHSIZE).execute(&mut *tx).await?;
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

/// The full-text index's in-memory size for terms before it writes a segment: 64 MiB (see
/// [`rebuild_text_index`]).
const TEXT_INDEX_HASHSIZE: &str =
    "INSERT INTO certificates_fts (certificates_fts, rank) VALUES ('hashsize', 67108864)";

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

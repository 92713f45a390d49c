//! How the batches of a PostgreSQL bulk load into an empty registry are written (an import run
//! to its end, see [`super::Registry::begin_load`]; the indexes the load leaves out until its end
//! are `postgres`'s).
//!
//! **Where the time went.** The server did five times the client's work: the `tsvector` of every
//! row (parser, `unaccent`, Snowball stemmer), the heap, the number index and the WAL, all in the
//! one backend that the import's single connection drove, while the other core waited.
//!
//! **Batches of new rows.** A batch whose keys this load has not written yet and which repeats
//! none of them (a registry's export: every batch but the rare one listing a certificate twice) is
//! known to create every row, so it needs neither `ON CONFLICT` nor `RETURNING`: its ids are
//! taken from the id sequence first, in file order, and its rows written with them — so the batch
//! is split in two halves written at once on two connections, each half in its own transaction
//! (one statement: certificates, identifiers, history), and the ids still follow the file.
//!
//! Any other batch, and any half that fails (a row another writer created meanwhile: the unique
//! index refuses it; text PostgreSQL cannot store), is written by the path every write takes
//! ([`write_in_transaction`], batch then rows), so reports, rejections and histories are those of
//! that path. A half that failed leaves nothing behind (its transaction is rolled back) but the
//! ids it had taken: ids may have gaps on PostgreSQL (see `postgres`).
//!
//! Not `COPY`: sqlx sends a copy's data and its end in two writes on a socket without
//! `TCP_NODELAY`, and the end then waits for the server's delayed acknowledgement (some 40 ms
//! per `COPY`; the import ran 40–130 % longer, its backends waiting in `ClientRead`). The
//! `tsvector` of each row must be worked out by the server anyway, which `COPY` cannot call.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

use sqlx::{PgConnection, PgPool};

use super::postgres::{INSERT_NEW_ROWS, document, write_in_transaction};
use super::rows::{Prepared, batch_then_rows};
use super::{UpsertOutcome, code_key, kind_code};
use crate::store::{BeginWrite, Result};

/// What a PostgreSQL load remembers between batches: a hash of the key (number key and body) of
/// every row it has written, so that a batch known to be all new skips the upsert. A hash that
/// two keys share only sends a batch down the upsert path, which is right for any row.
#[derive(Debug, Default)]
pub(super) struct Load {
    written: Mutex<HashSet<u64>>,
}

fn key_hash(p: &Prepared<'_>) -> u64 {
    let mut hasher = DefaultHasher::new();
    p.number.hash(&mut hasher);
    p.body.hash(&mut hasher);
    hasher.finish()
}

/// Writes one batch of a load: the new rows' way when they are all new (module docs), the
/// upsert's otherwise. One result per row, as [`batch_then_rows`] gives them.
pub(super) async fn write_batch(
    pool: &PgPool,
    load: &Load,
    prepared: &[Prepared<'_>],
    actor: &str,
    at: i64,
) -> Result<Vec<Result<UpsertOutcome, String>>> {
    let keys: Vec<u64> = prepared.iter().map(key_hash).collect();
    let all_new = {
        let written = load.written.lock().unwrap_or_else(|e| e.into_inner());
        let mut seen = HashSet::with_capacity(keys.len());
        keys.iter().all(|k| !written.contains(k) && seen.insert(*k))
    };
    let outcomes = if all_new && !prepared.is_empty() {
        let ids = take_ids(pool, prepared.len()).await?;
        let half = prepared.len().div_ceil(2);
        let (first, second) = tokio::try_join!(
            write_new_rows(pool, &prepared[..half], &ids[..half], actor, at),
            write_new_rows(pool, &prepared[half..], &ids[half..], actor, at),
        )?;
        first.into_iter().chain(second).collect()
    } else {
        upsert(pool, prepared, actor, at).await?
    };
    let mut written = load.written.lock().unwrap_or_else(|e| e.into_inner());
    written.extend(
        keys.iter()
            .zip(&outcomes)
            .filter(|(_, outcome)| outcome.is_ok())
            .map(|(key, _)| *key),
    );
    Ok(outcomes)
}

/// `count` new certificate ids from the id sequence, increasing (other writers may take
/// numbers between them).
async fn take_ids(pool: &PgPool, count: usize) -> Result<Vec<i64>> {
    let mut ids: Vec<i64> = sqlx::query_scalar(
        "SELECT nextval(s.id) FROM \
         (SELECT pg_get_serial_sequence('certificates', 'id')::regclass AS id) AS s, \
         generate_series(1, $1)",
    )
    .bind(count as i64)
    .fetch_all(pool)
    .await?;
    ids.sort_unstable();
    Ok(ids)
}

/// Writes rows known to be new with the ids `ids` in one transaction; if that fails, writes them
/// as any batch is written.
async fn write_new_rows(
    pool: &PgPool,
    rows: &[Prepared<'_>],
    ids: &[i64],
    actor: &str,
    at: i64,
) -> Result<Vec<Result<UpsertOutcome, String>>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = pool.begin_write().await?;
    match insert_new(&mut tx, rows, ids, actor, at).await {
        Ok(()) => {
            tx.commit().await?;
            return Ok(ids
                .iter()
                .map(|id| Ok(UpsertOutcome::Created(*id)))
                .collect());
        }
        Err(error) => {
            tx.rollback().await?;
            tracing::info!(%error, "new rows of a load not written at once; upserting them");
        }
    }
    upsert(pool, rows, actor, at).await
}

/// `rows` written as every write is (batch, then row by row): the way out for any batch or half
/// that the new rows' way does not take.
async fn upsert(
    pool: &PgPool,
    rows: &[Prepared<'_>],
    actor: &str,
    at: i64,
) -> Result<Vec<Result<UpsertOutcome, String>>> {
    batch_then_rows(rows, |batch| write_in_transaction(pool, batch, actor, at)).await
}

/// The statement of [`write_new_rows`] ([`INSERT_NEW_ROWS`]).
async fn insert_new(
    conn: &mut PgConnection,
    rows: &[Prepared<'_>],
    ids: &[i64],
    actor: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    let column = |f: fn(&Prepared<'_>) -> String| rows.iter().map(f).collect::<Vec<_>>();
    let (mut owners, mut kinds, mut values) = (Vec::new(), Vec::new(), Vec::new());
    for (id, p) in ids.iter().zip(rows) {
        for (kind, value) in p.row.record.entity.identifiers.present() {
            owners.push(*id);
            kinds.push(kind_code(kind));
            values.push(code_key(value));
        }
    }
    sqlx::query(INSERT_NEW_ROWS)
        .bind(ids)
        .bind(rows.iter().map(|p| p.number).collect::<Vec<&str>>())
        .bind(rows.iter().map(|p| p.body).collect::<Vec<i64>>())
        .bind(rows.iter().map(|p| p.name).collect::<Vec<&str>>())
        .bind(column(|p| p.row.record.entity.country.clone()))
        .bind(
            rows.iter()
                .map(|p| p.row.record.status.as_str())
                .collect::<Vec<&str>>(),
        )
        .bind(column(|p| p.row.record.expiry_date.to_string()))
        .bind(rows.iter().map(|p| p.json).collect::<Vec<&str>>())
        .bind(column(|p| document(&p.row.record)))
        .bind(at)
        .bind(owners)
        .bind(kinds)
        .bind(values)
        .bind(actor)
        .bind(rows.iter().map(|p| p.source_id).collect::<Vec<i64>>())
        .bind(
            rows.iter()
                .map(|p| p.source_line)
                .collect::<Vec<Option<i64>>>(),
        )
        .execute(&mut *conn)
        .await?;
    Ok(())
}

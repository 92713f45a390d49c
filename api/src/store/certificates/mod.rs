//! The certificate registry's storage: [`Registry`], a plain type over the [`Pool`], on SQLite
//! (schema: `api/migrations/sqlite/0100_certificates.sql`) or PostgreSQL
//! (`api/migrations/postgres/0100_certificates.sql`), with the same behaviour on both.
//!
//! - this module — the types, the lookups by number, identifier and name, the history and the
//!   count: one SQL text each, run on either engine by [`on_pool!`];
//! - [`search`] — paging, capped counts, ties and the text-search ranking,
//!   written once;
//! - `kept` — PostgreSQL's point lookups kept in memory until the registry changes (a trigger
//!   notifies every instance);
//! - `reader` — SQLite's point lookups (the same SQL) run on the calling thread over a
//!   connection it keeps, instead of a hop to sqlx's connection thread: most of a
//!   verification's database time was that hop;
//! - `rows` — the write path: row preparation, the diff, and the batch rule below;
//! - `sources` — where a history entry came from: each import's name stored once, the entries
//!   pointing to it with their line;
//! - `sqlite` / `postgres` — what each engine does its own way: bulk inserts, the full-text
//!   index and its candidates, PostgreSQL's trigram name fallback, index rebuild after a move.
//! - `postgres_load` — how PostgreSQL's bulk load writes its batches of new rows: ids taken
//!   first, two connections at once, identifiers and history by `COPY`.
//!
//! **Writes are per row, committed in batches.** [`Registry::upsert_batch`] writes a batch of
//! already-validated rows in one transaction (fast: one commit per batch). If any statement
//! fails, the whole batch is rolled back and written again one row per transaction, so the
//! failing row alone is rejected and every other row is kept. Either way a row is written
//! completely (record, identifiers, search index, history) or not at all, and a row is reported
//! `created`/`updated` only after its transaction committed.

// The columns and order of a certificate lookup (defined before the engine modules, so they see
// them). Macros, not consts, so that every SQL string stays a `&'static str` built by `concat!`
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
// A lookup of at most 20 certificates, best first ([`best_first_order`]): the SQL with the
// order, and the same without it and with one row more, which SQLite answers without the
// temporary B-tree it builds for the order (see [`Lookup`]).
// Given the same lookup for many at once (PostgreSQL, see `gather`): its parameters' array
// types and its `FROM … WHERE …` with `u.a` and `u.b` for the first and second parameter.
macro_rules! best_first_lookup {
    ($select:expr) => {
        Lookup {
            sql: concat!($select, " ", best_first!(), " LIMIT 20"),
            unordered: Some(concat!($select, " LIMIT 21")),
            many: None,
        }
    };
    ($select:expr, many($arrays:literal, $from_where:literal)) => {
        Lookup {
            many: Some(concat!(
                "SELECT u.o, ",
                columns!(),
                " FROM UNNEST(",
                $arrays,
                ") WITH ORDINALITY AS u(a, b, o) CROSS JOIN LATERAL (SELECT ",
                columns!(),
                " ",
                $from_where,
                " ",
                best_first!(),
                " LIMIT 20) c"
            )),
            ..best_first_lookup!($select)
        }
    };
}

mod compact;
mod gather;
pub(crate) mod kept;
mod postgres;
mod postgres_load;
mod reader;
mod rows;
pub mod search;
mod sources;
mod sqlite;

use std::sync::Arc;

use annexa_shared::{CertificateRecord, CertificateStatus, normalize_entity_name};
use serde::Serialize;

pub use kept::KeptStats;
pub use reader::ASK_AGAIN_AFTER;
use reader::Param;
pub(crate) use reader::forget_connections;
pub use rows::{PreparedRow, body_hash};
pub use search::{COUNT_CAP, Criterion, SearchPage, TEXT_CANDIDATES, fts_query};
pub use sources::RowSource;

use crate::on_pool;
use crate::store::{Columns, Pool, Result, StoreError};

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

/// The SQL of a point lookup (a `columns!()` select).
#[derive(Debug, Clone, Copy)]
struct Lookup {
    /// The lookup, with its order and limit when it has them.
    sql: &'static str,
    /// For a lookup of at most 20 certificates best first (`best_first_lookup!`): the same
    /// without the order, limited to 21. When it finds 20 rows or fewer, they are all there
    /// are, and sorted by [`best_first_order`] they are what `sql` finds; only when it finds 21
    /// is `sql` asked. SQLite asks it first: most numbers, identifiers and names have one
    /// certificate, and the order made SQLite build and drop a temporary B-tree for each lookup
    /// (about 12,000 instructions, a twentieth of verifying a certificate not kept in memory).
    unordered: Option<&'static str>,
    /// On PostgreSQL, the same lookup for many at once (see `gather`): lookups of this kind
    /// asked while others are under way go together in one round trip.
    many: Option<&'static str>,
}

/// `best_first!()`'s order: active certificates first, then the latest expiry, then the newest
/// id. The `status` and `expiry_date` columns are written from the record's status and expiry
/// date (`YYYY-MM-DD`, which sorts as the dates do).
fn best_first_order(a: &StoredCertificate, b: &StoredCertificate) -> std::cmp::Ordering {
    let active = |c: &StoredCertificate| c.certificate.status == CertificateStatus::Active;
    active(b)
        .cmp(&active(a))
        .then(b.certificate.expiry_date.cmp(&a.certificate.expiry_date))
        .then(b.id.cmp(&a.id))
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
    /// Where it came from, kept in the history: a file name and line, `api import, line 12`.
    pub source: RowSource,
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

/// The certificate registry over a [`Pool`], whichever engine it is. Cheap to create (the pool
/// is shared), so routes and commands make one per request.
#[derive(Debug, Clone)]
pub struct Registry {
    pool: Pool,
    /// The ids of the sources this registry wrote rows of (an import's, found once).
    sources: sources::SourceIds,
}

impl Registry {
    /// The registry over `pool` (migrations already applied).
    pub fn new(pool: &Pool) -> Self {
        Registry {
            pool: pool.clone(),
            sources: sources::SourceIds::default(),
        }
    }

    /// Writes validated rows (see the module docs for the transaction rule). One result per
    /// row, in order; `Err` holds the reason a row was rejected.
    pub async fn upsert_batch(
        &self,
        rows: &[RowToWrite],
        actor: &str,
    ) -> Result<Vec<Result<UpsertOutcome, String>>> {
        self.write_batch(rows, actor, None).await
    }

    /// Starts a large write (an import). When the registry is empty, the rows of the import are
    /// written without their secondary indexes and [`Registry::end_load`] builds them once at
    /// the end, by sorting, instead of a thousand small updates of random pages. On SQLite
    /// (see `sqlite.rs`) these are the name, identifier and full-text indexes; until the end,
    /// searches by identifier and text do not see the imported rows and a search by name reads
    /// the whole table. On PostgreSQL they are the name, trigram and text indexes; until the
    /// end, searches by name and text read the whole table. Verification by number, lookups by
    /// id and history are unchanged. `None` when rows are indexed as they are written.
    pub async fn begin_load(&self) -> Result<Option<BulkLoad>> {
        match &self.pool {
            Pool::Sqlite(pool, _) if sqlite::begin_load(pool).await? => {
                let writer = pool.acquire().await?;
                Ok(Some(BulkLoad(LoadOn::Sqlite(tokio::sync::Mutex::new(
                    writer,
                )))))
            }
            Pool::Postgres(pool, ..) if postgres::begin_load(pool).await? => Ok(Some(BulkLoad(
                LoadOn::Postgres(postgres_load::Load::default()),
            ))),
            _ => Ok(None),
        }
    }

    /// [`Registry::upsert_batch`] within a load begun with [`Registry::begin_load`].
    pub async fn load_batch(
        &self,
        rows: &[RowToWrite],
        actor: &str,
        load: Option<&BulkLoad>,
    ) -> Result<Vec<Result<UpsertOutcome, String>>> {
        self.write_batch(rows, actor, load).await
    }

    /// Ends a load: builds the indexes left out while loading (a load interrupted before this
    /// is finished by [`finish_interrupted_load`] when the database is next opened).
    pub async fn end_load(&self, load: BulkLoad) -> Result<()> {
        // The load's own connection goes back to the pool first: the indexes are built
        // through the pool.
        drop(load);
        match &self.pool {
            Pool::Sqlite(pool, _) => {
                let ended = sqlite::end_load(pool).await;
                // The identifiers of the load are now found by lookups.
                reader::registry_written();
                ended
            }
            Pool::Postgres(pool, ..) => postgres::end_load(pool).await,
        }
    }

    /// [`Registry::load_batch`] of rows prepared beforehand ([`PreparedRow::new`], which an
    /// import runs on its parser thread).
    pub async fn load_prepared(
        &self,
        rows: &[PreparedRow],
        actor: &str,
        load: Option<&BulkLoad>,
    ) -> Result<Vec<Result<UpsertOutcome, String>>> {
        let sources = self.source_ids(rows.iter().map(PreparedRow::row)).await?;
        let prepared: Vec<rows::Prepared<'_>> = rows
            .iter()
            .zip(sources)
            .map(|(row, source)| row.view(source))
            .collect();
        self.write_prepared(&prepared, actor, load).await
    }

    async fn write_batch(
        &self,
        rows: &[RowToWrite],
        actor: &str,
        load: Option<&BulkLoad>,
    ) -> Result<Vec<Result<UpsertOutcome, String>>> {
        let keys: Vec<rows::RowKeys> = rows
            .iter()
            .map(|row| rows::RowKeys::of(&row.record))
            .collect();
        let sources = self.source_ids(rows.iter()).await?;
        let prepared: Vec<rows::Prepared<'_>> = rows
            .iter()
            .zip(&keys)
            .zip(sources)
            .map(|((row, keys), source)| rows::Prepared::new(row, keys, source))
            .collect();
        self.write_prepared(&prepared, actor, load).await
    }

    /// The source id of each row, its source stored first when new (in its own transaction,
    /// before the rows': see `sources`).
    async fn source_ids(&self, rows: impl Iterator<Item = &RowToWrite>) -> Result<Vec<i64>> {
        self.sources
            .of(&self.pool, rows.map(|row| &row.source))
            .await
    }

    async fn write_prepared(
        &self,
        prepared: &[rows::Prepared<'_>],
        actor: &str,
        load: Option<&BulkLoad>,
    ) -> Result<Vec<Result<UpsertOutcome, String>>> {
        let at = rows::now();
        if let (Pool::Postgres(pool, kept, _), Some(BulkLoad(LoadOn::Postgres(load)))) =
            (&self.pool, load)
        {
            let written = postgres_load::write_batch(pool, load, prepared, actor, at).await;
            // As below: committed (or not), lookups kept from before must not answer.
            kept.forget();
            return written;
        }
        let loading = load.is_some();
        rows::batch_then_rows(prepared, |batch| async move {
            match &self.pool {
                Pool::Sqlite(pool, _) => {
                    // The load's own connection, or any of the pool's.
                    let (mut held, mut pooled);
                    let conn: &mut sqlx::SqliteConnection = match load.map(|load| &load.0) {
                        Some(LoadOn::Sqlite(writer)) => {
                            held = writer.lock().await;
                            &mut held
                        }
                        _ => {
                            pooled = pool.acquire().await?;
                            &mut pooled
                        }
                    };
                    let written =
                        sqlite::write_in_transaction(conn, batch, actor, at, loading).await;
                    // Committed (or not): every reading connection asks before its next lookup.
                    reader::registry_written();
                    written
                }
                Pool::Postgres(pool, kept, _) => {
                    let written = postgres::write_in_transaction(pool, batch, actor, at).await;
                    // Committed (or not): lookups kept from before must not answer for the
                    // rows now written, even before the trigger's notice arrives.
                    kept.forget();
                    written
                }
            }
        })
        .await
    }

    /// The certificate with registry id `id`.
    pub async fn get(&self, id: i64) -> Result<Option<StoredCertificate>> {
        let found = self
            .lookup(
                Lookup {
                    sql: concat!(
                        "SELECT ",
                        columns!(),
                        " FROM certificates c WHERE c.id = $1"
                    ),
                    unordered: None,
                    many: None,
                },
                &[Param::Int(Some(id))],
            )
            .await?;
        // Not shared with the lookups kept: copied when kept (the record moves out otherwise).
        Ok(found.into_iter().next().map(Arc::unwrap_or_clone))
    }

    /// Certificates with this number, optionally of this certification body. Active and
    /// latest-expiring first. Shared with the lookups kept in memory (an `Arc`, not a copy);
    /// the same for the other lookups.
    pub async fn by_number(
        &self,
        number: &str,
        body: Option<&str>,
    ) -> Result<Vec<Arc<StoredCertificate>>> {
        let key = code_key(number);
        self.lookup(
            best_first_lookup!(
                concat!(
                    "SELECT ",
                    columns!(),
                    " FROM certificates c WHERE c.number_key = $1 \
                 AND (CAST($2 AS BIGINT) IS NULL OR c.body_hash = $2)",
                ),
                many(
                    "$1::text[], $2::int8[]",
                    "FROM certificates c WHERE c.number_key = u.a \
                 AND (u.b IS NULL OR c.body_hash = u.b)"
                )
            ),
            &[Param::Text(Some(&key)), Param::Int(body.map(body_hash))],
        )
        .await
    }

    /// Certificates of the entity with this identifier; `kind` is `vat`, `duns`,
    /// `registration_number` or `lei`, or any when `None`. Active and latest-expiring first.
    pub async fn by_identifier(
        &self,
        kind: Option<&str>,
        value: &str,
    ) -> Result<Vec<Arc<StoredCertificate>>> {
        let key = code_key(value);
        self.lookup(
            best_first_lookup!(
                concat!(
                    "SELECT ",
                    columns!(),
                    " FROM certificate_identifiers i \
                 JOIN certificates c ON c.id = i.certificate_id \
                 WHERE i.value_key = $1 AND (CAST($2 AS TEXT) IS NULL OR i.kind = $2)",
                ),
                many(
                    "$1::text[], $2::text[]",
                    "FROM certificate_identifiers i JOIN certificates c ON c.id = i.certificate_id \
                 WHERE i.value_key = u.a AND (u.b IS NULL OR i.kind = u.b)"
                )
            ),
            &[Param::Text(Some(&key)), Param::Text(kind.map(kind_code))],
        )
        .await
    }

    /// Certificates whose normalised entity name equals `name`'s. Active and latest-expiring
    /// first.
    pub async fn by_name(
        &self,
        name: &str,
        country: Option<&str>,
    ) -> Result<Vec<Arc<StoredCertificate>>> {
        let key = normalize_entity_name(name);
        let country = country.map(str::to_ascii_uppercase);
        self.lookup(
            best_first_lookup!(
                concat!(
                    "SELECT ",
                    columns!(),
                    " FROM certificates c WHERE c.name_key = $1 \
                 AND (CAST($2 AS TEXT) IS NULL OR c.country = $2)",
                ),
                many(
                    "$1::text[], $2::text[]",
                    "FROM certificates c WHERE c.name_key = u.a \
                 AND (u.b IS NULL OR c.country = u.b)"
                )
            ),
            &[Param::Text(Some(&key)), Param::Text(country.as_deref())],
        )
        .await
    }

    /// The certificates a point lookup finds. On SQLite it runs on this thread (see `reader`),
    /// on PostgreSQL through the pool.
    async fn lookup(
        &self,
        lookup: Lookup,
        params: &[Param<'_>],
    ) -> Result<Vec<Arc<StoredCertificate>>> {
        let sql = lookup.sql;
        match &self.pool {
            Pool::Sqlite(pool, counts) => reader::certificates(
                pool.connect_options().get_filename(),
                counts,
                lookup,
                params,
            ),
            Pool::Postgres(pool, kept, held) => {
                let ticket = match kept.get(pool, sql, params) {
                    kept::Found::Kept(found) => return Ok(found),
                    kept::Found::Ask(ticket) => ticket,
                };
                // Boxed: sqlx's futures are kilobytes, and held inline they would make every
                // lookup's future (and every verification's, on either store) as large, moved
                // into the route's boxed future on each request.
                let found = match lookup.many {
                    Some(many) => {
                        let gathered = gather::Gathered { alone: sql, many };
                        Box::pin(gather::lookup(kept, pool, held, gathered, params)).await?
                    }
                    None => {
                        kept.counts().queried();
                        Box::pin(gather::alone(pool, held, sql, params)).await?
                    }
                };
                kept.keep(ticket, sql, params, &found);
                Ok(found)
            }
        }
    }

    /// Whether lookups are answered from memory when asked again: on SQLite always (each
    /// reading connection checks for changes before every lookup, see `reader.rs`); on
    /// PostgreSQL once this process listens for the registry's change notices (see `kept.rs`).
    pub fn keeps_lookups(&self) -> bool {
        self.kept_stats().live
    }

    /// The kept lookups' counts, for `/metrics`.
    pub fn kept_stats(&self) -> KeptStats {
        match &self.pool {
            Pool::Sqlite(_, counts) => counts.stats(true),
            Pool::Postgres(_, kept, _) => kept.stats(),
        }
    }

    /// The history of certificate `id`, oldest first.
    pub async fn history(&self, id: i64) -> Result<Vec<HistoryEntry>> {
        on_pool!(&self.pool, pool => {
            // Entries written before `0103_certificate_sources.sql` have their `source` text and
            // no source id; later entries the reverse.
            let rows = sqlx::query(
                "SELECT h.id, h.changed_at, h.actor, h.source, s.name AS source_name, \
                 h.source_line, h.action, h.changes FROM certificate_history h \
                 LEFT JOIN certificate_sources s ON s.id = h.source_id \
                 WHERE h.certificate_id = $1 ORDER BY h.id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|row| {
                    Ok(HistoryEntry {
                        id: row.int("id")?,
                        changed_at: rfc3339(row.int("changed_at")?),
                        actor: row.text("actor")?,
                        source: sources::shown(
                            row.opt_text("source_name")?,
                            row.opt_int("source_line")?,
                            row.opt_text("source")?,
                        ),
                        action: row.text("action")?,
                        changes: serde_json::from_str(&row.text("changes")?)
                            .map_err(StoreError::internal)?,
                    })
                })
                .collect()
        })
    }

    /// How many certificates the registry holds.
    pub async fn count(&self) -> Result<u64> {
        let count: i64 = on_pool!(&self.pool, pool => {
            sqlx::query_scalar("SELECT count(*) FROM certificates")
                .fetch_one(pool)
                .await?
        });
        Ok(u64::try_from(count).unwrap_or(0))
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

/// A certificate row of either engine (`columns!()`).
fn stored(row: &impl Columns) -> Result<StoredCertificate> {
    Ok(StoredCertificate {
        id: row.int("id")?,
        certificate: compact::decode(&row.text("record")?).map_err(StoreError::internal)?,
        created_at: rfc3339(row.int("created_at")?),
        updated_at: rfc3339(row.int("updated_at")?),
    })
}

/// Every row of `rows` as a certificate.
fn all_stored<R: Columns>(rows: &[R]) -> Result<Vec<StoredCertificate>> {
    rows.iter().map(stored).collect()
}

/// A load begun on an empty registry: its rows get the index entries left out when it ends
/// ([`Registry::end_load`]).
///
/// On SQLite it holds the one connection its batches are written on. Each pooled connection
/// has its own page cache, which SQLite empties whenever another connection has committed:
/// batches taken by whichever connection was idle (the pool hands them out in turn) read every
/// page they touched back from the file and allocated it again, a fifth of the writing
/// thread's time (perf).
///
/// On PostgreSQL it remembers the keys it has written, so that its batches of new rows are
/// written without the upsert, on two connections at once (see `postgres_load`).
#[derive(Debug)]
#[must_use = "a load ends with Registry::end_load, which builds the indexes left out"]
pub struct BulkLoad(LoadOn);

/// What a [`BulkLoad`] holds on each engine.
#[derive(Debug)]
enum LoadOn {
    Sqlite(tokio::sync::Mutex<sqlx::pool::PoolConnection<sqlx::Sqlite>>),
    Postgres(postgres_load::Load),
}

/// Finishes a load that stopped before its end (the process was stopped mid-import): every
/// index left out by the load is built. Cheap when nothing is missing (a few lookups); run when
/// the database is opened.
pub async fn finish_interrupted_load(pool: &Pool) -> Result<()> {
    let finished = match pool {
        Pool::Sqlite(pool, _) => sqlite::finish_interrupted_load(pool).await?,
        Pool::Postgres(pool, ..) => postgres::finish_interrupted_load(pool).await?,
    };
    if finished {
        tracing::warn!("an import stopped before indexing its rows; they are indexed now");
    }
    Ok(())
}

/// After `annexa migrate` copied the certificate tables row by row: fills the target's
/// full-text index from the copied records and, on PostgreSQL, moves the id sequences past the
/// copied ids. Returns how many certificates were indexed.
pub async fn rebuild_derived(pool: &Pool) -> Result<u64> {
    let pool = match pool {
        Pool::Sqlite(sqlite, _) => {
            sqlite::rebuild_text_index(sqlite).await?;
            return Registry::new(pool).count().await;
        }
        Pool::Postgres(pool, ..) => pool,
    };
    const PAGE: i64 = 1000;
    let mut after = 0i64;
    let mut indexed = 0u64;
    loop {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, record FROM certificates WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(pool)
        .await?;
        let Some((last, _)) = rows.last() else { break };
        after = *last;
        let records = rows
            .iter()
            .map(|(id, record)| Ok((*id, compact::decode(record).map_err(StoreError::internal)?)))
            .collect::<Result<Vec<_>>>()?;
        postgres::index_text(pool, &records).await?;
        indexed += records.len() as u64;
    }
    postgres::reset_sequences(pool).await?;
    Ok(indexed)
}

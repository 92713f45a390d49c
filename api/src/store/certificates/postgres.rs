//! The PostgreSQL engine (schema: `api/migrations/postgres/0100_certificates.sql`), for several
//! instances sharing one registry.
//!
//! The registry behaves the same on both engines: the batch rule, outcomes, history, lookup
//! order, paging, counts, caps and ranking are written once in [`super`]. This module holds only
//! what PostgreSQL does its own way:
//!
//! - **Text search** uses a `tsvector` (config `english`: Snowball stemming and English stop
//!   words, accents removed with `unaccent`) instead of FTS5 (Porter stemming, no stop words).
//!   Stop words in a query are ignored instead of required; a query of stop words only finds
//!   nothing. Both stores split text into words at every character that is not a letter or digit.
//!   When more than [`TEXT_CANDIDATES`] certificates match, the ones ranked are the first that
//!   PostgreSQL finds (table order: id order after an import, as in SQLite, but not always after
//!   updates). Asking for the lowest ids instead made a frequent pair of words read every match
//!   (p95 22 ms instead of 7 ms at 100,000 records), because a GIN index is not ordered.
//! - **Name search** falls back to trigram similarity (`pg_trgm`) when no normalised name starts
//!   with the query: a misspelt name still finds the entity, most similar first.
//! - **Ids** may have gaps: an insert that conflicts or is rolled back uses up its number.
//! - **Concurrent writers** (several instances importing) are serialised per certificate: an
//!   update locks the row it compares (`FOR UPDATE`), so each history entry diffs against the
//!   version it replaced.

use std::collections::HashMap;

use annexa_shared::CertificateRecord;
use sqlx::{PgConnection, PgPool, Row};

use super::rows::{BulkWriter, Prepared, indexed_scope, write_committed};
use super::{
    COUNT_CAP, StoredCertificate, TEXT_CANDIDATES, UpsertOutcome, all_stored, code_key, fts_query,
    kind_code,
};
use crate::store::{BeginWrite, Result, StoreError};

/// The text search configuration of the documents and the queries. Documents and queries pass
/// through `unaccent` first.
macro_rules! tsvector {
    ($text:literal) => {
        concat!("to_tsvector('english', unaccent(", $text, "))")
    };
}

/// The text indexed for a record: entity name and scope texts, every character that is not a
/// letter or digit replaced by a space. PostgreSQL's parser would otherwise keep `ISO/IEC` or
/// `example.com` as one token, where FTS5 (and the query words) see two words.
pub(super) fn document(record: &CertificateRecord) -> String {
    let text = format!("{}\n{}", record.entity.name, indexed_scope(record));
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A `to_tsquery` text for free text: the same words and prefix rule as [`fts_query`], every
/// word required, the last one as `word:*` when it may be the beginning of a word. The words are
/// letters and digits only and quoted, so no tsquery syntax gets through.
pub(super) fn ts_query(text: &str, prefix: bool) -> Option<String> {
    let fts = fts_query(text, prefix)?;
    Some(
        fts.split(' ')
            .map(|term| match term.strip_suffix('*') {
                Some(word) => format!("'{}':*", word.trim_matches('"')),
                None => format!("'{}'", term.trim_matches('"')),
            })
            .collect::<Vec<_>>()
            .join(" & "),
    )
}

/// Writes certificates known to be new with the ids the client took for them (a bulk load's new
/// rows, see `postgres_load`), with their identifiers and `created` history entries, in one
/// statement: no `ON CONFLICT` (a row another writer created meanwhile fails the statement), no
/// `RETURNING`, one round trip. Binds: ids, number keys, body hashes, name keys, countries,
/// statuses, expiry dates, stored records, documents (see [`document`]); the time; the
/// identifiers as certificate ids, kinds and value keys; the actor; the source ids and lines.
pub(super) const INSERT_NEW_ROWS: &str = concat!(
    "WITH certificates_written AS (\
     INSERT INTO certificates (id, number_key, body_hash, name_key, country, status, \
     expiry_date, record, created_at, updated_at, search) \
     SELECT i, n, b, nm, c, s, e, r, $10, $10, ",
    tsvector!("t"),
    " FROM UNNEST($1::int8[], $2::text[], $3::int8[], $4::text[], $5::text[], $6::text[], \
     $7::text[], $8::text[], $9::text[]) AS u(i, n, b, nm, c, s, e, r, t)), \
     identifiers_written AS (\
     INSERT INTO certificate_identifiers (certificate_id, kind, value_key) \
     SELECT * FROM UNNEST($11::int8[], $12::text[], $13::text[])) \
     INSERT INTO certificate_history (certificate_id, changed_at, actor, source_id, \
     source_line, action, changes) SELECT id, $10, $14, source_id, source_line, 'created', '{}' \
     FROM UNNEST($1::int8[], $15::int8[], $16::int8[]) WITH ORDINALITY \
     AS u(id, source_id, source_line, o) ORDER BY o"
);

/// The PostgreSQL engine of the write path. An update locks the row it compares
/// (`FOR UPDATE`) until the transaction ends, so a concurrent writer of the same certificate
/// diffs against this version.
pub(super) struct Postgres;

impl BulkWriter for Postgres {
    type Connection = PgConnection;

    async fn insert_new(
        conn: &mut PgConnection,
        prepared: &[Prepared<'_>],
        at: i64,
    ) -> Result<HashMap<usize, i64>, sqlx::Error> {
        let mut first: HashMap<(&str, i64), usize> = HashMap::new();
        for (index, p) in prepared.iter().enumerate() {
            first.entry((p.number, p.body)).or_insert(index);
        }
        let column = |f: fn(&Prepared<'_>) -> String| prepared.iter().map(f).collect::<Vec<_>>();
        let rows = sqlx::query(concat!(
            "INSERT INTO certificates (number_key, body_hash, name_key, country, status, \
             expiry_date, record, created_at, updated_at, search) \
             SELECT n, b, nm, c, s, e, r, $8, $8, ",
            tsvector!("t"),
            " FROM UNNEST($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], \
             $7::text[], $9::text[]) WITH ORDINALITY AS u(n, b, nm, c, s, e, r, t, i) ORDER BY i \
             ON CONFLICT (number_key, body_hash) DO NOTHING RETURNING id, number_key, body_hash"
        ))
        .bind(column(|p| p.number.to_string()))
        .bind(prepared.iter().map(|p| p.body).collect::<Vec<i64>>())
        .bind(column(|p| p.name.to_string()))
        .bind(column(|p| p.row.record.entity.country.clone()))
        .bind(column(|p| p.row.record.status.as_str().to_string()))
        .bind(column(|p| p.row.record.expiry_date.to_string()))
        .bind(column(|p| p.json.to_string()))
        .bind(at)
        .bind(column(|p| document(&p.row.record)))
        .fetch_all(&mut *conn)
        .await?;
        let mut created = HashMap::new();
        for row in rows {
            let number: String = row.try_get("number_key")?;
            let key = (number.as_str(), row.try_get::<i64, _>("body_hash")?);
            if let Some(index) = first.get(&key) {
                created.insert(*index, row.try_get::<i64, _>("id")?);
            }
        }
        Ok(created)
    }

    async fn write_extras(
        conn: &mut PgConnection,
        written: &[(i64, &Prepared<'_>)],
        actor: &str,
        at: i64,
        action: &str,
        changes: &[String],
    ) -> Result<(), sqlx::Error> {
        let mut ids = Vec::new();
        let mut kinds = Vec::new();
        let mut values = Vec::new();
        for (id, p) in written {
            for (kind, value) in p.row.record.entity.identifiers.present() {
                ids.push(*id);
                kinds.push(kind_code(kind).to_string());
                values.push(code_key(value));
            }
        }
        if !ids.is_empty() {
            sqlx::query(
                "INSERT INTO certificate_identifiers (certificate_id, kind, value_key) \
                 SELECT * FROM UNNEST($1::int8[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING",
            )
            .bind(ids)
            .bind(kinds)
            .bind(values)
            .execute(&mut *conn)
            .await?;
        }
        if written.is_empty() {
            return Ok(());
        }
        let change = |i: usize| changes.get(i).map_or("{}", String::as_str).to_string();
        sqlx::query(
            "INSERT INTO certificate_history (certificate_id, changed_at, actor, source_id, \
             source_line, action, changes) SELECT id, $2, $3, source_id, source_line, $4, change \
             FROM UNNEST($1::int8[], $5::int8[], $6::int8[], $7::text[]) WITH ORDINALITY \
             AS u(id, source_id, source_line, change, i) ORDER BY i",
        )
        .bind(written.iter().map(|(id, _)| *id).collect::<Vec<i64>>())
        .bind(at)
        .bind(actor)
        .bind(action)
        .bind(
            written
                .iter()
                .map(|(_, p)| p.source_id)
                .collect::<Vec<i64>>(),
        )
        .bind(
            written
                .iter()
                .map(|(_, p)| p.source_line)
                .collect::<Vec<Option<i64>>>(),
        )
        .bind((0..written.len()).map(change).collect::<Vec<_>>())
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    async fn fetch_existing(
        conn: &mut PgConnection,
        p: &Prepared<'_>,
    ) -> Result<(i64, String), sqlx::Error> {
        sqlx::query_as(
            "SELECT id, record FROM certificates WHERE number_key = $1 AND body_hash = $2 FOR UPDATE",
        )
        .bind(p.number)
        .bind(p.body)
        .fetch_one(&mut *conn)
        .await
    }

    async fn rewrite(
        conn: &mut PgConnection,
        id: i64,
        p: &Prepared<'_>,
        old: &CertificateRecord,
        at: i64,
    ) -> Result<(), sqlx::Error> {
        let record = &p.row.record;
        sqlx::query(concat!(
            "UPDATE certificates SET name_key = $2, country = $3, status = $4, expiry_date = $5, \
             record = $6, updated_at = $7, search = ",
            tsvector!("$8"),
            " WHERE id = $1"
        ))
        .bind(id)
        .bind(p.name)
        .bind(record.entity.country.as_str())
        .bind(record.status.as_str())
        .bind(record.expiry_date.to_string())
        .bind(p.json)
        .bind(at)
        .bind(document(record))
        .execute(&mut *conn)
        .await?;
        let (kinds, values): (Vec<String>, Vec<String>) = old
            .entity
            .identifiers
            .present()
            .into_iter()
            .map(|(kind, value)| (kind_code(kind).to_string(), code_key(value)))
            .unzip();
        if !kinds.is_empty() {
            sqlx::query(
                "DELETE FROM certificate_identifiers WHERE certificate_id = $1 \
                 AND (kind, value_key) IN (SELECT * FROM UNNEST($2::text[], $3::text[]))",
            )
            .bind(id)
            .bind(kinds)
            .bind(values)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}

/// Writes `prepared` in one transaction: committed, or rolled back with the error.
pub(super) async fn write_in_transaction(
    pool: &PgPool,
    prepared: &[Prepared<'_>],
    actor: &str,
    at: i64,
) -> Result<Result<Vec<UpsertOutcome>>> {
    // Two instances importing overlapping files can deadlock on the unique index; PostgreSQL
    // then aborts one transaction, which is simply written again.
    let mut attempt = 1;
    loop {
        let tx = pool.begin_write().await?;
        match write_committed::<_, Postgres>(tx, prepared, actor, at).await? {
            Err(error) if attempt < 3 && is_transient(&error) => {
                tracing::info!(%error, attempt, "certificate write deadlocked; writing it again");
                attempt += 1;
            }
            written => return Ok(written),
        }
    }
}

/// A deadlock or serialisation failure: the transaction may succeed when run again.
fn is_transient(error: &StoreError) -> bool {
    matches!(error, StoreError::Database(sqlx::Error::Database(db))
        if matches!(db.code().as_deref(), Some("40P01" | "40001")))
}

/// The first [`TEXT_CANDIDATES`] certificates matching a tsquery (unranked, table order), with
/// their normalised entity names.
///
/// The query is normalised first (stemmed, accents removed), so that the search compares a
/// constant instead of normalising the query again for every row it reads, and it is planned
/// for its actual words (`persistent(false)`: no generic plan): for a very frequent word
/// PostgreSQL reads the table until it has the candidates, for others it reads the GIN index.
pub(super) async fn text_candidates(pool: &PgPool, query: &str) -> Result<Vec<(i64, String)>> {
    // `query` is built from unaccented letters and digits only (see the caller).
    let normalised: String = sqlx::query_scalar("SELECT to_tsquery('english', $1)::text")
        .bind(query)
        .fetch_one(pool)
        .await?;
    if normalised.is_empty() {
        return Ok(Vec::new()); // Stop words only.
    }
    Ok(
        sqlx::query_as(
            "SELECT id, name_key FROM certificates WHERE search @@ $1::tsquery LIMIT $2",
        )
        .bind(normalised)
        .bind(TEXT_CANDIDATES as i64)
        .persistent(false)
        .fetch_all(pool)
        .await?,
    )
}

/// `text` with its accents removed by the same `unaccent` the index uses. Done before any
/// tsquery syntax is built around the visitor's words: `unaccent` turns letters such as ʼ ʻ ˈ ′
/// ‘ ’ into quotes, which inside a built query would end a quoted word (a syntax error, once a
/// 500); [`ts_query`] then keeps letters and digits only.
pub(super) async fn unaccent(pool: &PgPool, text: &str) -> Result<String> {
    Ok(sqlx::query_scalar("SELECT unaccent($1)")
        .bind(text)
        .fetch_one(pool)
        .await?)
}

/// The name search when no normalised name starts with `key`: the names most similar to it
/// (trigram similarity above `pg_trgm.similarity_threshold`, 0.3 by default), most similar
/// first, then by id; with the count of all of them, capped at [`COUNT_CAP`] + 1.
pub(super) async fn similar_names(
    pool: &PgPool,
    key: &str,
    country: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<StoredCertificate>, i64)> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM certificates c WHERE c.name_key % $1 \
         AND ($2::text IS NULL OR c.country = $2) \
         ORDER BY similarity(c.name_key, $1) DESC, c.id LIMIT $3 OFFSET $4"
    ))
    .bind(key)
    .bind(country)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT 1 FROM certificates \
         WHERE name_key % $1 AND ($2::text IS NULL OR country = $2) LIMIT $3) AS m",
    )
    .bind(key)
    .bind(country)
    .bind(COUNT_CAP as i64 + 1)
    .fetch_one(pool)
    .await?;
    Ok((all_stored(&rows)?, total))
}

/// Fills the full-text column of copied `records` (with their ids), in one transaction (for
/// `annexa migrate`, which copies rows with an empty `search`).
pub(super) async fn index_text(pool: &PgPool, records: &[(i64, CertificateRecord)]) -> Result<()> {
    sqlx::query(concat!(
        "UPDATE certificates SET search = ",
        tsvector!("u.t"),
        " FROM UNNEST($1::int8[], $2::text[]) AS u(id, t) WHERE certificates.id = u.id"
    ))
    .bind(records.iter().map(|(id, _)| *id).collect::<Vec<i64>>())
    .bind(records.iter().map(|(_, r)| document(r)).collect::<Vec<_>>())
    .execute(pool)
    .await?;
    Ok(())
}

/// One index a bulk load leaves out: its name, and the statements that create and drop it.
struct LoadedIndex {
    name: &'static str,
    create: &'static str,
    drop: &'static str,
}

/// A [`LoadedIndex`] named `$name`, over `certificates` as `$definition` says.
macro_rules! loaded_index {
    ($name:literal, $definition:literal) => {
        LoadedIndex {
            name: $name,
            create: concat!(
                "CREATE INDEX IF NOT EXISTS ",
                $name,
                " ON certificates ",
                $definition
            ),
            drop: concat!("DROP INDEX IF EXISTS ", $name),
        }
    };
}

/// The indexes of `certificates` a bulk load into an empty registry leaves out until its end,
/// as `0100_certificates.sql` creates them: two GIN indexes and a B-tree over values in random
/// order, which cost more to keep up row by row than to build once.
const LOADED_INDEXES: [LoadedIndex; 3] = [
    loaded_index!("certificates_by_name", "(name_key, country, id)"),
    loaded_index!(
        "certificates_by_name_trigram",
        "USING gin (name_key gin_trgm_ops)"
    ),
    loaded_index!("certificates_by_text", "USING gin (search)"),
];

/// Takes the lock that serialises beginning and ending loads between instances (it conflicts
/// with itself and with writes, not with reads), until the transaction ends.
async fn lock_for_load(tx: &mut PgConnection) -> Result<()> {
    sqlx::query("LOCK TABLE certificates IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Begins a bulk load when the registry holds no certificate: drops the indexes of
/// [`LOADED_INDEXES`] (lookups by name and text then read the table until the load ends). False,
/// and nothing changed, when it holds some.
pub(super) async fn begin_load(pool: &PgPool) -> Result<bool> {
    let mut tx = pool.begin_write().await?;
    lock_for_load(&mut tx).await?;
    let any: Option<i64> = sqlx::query_scalar("SELECT id FROM certificates LIMIT 1")
        .fetch_optional(&mut *tx)
        .await?;
    if any.is_some() {
        return Ok(false);
    }
    for index in &LOADED_INDEXES {
        sqlx::query(index.drop).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Ends a bulk load: creates the indexes it left out (those another instance has not created
/// already), each on a connection of its own, at once.
///
/// The builds do not take [`lock_for_load`]: it conflicts with the share lock each build holds
/// on the table, which does not conflict with itself. A transaction of this function holds an
/// advisory lock instead, so two instances ending loads build one after the other (the second
/// finds the indexes there); each build keeps writes out of the table while it runs, as the
/// table lock did. One build after the other took 20 s at 1,000,000 records, the two GIN
/// indexes 8 and 10 s of it; at once they share the machine's cores (docs/BENCHMARKS.md,
/// thirteenth round).
pub(super) async fn end_load(pool: &PgPool) -> Result<()> {
    let mut ending = pool.begin_write().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('annexa: end of a certificates load'))")
        .execute(&mut *ending)
        .await?;
    futures_util::future::try_join_all(
        LOADED_INDEXES
            .iter()
            .map(|index| sqlx::query(index.create).execute(pool)),
    )
    .await?;
    ending.commit().await?;
    Ok(())
}

/// Ends a bulk load that stopped before its end (an index of [`LOADED_INDEXES`] is missing):
/// true when there was one.
pub(super) async fn finish_interrupted_load(pool: &PgPool) -> Result<bool> {
    let names: Vec<&str> = LOADED_INDEXES.iter().map(|index| index.name).collect();
    let present: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() \
         AND tablename = 'certificates' AND indexname = ANY($1)",
    )
    .bind(names)
    .fetch_one(pool)
    .await?;
    if present == LOADED_INDEXES.len() as i64 {
        return Ok(false);
    }
    end_load(pool).await?;
    Ok(true)
}

/// Moves the id sequences past the highest ids (after `annexa migrate` copied rows with their
/// ids), so the next certificate, history entry or source gets a new id.
pub(super) async fn reset_sequences(pool: &PgPool) -> Result<()> {
    for sql in [
        "SELECT setval(pg_get_serial_sequence('certificates', 'id'), \
         COALESCE((SELECT max(id) FROM certificates), 0) + 1, false)",
        "SELECT setval(pg_get_serial_sequence('certificate_history', 'id'), \
         COALESCE((SELECT max(id) FROM certificate_history), 0) + 1, false)",
        "SELECT setval(pg_get_serial_sequence('certificate_sources', 'id'), \
         COALESCE((SELECT max(id) FROM certificate_sources), 0) + 1, false)",
    ] {
        sqlx::query(sql).execute(pool).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_queries_are_the_fts_words_anded() {
        assert_eq!(
            ts_query("Payroll, bureau & softw", true).unwrap(),
            "'payroll' & 'bureau' & 'softw':*"
        );
        assert_eq!(
            ts_query("ISO/IEC it", true).unwrap(),
            "'iso' & 'iec' & 'it'"
        );
        assert_eq!(ts_query("o'brien", false).unwrap(), "'o' & 'brien'");
        assert_eq!(ts_query("\"*)(':", true), None);
    }

    #[test]
    fn documents_split_at_every_non_alphanumeric_character() {
        let record: CertificateRecord = serde_json::from_value(serde_json::json!({
            "certificate_number": "X-1", "certification_body": "B", "standard": "ISO/IEC 27001:2022",
            "status": "active",
            "entity": {"name": "Café.example.com", "country": "FR", "identifiers": {}},
            "scope": "ISO/IEC e-mail", "sites": [{"city": "Paris", "country": "FR"}],
            "original_issue_date": "2020-01-01", "issue_date": "2026-01-01",
            "expiry_date": "2029-01-01"
        }))
        .unwrap();
        assert_eq!(document(&record), "Café example com ISO IEC e mail Paris");
    }
}

//! Search, written once for both engines: the page of a criterion, its count (capped at
//! [`COUNT_CAP`], or [`TEXT_CANDIDATES`] for text), the order within a page and the text-search
//! ranking. A first page that is not full is all there is, so it is counted without a second
//! query, on either engine. Ties are broken on the registry id everywhere: two searches on
//! SQLite and PostgreSQL over the same records give the same pages.
//!
//! The engines differ only in how full-text candidates are found (FTS5 or `tsvector`) and in
//! PostgreSQL's trigram fallback when no name starts with the query.

use std::borrow::Cow;

use annexa_shared::normalize_entity_name;
use serde::Serialize;

use super::{Registry, StoredCertificate, all_stored, code_key, postgres, sqlite};
use crate::on_pool;
use crate::store::{Pool, Result};

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

/// The page and count statements of a search by an exact key (`$1` the key; `$2` limit and
/// `$3` offset of the page; `$2` the cap of the count).
struct KeyedSql {
    page: &'static str,
    count: &'static str,
}

const BY_NUMBER: KeyedSql = KeyedSql {
    page: concat!(
        "SELECT ",
        columns!(),
        " FROM certificates c WHERE c.number_key = $1 ORDER BY c.id LIMIT $2 OFFSET $3"
    ),
    count: "SELECT count(*) FROM (SELECT 1 FROM certificates WHERE number_key = $1 LIMIT $2) AS m",
};

const BY_IDENTIFIER: KeyedSql = KeyedSql {
    page: concat!(
        "SELECT ",
        columns!(),
        " FROM certificate_identifiers i JOIN certificates c ON c.id = i.certificate_id \
         WHERE i.value_key = $1 ORDER BY c.id LIMIT $2 OFFSET $3"
    ),
    count: "SELECT count(*) FROM (SELECT 1 FROM certificate_identifiers \
            WHERE value_key = $1 LIMIT $2) AS m",
};

/// The total when the page itself shows it: a first page that is not full holds every match.
fn known_total(found: usize, limit: i64, offset: i64) -> Option<i64> {
    let found = i64::try_from(found).unwrap_or(i64::MAX);
    (offset == 0 && found < limit).then_some(found)
}

impl Registry {
    /// One page of certificates matching `criterion` (pages from 1). Numbers and identifiers
    /// in id order; names in name order (the exact name first), then country, then id; text
    /// ranked by how many query words the entity name holds, then id.
    pub async fn search(
        &self,
        criterion: &Criterion,
        page: u32,
        per_page: u32,
    ) -> Result<SearchPage> {
        let limit = i64::from(per_page);
        let offset = i64::from(page.saturating_sub(1)) * limit;
        let ((items, total), cap) = match criterion {
            Criterion::Number(number) => (
                self.keyed_page(&BY_NUMBER, &code_key(number), limit, offset)
                    .await?,
                COUNT_CAP,
            ),
            Criterion::Identifier(value) => (
                self.keyed_page(&BY_IDENTIFIER, &code_key(value), limit, offset)
                    .await?,
                COUNT_CAP,
            ),
            Criterion::Name { name, country } => {
                let key = normalize_entity_name(name);
                let country = country.as_deref().map(str::to_ascii_uppercase);
                (
                    self.name_page(&key, country.as_deref(), limit, offset)
                        .await?,
                    COUNT_CAP,
                )
            }
            Criterion::Text(text) => (self.text_page(text, limit, offset).await?, TEXT_CANDIDATES),
        };
        let total = u64::try_from(total).unwrap_or(0);
        Ok(SearchPage {
            items,
            page,
            per_page,
            total: total.min(cap),
            total_capped: total > cap,
        })
    }

    /// A page of an exact-key search and its capped count.
    async fn keyed_page(
        &self,
        sql: &KeyedSql,
        key: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<StoredCertificate>, i64)> {
        on_pool!(&self.pool, pool => {
            let rows = sqlx::query(sql.page)
                .bind(key)
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?;
            let total = match known_total(rows.len(), limit, offset) {
                Some(total) => total,
                None => sqlx::query_scalar(sql.count)
                    .bind(key)
                    .bind(COUNT_CAP as i64 + 1)
                    .fetch_one(pool)
                    .await?,
            };
            Ok((all_stored(&rows)?, total))
        })
    }

    /// A page of the name search: names starting with `key` (normalised) in index order, so
    /// the exact name comes first. When none starts with it, PostgreSQL offers the most similar
    /// names ([`postgres::similar_names`]); SQLite has no such index and finds nothing.
    async fn name_page(
        &self,
        key: &str,
        country: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<StoredCertificate>, i64)> {
        let end = prefix_end(key);
        let (items, total) = on_pool!(&self.pool, pool => {
            let rows = sqlx::query(concat!(
                "SELECT ",
                columns!(),
                " FROM certificates c WHERE c.name_key >= $1 AND c.name_key < $2 \
                 AND (CAST($3 AS TEXT) IS NULL OR c.country = $3) \
                 ORDER BY c.name_key, c.country, c.id LIMIT $4 OFFSET $5"
            ))
            .bind(key)
            .bind(&end)
            .bind(country)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await?;
            let total: i64 = match known_total(rows.len(), limit, offset) {
                Some(total) => total,
                None => sqlx::query_scalar(
                    "SELECT count(*) FROM (SELECT 1 FROM certificates \
                     WHERE name_key >= $1 AND name_key < $2 \
                     AND (CAST($3 AS TEXT) IS NULL OR country = $3) LIMIT $4) AS m",
                )
                .bind(key)
                .bind(&end)
                .bind(country)
                .bind(COUNT_CAP as i64 + 1)
                .fetch_one(pool)
                .await?,
            };
            (all_stored(&rows)?, total)
        });
        match &self.pool {
            Pool::Postgres(pool, ..) if total == 0 && !key.is_empty() => {
                postgres::similar_names(pool, key, country, limit, offset).await
            }
            _ => Ok((items, total)),
        }
    }

    /// A page of the text search. Bounded candidates, cheap rank: a full ranking (FTS5's bm25,
    /// `ts_rank`) reads every document holding each word before it can score one (hundreds of
    /// ms for a frequent word at 1M rows), so the first [`TEXT_CANDIDATES`] matches are taken
    /// unranked and ranked here by how many of the query's words their entity name holds. Whole
    /// words first; the last word as a prefix ("softw" → software) only when whole words do not
    /// fill the page, because a prefix query first merges the word lists of every matching word.
    async fn text_page(
        &self,
        original: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<StoredCertificate>, i64)> {
        let text: Cow<'_, str> = match &self.pool {
            Pool::Sqlite(_, _) => Cow::Borrowed(original),
            Pool::Postgres(pool, ..) => Cow::Owned(postgres::unaccent(pool, original).await?),
        };
        let query = |prefix: bool| match &self.pool {
            Pool::Sqlite(_, _) => fts_query(&text, prefix),
            Pool::Postgres(..) => postgres::ts_query(&text, prefix),
        };
        let Some(whole) = query(false) else {
            return Ok((Vec::new(), 0));
        };
        let mut candidates = self.text_candidates(&whole).await?;
        if (candidates.len() as i64) < offset + limit
            && let Some(prefixed) = query(true).filter(|p| *p != whole)
        {
            candidates = self.text_candidates(&prefixed).await?;
        }
        // A full candidate set means there may be more matches.
        let total = if candidates.len() as u64 >= TEXT_CANDIDATES {
            TEXT_CANDIDATES as i64 + 1
        } else {
            candidates.len() as i64
        };
        let ids = rank_by_name(candidates, original, offset, limit);
        Ok((self.fetch_ids(&ids).await?, total))
    }

    /// The engine's first [`TEXT_CANDIDATES`] matches of a full-text query, with their
    /// normalised entity names.
    async fn text_candidates(&self, query: &str) -> Result<Vec<(i64, String)>> {
        match &self.pool {
            Pool::Sqlite(pool, _) => sqlite::text_candidates(pool, query).await,
            Pool::Postgres(pool, ..) => postgres::text_candidates(pool, query).await,
        }
    }

    /// The certificates with these ids, in this order.
    async fn fetch_ids(&self, ids: &[i64]) -> Result<Vec<StoredCertificate>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            concat!(
                "SELECT ",
                columns!(),
                " FROM certificates c WHERE c.id IN ({})"
            ),
            placeholders.join(", ")
        );
        let mut items = on_pool!(&self.pool, pool => {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in ids {
                query = query.bind(*id);
            }
            all_stored(&query.fetch_all(pool).await?)?
        });
        items.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
        Ok(items)
    }
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

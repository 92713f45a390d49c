//! Where a history entry came from (schema: `api/migrations/*/0103_certificate_sources.sql`).
//!
//! An import's name — its file path, `api import`, `demo` — is stored once in
//! `certificate_sources`; each history entry keeps the id of its source and its line. Stored in
//! every entry, the path cost 1 MB per character at 1,000,000 records. The history reads as it
//! always did: `<name>, line <n>`, `<name>` for a source without lines, or the `source` text of
//! entries written before the migration.
//!
//! A row carries its import's name as an `Arc<str>` ([`RowSource`]), so a row costs no copy of
//! it. The store finds the name's id before it writes a batch ([`SourceIds::of`]): rows that
//! share the previous row's name take its id, and a [`super::Registry`] remembers the ids it
//! found, so an import looks its name up once, not once per row or per batch.

use std::fmt;
use std::sync::{Arc, Mutex};

use crate::store::{Pool, Result};

/// Where a row came from, kept in its history entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSource {
    /// The import's name: a file path, `api import`, `demo`. Shared by the rows of an import.
    pub name: Arc<str>,
    /// The line of the input where the row starts, when the source has lines.
    pub line: Option<u64>,
}

impl RowSource {
    /// Line `line` of the import named `name`.
    pub fn at_line(name: &Arc<str>, line: u64) -> RowSource {
        RowSource {
            name: Arc::clone(name),
            line: Some(line),
        }
    }
}

/// A source without lines.
impl From<&str> for RowSource {
    fn from(name: &str) -> RowSource {
        RowSource {
            name: name.into(),
            line: None,
        }
    }
}

/// A source without lines.
impl From<String> for RowSource {
    fn from(name: String) -> RowSource {
        RowSource {
            name: name.into(),
            line: None,
        }
    }
}

/// As the history shows it: `<name>, line <n>`, or `<name>`.
impl fmt::Display for RowSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {line}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// The `source` of a history entry as read: from its source's name and line, or the text an
/// entry written before `0103_certificate_sources.sql` kept (`None` for neither).
pub(super) fn shown(
    name: Option<String>,
    line: Option<i64>,
    before: Option<String>,
) -> Option<String> {
    match (name, line) {
        (Some(name), Some(line)) => Some(format!("{name}, line {line}")),
        (Some(name), None) => Some(name),
        (None, _) => before,
    }
}

/// Most sources a [`SourceIds`] remembers: an import has one; past this the list starts again.
const REMEMBERED: usize = 64;

/// The ids of the sources a registry has written rows of (see the module docs). Each was
/// committed before it is remembered, and a source is never deleted (triggers refuse it), so
/// an id stays valid.
#[derive(Debug, Default)]
pub(super) struct SourceIds {
    known: Mutex<Vec<(Arc<str>, i64)>>,
}

impl Clone for SourceIds {
    fn clone(&self) -> SourceIds {
        SourceIds {
            known: Mutex::new(self.lock().clone()),
        }
    }
}

impl SourceIds {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(Arc<str>, i64)>> {
        self.known.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn remembered(&self, name: &str) -> Option<i64> {
        self.lock()
            .iter()
            .find(|(known, _)| **known == *name)
            .map(|(_, id)| *id)
    }

    /// The source id of each of `sources`, in order, stored first when new.
    pub(super) async fn of<'s>(
        &self,
        pool: &Pool,
        sources: impl Iterator<Item = &'s RowSource>,
    ) -> Result<Vec<i64>> {
        let mut ids = Vec::with_capacity(sources.size_hint().0);
        let mut previous: Option<(&Arc<str>, i64)> = None;
        for source in sources {
            let id = match previous {
                // The rows of an import share one `Arc`: no comparison of the text.
                Some((name, id)) if Arc::ptr_eq(name, &source.name) || *name == source.name => id,
                _ => match self.remembered(&source.name) {
                    Some(id) => id,
                    None => {
                        let id = stored(pool, &source.name).await?;
                        let mut known = self.lock();
                        if known.len() >= REMEMBERED {
                            known.clear();
                        }
                        known.push((Arc::clone(&source.name), id));
                        id
                    }
                },
            };
            previous = Some((&source.name, id));
            ids.push(id);
        }
        Ok(ids)
    }
}

/// The id of the source named `name`, inserted (and committed) when it is new. Another writer
/// may insert the same name meanwhile: the insert then does nothing and the lookup finds its row.
/// PostgreSQL keeps names unique by their `md5` (a B-tree entry cannot hold a long path), and
/// finds them by it.
async fn stored(pool: &Pool, name: &str) -> Result<i64> {
    const INSERT: &str =
        "INSERT INTO certificate_sources (name) VALUES ($1) ON CONFLICT DO NOTHING";
    let id = match pool {
        Pool::Sqlite(pool, _) => {
            sqlx::query(INSERT).bind(name).execute(pool).await?;
            sqlx::query_scalar("SELECT id FROM certificate_sources WHERE name = $1")
                .bind(name)
                .fetch_one(pool)
                .await?
        }
        Pool::Postgres(pool, ..) => {
            sqlx::query(INSERT).bind(name).execute(pool).await?;
            sqlx::query_scalar(
                "SELECT id FROM certificate_sources WHERE md5(name) = md5($1) AND name = $1",
            )
            .bind(name)
            .fetch_one(pool)
            .await?
        }
    };
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_reads_as_the_history_always_showed_it() {
        let file: Arc<str> = "/srv/imports/registry-2026-12.jsonl".into();
        let row = RowSource::at_line(&file, 12);
        assert_eq!(
            row.to_string(),
            "/srv/imports/registry-2026-12.jsonl, line 12"
        );
        assert_eq!(RowSource::from("demo").to_string(), "demo");
        assert_eq!(
            shown(Some(file.to_string()), Some(12), None).as_deref(),
            Some(row.to_string().as_str())
        );
        assert_eq!(
            shown(Some("demo".into()), None, None).as_deref(),
            Some("demo")
        );
        assert_eq!(
            shown(None, None, Some("old.jsonl, line 3".into())).as_deref(),
            Some("old.jsonl, line 3")
        );
        assert_eq!(shown(None, None, None), None);
    }
}

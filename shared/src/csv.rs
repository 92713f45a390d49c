//! CSV: the one writer every CSV file of Annexa goes through, and a minimal reader for the
//! RFC 4180 files compiled into the crate.
//!
//! **Writing** takes an explicit [`CsvMode`]: *interchange* for files a program reads back
//! (imports, exports: every value exactly as it is, fields quoted only when they must be), or
//! *spreadsheet* for files a person opens (leads, SoA, coverage, batch verification: every field
//! quoted, and a value that a spreadsheet would run as a formula is shown as text).
//!
//! **Reading**: the catalog data ships as CSV (the format of its sources, easy to review in a
//! diff) and is parsed once on first use. The files are ours and fixed at build time, so this
//! reader only needs quoted fields, doubled quotes and commas/newlines inside quotes; tests over
//! every shipped file make sure it reads them all.

use std::borrow::Borrow;

/// Rows of `text`, each a vector of fields; the header row included.
pub(crate) fn parse(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => in_quotes = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => in_quotes = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Rows of `text` as (header → value) lookups, header excluded.
pub(crate) fn records(text: &str) -> Vec<Record> {
    let mut rows = parse(text).into_iter();
    let header = rows.next().unwrap_or_default();
    rows.map(|fields| Record {
        header: header.clone(),
        fields,
    })
    .collect()
}

/// A lookup table over rows read once: the entries in key order in one `Vec`, found by binary
/// search. A `BTreeMap` compiles its node code (insert, node splits, search, drop) once more for
/// every key and value type, 2–3 KB of the widget module each, for tables of a few hundred rows
/// that are built once and then only read; a sorted `Vec` needs a binary search and an insert per
/// type. Built one insert at a time (each at its place), not sorted: a sort is compiled again for
/// every entry type too, and for a few hundred rows read once inserting costs no more. A later
/// duplicate key replaces the earlier value, as with `collect()` into a `BTreeMap`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lookup<K, V> {
    entries: Vec<(K, V)>,
}

impl<K: Ord, V> Lookup<K, V> {
    /// The table of `entries`, a later duplicate key replacing the earlier value.
    pub(crate) fn new(entries: impl IntoIterator<Item = (K, V)>) -> Self {
        let mut sorted: Vec<(K, V)> = Vec::new();
        for (key, value) in entries {
            match sorted.binary_search_by(|(k, _)| k.cmp(&key)) {
                Ok(i) => sorted[i].1 = value,
                Err(i) => sorted.insert(i, (key, value)),
            }
        }
        Lookup { entries: sorted }
    }

    /// The value under `key`.
    pub(crate) fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let i = self
            .entries
            .binary_search_by(|(k, _)| k.borrow().cmp(key))
            .ok()?;
        self.entries.get(i).map(|(_, value)| value)
    }

    /// How many keys the table holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// One data row with access by column name.
#[derive(Debug)]
pub(crate) struct Record {
    header: Vec<String>,
    fields: Vec<String>,
}

impl Record {
    /// The value in column `name`; empty when the column or the value is missing.
    pub(crate) fn get(&self, name: &str) -> &str {
        self.header
            .iter()
            .position(|h| h == name)
            .and_then(|i| self.fields.get(i))
            .map_or("", String::as_str)
    }

    /// The `|`-separated values in column `name`.
    pub(crate) fn list(&self, name: &str) -> Vec<&str> {
        self.get(name)
            .split('|')
            .filter(|v| !v.is_empty())
            .collect()
    }
}

/// Who reads a CSV file, which decides how values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvMode {
    /// A program reads the file back (import and export files): every value exactly as it is,
    /// so a file round-trips; a field is quoted only when it holds a comma, a quote, a line
    /// break or spaces at either end.
    Interchange,
    /// A person opens the file in a spreadsheet: every field is quoted, and a value starting
    /// with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, so the spreadsheet
    /// shows it as text instead of running it as a formula (CSV injection). Visitors', callers'
    /// and registries' texts end up in these files.
    Spreadsheet,
}

/// Whether a spreadsheet would read `value` as a formula.
fn formula_like(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Appends one RFC 4180 row to `out` in `mode`, with a CRLF line end.
pub fn write_row<S: AsRef<str>>(out: &mut String, fields: &[S], mode: CsvMode) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let field = field.as_ref();
        let quoted = match mode {
            CsvMode::Spreadsheet => true,
            CsvMode::Interchange => {
                field.contains([',', '"', '\n', '\r'])
                    || field.starts_with(' ')
                    || field.ends_with(' ')
            }
        };
        if quoted {
            out.push('"');
        }
        if mode == CsvMode::Spreadsheet && formula_like(field) {
            out.push('\'');
        }
        if field.contains('"') {
            out.push_str(&field.replace('"', "\"\""));
        } else {
            out.push_str(field);
        }
        if quoted {
            out.push('"');
        }
    }
    out.push_str("\r\n");
}

/// One RFC 4180 row in `mode`, with its CRLF line end.
pub fn row<S: AsRef<str>>(fields: &[S], mode: CsvMode) -> String {
    let mut out = String::new();
    write_row(&mut out, fields, mode);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_finds_what_the_map_collect_would_build_finds() {
        use std::collections::BTreeMap;
        let entries = [
            ("8.2", 1),
            ("4.1", 2),
            ("A.5.1", 3),
            ("4.1", 4),
            ("10.2", 5),
            ("A.10.1", 6),
            ("10.2", 7),
            ("", 8),
        ];
        for n in 0..=entries.len() {
            let collected: BTreeMap<&str, i32> = entries[..n].iter().copied().collect();
            let table = Lookup::new(entries[..n].iter().copied());
            assert_eq!(table.len(), collected.len());
            for key in [
                "8.2", "4.1", "A.5.1", "10.2", "A.10.1", "", "4", "A.5.10", "Z",
            ] {
                assert_eq!(
                    table.get(key),
                    collected.get(key),
                    "{key} after {n} entries"
                );
            }
            assert_eq!(
                table.entries,
                collected.into_iter().collect::<Vec<_>>(),
                "in key order"
            );
        }
        assert_eq!(
            Lookup::new(entries).get("4.1"),
            Some(&4),
            "the later duplicate wins"
        );
    }

    #[test]
    fn reads_quotes_commas_and_doubled_quotes() {
        let rows = parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n1,\n");
        assert_eq!(rows[1], vec!["x, y", "say \"hi\""]);
        assert_eq!(rows[2], vec!["1", ""]);
    }

    #[test]
    fn written_rows_read_back_and_formulas_are_neutralised() {
        let fields = ["a, b", "say \"hi\"", "=1+1", " padded ", "-2", "plain"];
        let spreadsheet = row(&fields, CsvMode::Spreadsheet);
        assert_eq!(
            spreadsheet,
            "\"a, b\",\"say \"\"hi\"\"\",\"'=1+1\",\" padded \",\"'-2\",\"plain\"\r\n"
        );
        // Interchange keeps every value exactly: it reads back as written.
        let interchange = row(&fields, CsvMode::Interchange);
        assert_eq!(
            interchange,
            "\"a, b\",\"say \"\"hi\"\"\",=1+1,\" padded \",-2,plain\r\n"
        );
        assert_eq!(parse(&interchange)[0], fields);
        assert_eq!(parse(&spreadsheet)[0][2], "'=1+1");
    }
}

//! A minimal reader for the RFC 4180 CSV files compiled into the crate.
//!
//! The catalog data ships as CSV (the format of its sources, easy to review in a diff) and is
//! parsed once on first use. The files are ours and fixed at build time, so this reader only needs
//! quoted fields, doubled quotes and commas/newlines inside quotes; tests over every shipped file
//! make sure it reads them all.

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

/// Appends one RFC 4180 row to `out`: every field quoted, quotes doubled, CRLF line end. A field
/// starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, so a spreadsheet
/// shows it as text instead of running it as a formula (CSV injection): visitors' justifications
/// end up in these files.
pub(crate) fn write_row(out: &mut String, fields: &[&str]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            out.push('\'');
        }
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_commas_and_doubled_quotes() {
        let rows = parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n1,\n");
        assert_eq!(rows[1], vec!["x, y", "say \"hi\""]);
        assert_eq!(rows[2], vec!["1", ""]);
    }

    #[test]
    fn written_rows_read_back_and_formulas_are_neutralised() {
        let mut out = String::new();
        write_row(&mut out, &["a, b", "say \"hi\"", "=1+1"]);
        assert_eq!(out, "\"a, b\",\"say \"\"hi\"\"\",\"'=1+1\"\r\n");
        assert_eq!(parse(&out)[0], vec!["a, b", "say \"hi\"", "'=1+1"]);
    }
}

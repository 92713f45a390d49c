//! Streaming input splitting (CSV records or JSON lines, fed chunk by chunk) and RFC 4180 CSV
//! fields, read and written. Hand-written: the registry needs only this much CSV.

/// The largest single record accepted, in bytes: a longer one is rejected, not buffered.
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;

/// One logical record of the input and the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRecord {
    /// First line of the record.
    pub line: usize,
    /// The record's text without its line break, or why it cannot be read.
    pub text: Result<String, String>,
}

/// Cuts a byte stream into records: lines for JSON Lines; for CSV, lines joined while a quoted
/// field is open (a newline inside quotes belongs to the field).
#[derive(Debug)]
pub struct RecordSplitter {
    csv: bool,
    buffer: Vec<u8>,
    in_quotes: bool,
    line: usize,
    start_line: usize,
    oversized: bool,
}

impl RecordSplitter {
    /// A splitter for CSV (`csv = true`) or JSON Lines.
    pub fn new(csv: bool) -> Self {
        RecordSplitter {
            csv,
            buffer: Vec::new(),
            in_quotes: false,
            line: 1,
            start_line: 1,
            oversized: false,
        }
    }

    /// Feeds `bytes`, appending every record completed by them to `out`.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<RawRecord>) {
        for &byte in bytes {
            if byte == b'"' && self.csv {
                self.in_quotes = !self.in_quotes;
            }
            if byte == b'\n' {
                self.line += 1;
                if !self.in_quotes {
                    self.emit(out);
                    continue;
                }
            }
            if self.buffer.len() < MAX_RECORD_BYTES {
                self.buffer.push(byte);
            } else {
                self.oversized = true;
            }
        }
    }

    /// Ends the input, emitting a last record without a final line break.
    pub fn finish(&mut self, out: &mut Vec<RawRecord>) {
        if self.in_quotes {
            out.push(RawRecord {
                line: self.start_line,
                text: Err("a quoted field is not closed before the end of the file".into()),
            });
            self.buffer.clear();
            self.oversized = false;
            self.in_quotes = false;
            return;
        }
        if !self.buffer.is_empty() || self.oversized {
            self.emit(out);
        }
    }

    fn emit(&mut self, out: &mut Vec<RawRecord>) {
        let mut bytes = std::mem::take(&mut self.buffer);
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        let line = self.start_line;
        self.start_line = self.line;
        if self.oversized {
            self.oversized = false;
            out.push(RawRecord {
                line,
                text: Err(format!(
                    "the record is longer than {MAX_RECORD_BYTES} bytes"
                )),
            });
            return;
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        if line == 1 && bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            bytes.drain(..3);
        }
        out.push(RawRecord {
            line,
            text: String::from_utf8(bytes).map_err(|_| "the record is not valid UTF-8".to_string()),
        });
    }
}

/// The fields of one CSV record (RFC 4180: quoted fields, doubled quotes, commas and newlines
/// inside quotes).
pub fn parse_fields(record: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = record.chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            '"' => return Err("a quote appears inside an unquoted field".into()),
            ',' => {
                fields.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            _ if was_quoted && !c.is_whitespace() => {
                return Err("text follows the closing quote of a field".into());
            }
            _ if was_quoted => {}
            _ => field.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is not closed".into());
    }
    fields.push(field);
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(csv: bool, chunks: &[&str]) -> Vec<RawRecord> {
        let mut splitter = RecordSplitter::new(csv);
        let mut out = Vec::new();
        for chunk in chunks {
            splitter.feed(chunk.as_bytes(), &mut out);
        }
        splitter.finish(&mut out);
        out
    }

    #[test]
    fn csv_records_span_quoted_newlines_across_chunks() {
        let records = split(true, &["a,b\r\n1,\"x\n", "y\"\n\n2,z"]);
        let lines: Vec<usize> = records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 5]);
        assert_eq!(records[1].text.as_deref(), Ok("1,\"x\ny\""));
        assert_eq!(parse_fields("1,\"x\ny\"").unwrap(), ["1", "x\ny"]);
    }

    #[test]
    fn unclosed_quote_at_the_end_is_reported_on_its_line() {
        let records = split(true, &["a\n\"open\n"]);
        assert_eq!(records[1].line, 2);
        assert!(records[1].text.is_err());
    }

    #[test]
    fn fields_round_trip_through_write_and_parse() {
        let fields = ["plain", "with, comma", "say \"hi\"", "", "line\nbreak"];
        let text = annexa_shared::csv::row(&fields, annexa_shared::csv::CsvMode::Interchange);
        let parsed = parse_fields(text.trim_end_matches("\r\n")).unwrap();
        assert_eq!(parsed, fields);
        assert!(parse_fields("a,b\"c").is_err());
    }
}

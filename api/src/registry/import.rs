//! Import of certificate records from CSV or JSON Lines, streamed: the input is fed in chunks,
//! each record is parsed and validated as it arrives, and valid rows are written in batches
//! (see [`super::store`] for the transaction rule). Every input row gets a [`RowReport`]:
//! `created`, `updated`, `unchanged` or `rejected` with its line number and the reason.

use annexa_shared::CertificateRecord;
use serde::Serialize;

use super::csv::{RawRecord, RecordSplitter, parse_fields};
use super::flat::Header;
use crate::error::Error;
use crate::store::certificates::{
    BulkLoad, PreparedRow, Registry, RowSource, RowToWrite, UpsertOutcome,
};

/// Rows written per transaction.
pub const BATCH_ROWS: usize = 1000;

/// The input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// CSV with a header row (columns: see `flat`).
    Csv,
    /// One JSON record per line.
    Jsonl,
}

impl ImportFormat {
    /// The format for a media type (`text/csv`, `application/x-ndjson`, `application/jsonl`, …).
    pub fn from_media_type(essence: &str) -> Option<ImportFormat> {
        match essence {
            "text/csv" | "application/csv" => Some(ImportFormat::Csv),
            "application/x-ndjson"
            | "application/jsonl"
            | "application/json-lines"
            | "application/x-jsonlines"
            | "application/jsonlines" => Some(ImportFormat::Jsonl),
            _ => None,
        }
    }

    /// The format for a file name (`.csv`, `.jsonl`, `.ndjson`).
    pub fn from_path(path: &std::path::Path) -> Option<ImportFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(ImportFormat::Csv),
            "jsonl" | "ndjson" => Some(ImportFormat::Jsonl),
            _ => None,
        }
    }
}

/// What happened to one input row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// A new certificate.
    Created,
    /// An existing certificate changed.
    Updated,
    /// An existing certificate, identical: nothing written.
    Unchanged,
    /// Not written; see the reason.
    Rejected,
}

/// The report for one input row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowReport {
    /// Line of the input where the row starts (1-based; the CSV header is line 1).
    pub line: usize,
    /// What happened.
    pub status: RowStatus,
    /// The row's certificate number, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_number: Option<String>,
    /// Registry id of the certificate written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Why the row was rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Counts per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Rows read (header excluded).
    pub rows: u64,
    /// New certificates.
    pub created: u64,
    /// Changed certificates.
    pub updated: u64,
    /// Identical rows.
    pub unchanged: u64,
    /// Rejected rows.
    pub rejected: u64,
}

/// Input chunks waiting for the parser, and parsed batches waiting to be written: what an import
/// holds in memory besides the batch being written (a few hundred kilobytes of input, two
/// batches of rows).
const INPUT_CHUNKS_QUEUED: usize = 4;
const BATCHES_QUEUED: usize = 2;

/// A streaming import into `store` on behalf of `actor`.
///
/// Parsing, validation and the rows' keys and stored form ([`PreparedRow`]) are worked out on a
/// thread of their own, while the rows parsed before are written: the input goes to the parser
/// through a bounded queue, batches of prepared rows come back through another, so memory stays
/// bounded whatever the input's size. Reports and counts are the same as if each row were read
/// and written in turn.
#[derive(Debug)]
pub struct Importer<'a> {
    store: &'a Registry,
    actor: String,
    to_parser: Option<tokio::sync::mpsc::Sender<Vec<u8>>>,
    from_parser: tokio::sync::mpsc::Receiver<Parsed>,
    reports: Vec<RowReport>,
    summary: ImportSummary,
    load: Load,
}

/// Whether the import may leave the full-text index to its end ([`Registry::begin_load`]).
#[derive(Debug)]
enum Load {
    /// Rows are indexed as they are written.
    RowByRow,
    /// Allowed, not decided yet (at the first batch).
    Allowed,
    /// Decided: `Some` when the index is built at the end.
    Begun(Option<BulkLoad>),
}

/// What the parser hands over: a batch of valid rows (at most [`BATCH_ROWS`]), prepared for the
/// store, and the rows rejected while reading since the previous batch.
#[derive(Debug)]
struct Parsed {
    rows: Vec<(usize, PreparedRow)>,
    rejected: Vec<RowReport>,
    /// Rows read so far (header excluded).
    rows_read: u64,
}

impl<'a> Importer<'a> {
    /// An import of `format` input named `source` (kept in the history) by `actor`.
    pub fn new(store: &'a Registry, format: ImportFormat, actor: &str, source: &str) -> Self {
        let (to_parser, input) = tokio::sync::mpsc::channel(INPUT_CHUNKS_QUEUED);
        let (output, from_parser) = tokio::sync::mpsc::channel(BATCHES_QUEUED);
        let parser = Parser::new(format, source);
        // The thread ends when the input queue is closed (finish or drop) or the importer is
        // dropped (its output queue closes).
        std::thread::spawn(move || parser.run(input, output));
        Importer {
            store,
            actor: actor.to_string(),
            to_parser: Some(to_parser),
            from_parser,
            reports: Vec::new(),
            summary: ImportSummary::default(),
            load: Load::RowByRow,
        }
    }

    /// Lets the import build the full-text index once at its end when the registry is empty
    /// ([`Registry::begin_load`]): for imports run to their end or whose process stops (the
    /// index is completed when the database is next opened), such as `annexa certs import`,
    /// not for a request that may fail midway while the server goes on.
    pub fn indexing_text_at_end(mut self) -> Self {
        self.load = Load::Allowed;
        self
    }

    /// Feeds the next chunk of input; writes the batches parsed meanwhile.
    pub async fn feed(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let mut chunk = Some(bytes.to_vec());
        while chunk.is_some() {
            let Some(to_parser) = self.to_parser.clone() else {
                return Err(Error::internal("import fed after it finished"));
            };
            tokio::select! {
                permit = to_parser.reserve() => {
                    let permit = permit.map_err(|_| parser_gone())?;
                    permit.send(chunk.take().unwrap_or_default());
                }
                parsed = self.from_parser.recv() => match parsed {
                    Some(parsed) => self.write(parsed).await?,
                    None => return Err(parser_gone()),
                },
            }
        }
        while let Ok(parsed) = self.from_parser.try_recv() {
            self.write(parsed).await?;
        }
        Ok(())
    }

    /// Ends the input and writes what is left.
    pub async fn finish(&mut self) -> Result<ImportSummary, Error> {
        self.to_parser = None;
        while let Some(parsed) = self.from_parser.recv().await {
            self.write(parsed).await?;
        }
        if let Load::Begun(load) = &mut self.load
            && let Some(load) = load.take()
        {
            self.store.end_load(load).await?;
        }
        Ok(self.summary)
    }

    /// The reports gathered since the last call, in input order (every row read before the
    /// last batch written).
    pub fn drain_reports(&mut self) -> Vec<RowReport> {
        std::mem::take(&mut self.reports)
    }

    /// The counts so far.
    pub fn summary(&self) -> ImportSummary {
        self.summary
    }

    /// Writes a parsed batch and reports it with the rejections read before it, in input order.
    async fn write(&mut self, parsed: Parsed) -> Result<(), Error> {
        let Parsed {
            rows: batch,
            rejected,
            rows_read,
        } = parsed;
        self.summary.rows = rows_read;
        self.summary.rejected += rejected.len() as u64;
        let mut reports = rejected;
        if !batch.is_empty() {
            // Moved, not cloned: malloc and free were the importer's largest cost (perf), and a
            // copy of every record's strings added to both.
            let (lines, rows): (Vec<usize>, Vec<PreparedRow>) = batch.into_iter().unzip();
            if let Load::Allowed = self.load {
                self.load = Load::Begun(self.store.begin_load().await?);
            }
            let load = match &self.load {
                Load::Begun(load) => load.as_ref(),
                _ => None,
            };
            let outcomes = self.store.load_prepared(&rows, &self.actor, load).await?;
            for ((line, row), outcome) in lines.into_iter().zip(rows).zip(outcomes) {
                let number = Some(row.into_row().record.certificate_number);
                let (status, id, reason) = match outcome {
                    Ok(UpsertOutcome::Created(id)) => (RowStatus::Created, Some(id), None),
                    Ok(UpsertOutcome::Updated(id)) => (RowStatus::Updated, Some(id), None),
                    Ok(UpsertOutcome::Unchanged(id)) => (RowStatus::Unchanged, Some(id), None),
                    Err(reason) => (RowStatus::Rejected, None, Some(reason)),
                };
                match status {
                    RowStatus::Created => self.summary.created += 1,
                    RowStatus::Updated => self.summary.updated += 1,
                    RowStatus::Unchanged => self.summary.unchanged += 1,
                    RowStatus::Rejected => self.summary.rejected += 1,
                }
                reports.push(RowReport {
                    line,
                    status,
                    certificate_number: number,
                    id,
                    reason,
                });
            }
        }
        // Rejections found while parsing and the written rows, back in input order.
        reports.sort_by_key(|r| r.line);
        self.reports.extend(reports);
        Ok(())
    }
}

/// The parser thread stopped before its input ended (it panicked).
fn parser_gone() -> Error {
    Error::internal("the import's parser stopped")
}

/// Reads records from the input, validates them and gathers valid rows in batches (the import's
/// parser thread).
#[derive(Debug)]
struct Parser {
    /// Shared by every row: stored once, however many rows the import has.
    source: std::sync::Arc<str>,
    format: ImportFormat,
    splitter: RecordSplitter,
    header: Option<Result<Header, String>>,
    pending: Vec<(usize, PreparedRow)>,
    rejected: Vec<RowReport>,
    rows_read: u64,
}

impl Parser {
    fn new(format: ImportFormat, source: &str) -> Self {
        Parser {
            source: source.into(),
            format,
            splitter: RecordSplitter::new(format == ImportFormat::Csv),
            header: None,
            pending: Vec::new(),
            rejected: Vec::new(),
            rows_read: 0,
        }
    }

    /// Parses every chunk of `input` until it closes, sending full batches to `output`, then
    /// the rest. Stops early if `output` closes (the import was dropped).
    fn run(
        mut self,
        mut input: tokio::sync::mpsc::Receiver<Vec<u8>>,
        output: tokio::sync::mpsc::Sender<Parsed>,
    ) {
        let mut records = Vec::new();
        while let Some(chunk) = input.blocking_recv() {
            self.splitter.feed(&chunk, &mut records);
            for raw in records.drain(..) {
                self.record(raw);
                if self.pending.len() >= BATCH_ROWS && output.blocking_send(self.batch()).is_err() {
                    return;
                }
            }
        }
        self.splitter.finish(&mut records);
        for raw in records.drain(..) {
            self.record(raw);
            if self.pending.len() >= BATCH_ROWS && output.blocking_send(self.batch()).is_err() {
                return;
            }
        }
        if self.format == ImportFormat::Csv && self.header.is_none() {
            self.reject(
                1,
                None,
                "the file is empty: expected a CSV header row".into(),
            );
            self.rows_read = 0;
        }
        let _ = output.blocking_send(self.batch());
    }

    /// The valid rows and the rejections gathered since the previous batch.
    fn batch(&mut self) -> Parsed {
        Parsed {
            rows: std::mem::take(&mut self.pending),
            rejected: std::mem::take(&mut self.rejected),
            rows_read: self.rows_read,
        }
    }

    fn record(&mut self, raw: RawRecord) {
        let line = raw.line;
        if self.format == ImportFormat::Csv && self.header.is_none() {
            let header = raw
                .text
                .and_then(|text| parse_fields(&text))
                .and_then(Header::parse);
            self.header = Some(header.map_err(|e| format!("header: {e}")));
            return;
        }
        self.rows_read += 1;
        let text = match raw.text {
            Ok(text) => text,
            Err(reason) => return self.reject(line, None, reason),
        };
        let parsed = match self.format {
            ImportFormat::Jsonl => parse_json_record(&text),
            ImportFormat::Csv => match &self.header {
                Some(Ok(header)) => parse_fields(&text).and_then(|f| header.record(&f)),
                Some(Err(reason)) => Err(format!("not read: the CSV {reason}")),
                None => Err("no header".into()),
            },
        };
        let record = match parsed {
            Ok(record) => record,
            Err(reason) => return self.reject(line, None, reason),
        };
        if let Err(errors) = record.validate() {
            let reason = errors
                .iter()
                .map(|e| format!("{}: {}", e.pointer, e.detail))
                .collect::<Vec<_>>()
                .join("; ");
            let number = Some(record.certificate_number.clone());
            return self.reject(line, number, reason);
        }
        let source = RowSource::at_line(&self.source, line as u64);
        // The keys and stored form are worked out here, beside the parsing, rather than on the
        // thread that writes: that thread waits for SQLite's work, this one does not.
        let row = PreparedRow::new(RowToWrite { record, source });
        self.pending.push((line, row));
    }

    fn reject(&mut self, line: usize, certificate_number: Option<String>, reason: String) {
        self.rejected.push(RowReport {
            line,
            status: RowStatus::Rejected,
            certificate_number,
            id: None,
            reason: Some(reason),
        });
    }
}

fn parse_json_record(text: &str) -> Result<CertificateRecord, String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let record: CertificateRecord =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let pointer = crate::json_input::json_pointer(e.path());
            let inner = e.into_inner();
            let message = inner.to_string();
            let message = message
                .rfind(" at line ")
                .map_or(message.as_str(), |i| &message[..i])
                .to_string();
            if pointer.is_empty() {
                format!("not a certificate record: {message}")
            } else {
                format!("{pointer}: {message}")
            }
        })?;
    deserializer
        .end()
        .map_err(|_| "text follows the JSON record on the same line".to_string())?;
    Ok(record)
}

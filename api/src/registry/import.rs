//! Import of certificate records from CSV or JSON Lines, streamed: the input is fed in chunks,
//! each record is parsed and validated as it arrives, and valid rows are written in batches
//! (see [`super::store`] for the transaction rule). Every input row gets a [`RowReport`]:
//! `created`, `updated`, `unchanged` or `rejected` with its line number and the reason.

use annexa_shared::CertificateRecord;
use serde::Serialize;

use super::csv::{RawRecord, RecordSplitter, parse_fields};
use super::flat::Header;
use crate::error::Error;
use crate::store::certificates::{Registry, RowToWrite, UpsertOutcome};

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

/// A streaming import into `store` on behalf of `actor`.
#[derive(Debug)]
pub struct Importer<'a> {
    store: &'a Registry,
    actor: String,
    source: String,
    format: ImportFormat,
    splitter: RecordSplitter,
    header: Option<Result<Header, String>>,
    pending: Vec<(usize, RowToWrite)>,
    reports: Vec<RowReport>,
    summary: ImportSummary,
}

impl<'a> Importer<'a> {
    /// An import of `format` input named `source` (kept in the history) by `actor`.
    pub fn new(store: &'a Registry, format: ImportFormat, actor: &str, source: &str) -> Self {
        Importer {
            store,
            actor: actor.to_string(),
            source: source.to_string(),
            format,
            splitter: RecordSplitter::new(format == ImportFormat::Csv),
            header: None,
            pending: Vec::new(),
            reports: Vec::new(),
            summary: ImportSummary::default(),
        }
    }

    /// Feeds the next chunk of input; writes full batches.
    pub async fn feed(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let mut records = Vec::new();
        self.splitter.feed(bytes, &mut records);
        self.take(records).await
    }

    /// Ends the input and writes what is left.
    pub async fn finish(&mut self) -> Result<ImportSummary, Error> {
        let mut records = Vec::new();
        self.splitter.finish(&mut records);
        self.take(records).await?;
        self.flush().await?;
        if self.format == ImportFormat::Csv && self.header.is_none() {
            self.reject(
                1,
                None,
                "the file is empty: expected a CSV header row".into(),
            );
            self.summary.rows = 0;
        }
        Ok(self.summary)
    }

    /// The reports gathered since the last call, in input order: only those before the first
    /// row still waiting to be written, so that reports are never out of order.
    pub fn drain_reports(&mut self) -> Vec<RowReport> {
        match self.pending.first() {
            Some((first_pending, _)) => {
                let split = self.reports.partition_point(|r| r.line < *first_pending);
                self.reports.drain(..split).collect()
            }
            None => std::mem::take(&mut self.reports),
        }
    }

    /// The counts so far.
    pub fn summary(&self) -> ImportSummary {
        self.summary
    }

    async fn take(&mut self, records: Vec<RawRecord>) -> Result<(), Error> {
        for raw in records {
            self.record(raw);
            if self.pending.len() >= BATCH_ROWS {
                self.flush().await?;
            }
        }
        Ok(())
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
        self.summary.rows += 1;
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
        let source = format!("{}, line {line}", self.source);
        self.pending.push((line, RowToWrite { record, source }));
    }

    fn reject(&mut self, line: usize, certificate_number: Option<String>, reason: String) {
        self.summary.rejected += 1;
        self.reports.push(RowReport {
            line,
            status: RowStatus::Rejected,
            certificate_number,
            id: None,
            reason: Some(reason),
        });
    }

    async fn flush(&mut self) -> Result<(), Error> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.pending);
        let rows: Vec<RowToWrite> = batch.iter().map(|(_, row)| row.clone()).collect();
        let outcomes = self.store.upsert_batch(&rows, &self.actor).await?;
        let mut reports: Vec<RowReport> = Vec::with_capacity(rows.len());
        for ((line, row), outcome) in batch.into_iter().zip(outcomes) {
            let number = Some(row.record.certificate_number);
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
        // Rejections found while parsing and the written rows, back in input order.
        self.reports.extend(reports);
        self.reports.sort_by_key(|r| r.line);
        Ok(())
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

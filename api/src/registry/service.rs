//! Verification against the registry — look the certificate up, then run
//! `annexa_shared::verify` — and the batch formats (a supplier list as CSV or JSON in, one
//! verdict per row as CSV or JSON out). Shared by the HTTP routes and the CLI.

use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, OnceLock};

use hashlink::LinkedHashMap;

use annexa_shared::verification::{
    EntityQuery, RecordReading, ScopeClaim, verify_read_without_record,
};
use annexa_shared::{
    ClaimedSite, Date, Identifiers, Verification, VerificationRequest, normalize_entity_name,
    verify,
};
use serde::Serialize;

use super::csv::parse_fields;
use crate::error::{Error, FieldError, Problem};
use crate::store::certificates::kept::Doorkeeper;
use crate::store::certificates::{Registry, StoredCertificate};
use annexa_shared::csv::{CsvMode, row};

/// The most rows in one batch verification.
pub const MAX_BATCH_ROWS: usize = 1000;

fn validation(errors: Vec<FieldError>) -> Error {
    let detail = errors.first().map_or_else(
        || "the request is invalid".to_string(),
        |e| format!("{}: {}", e.pointer, e.detail),
    );
    Error::Validation { detail, errors }
}

/// Finds the certificate a request names: by number (and body), else by identifier, else by
/// entity name (and country). When several match, the active, latest-expiring one is taken; when
/// a number is shared by several certification bodies and nothing tells them apart, the request
/// is refused (422) rather than guessed.
pub async fn find(
    store: &Registry,
    request: &VerificationRequest,
) -> Result<Option<Arc<StoredCertificate>>, Error> {
    if let Some(number) = request
        .certificate_number
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        let mut found = store
            .by_number(number, request.certification_body.as_deref())
            .await?;
        if found.len() > 1 {
            let claimed = request
                .claim
                .entity_name
                .as_deref()
                .or(request.entity.as_ref().map(|e| e.name.as_str()))
                .map(normalize_entity_name);
            if let Some(claimed) = claimed {
                found.retain(|c| normalize_entity_name(&c.certificate.entity.name) == claimed);
            }
        }
        if found.len() > 1 {
            return Err(validation(vec![FieldError::new(
                "/certification_body",
                format!(
                    "{} certification bodies issued a certificate numbered '{number}': give \
                     certification_body",
                    found.len()
                ),
            )]));
        }
        return Ok(found.into_iter().next());
    }
    let Some(entity) = &request.entity else {
        return Ok(None);
    };
    if let Some(identifiers) = &entity.identifiers {
        for (kind, value) in identifiers.present() {
            let found = store.by_identifier(Some(kind), value).await?;
            if let Some(first) = found.into_iter().next() {
                return Ok(Some(first));
            }
        }
    }
    if entity.name.trim().is_empty() {
        return Ok(None);
    }
    Ok(store
        .by_name(&entity.name, entity.country.as_deref())
        .await?
        .into_iter()
        .next())
}

/// A verification and the certificate it checked, as the registry's lookup gave it: shared
/// with the lookups kept in memory, so the record is not copied to be answered with.
#[derive(Debug)]
pub struct Verified {
    /// The verification, its `certificate` left out (`None`): it is `found`'s record.
    verification: Verification,
    /// The certificate checked, when one was found.
    found: Option<Arc<StoredCertificate>>,
}

impl Verified {
    /// The registry id of the certificate checked.
    pub fn id(&self) -> Option<i64> {
        self.found.as_ref().map(|c| c.id)
    }

    /// The verification as JSON, appended to `out`: the same bytes as `serde_json` writes for
    /// [`Verified::into_verification`]'s.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        super::verification_json::write_verification_with(
            out,
            &self.verification,
            self.found.as_ref().map(|c| &c.certificate),
        );
    }

    /// The whole verification, the record in it (copied only when it is kept in memory too).
    pub fn into_verification(self) -> Verification {
        Verification {
            certificate: self.found.map(|c| Arc::unwrap_or_clone(c).certificate),
            ..self.verification
        }
    }
}

/// Validates, looks up and verifies one request: the verification and the certificate
/// checked (see [`Verified`]).
pub async fn verify_request(
    store: &Registry,
    request: &VerificationRequest,
    today: Date,
) -> Result<Verified, Error> {
    request.validate().map_err(|errors| {
        validation(
            errors
                .into_iter()
                .map(|e| FieldError::new(e.pointer, e.detail))
                .collect(),
        )
    })?;
    let found = find(store, request).await?;
    let as_of = request.as_of.unwrap_or(today);
    let verification = match &found {
        Some(stored) => {
            let reading = readings().reading(stored);
            // The record stays where it is: the answer is written from it.
            verify_read_without_record(request, &stored.certificate, &reading, as_of)
        }
        None => verify(request, None, as_of),
    };
    Ok(Verified {
        verification,
        found,
    })
}

/// The scope readings of the records verified lately, by registry id and last update, at most
/// [`READINGS_KEPT`]. Reading a scope is most of a verification's work (~0.1 ms); buyers check
/// the same suppliers again and again. When full, the readings kept longest make room, one per
/// new reading (dropping all of them at once stalled every request waiting on the thread for
/// tens of milliseconds), and only for a record verified before, lately (the same
/// [`Doorkeeper`] as the store's kept lookups: a batch of suppliers checked once each does not
/// push out those checked again and again). The cache cannot change a verdict: a record changes
/// its `updated_at` with its texts, and `verify_read` itself refuses a reading of other texts
/// than the record's (a database swapped under a running process, two stores in one test
/// process).
#[derive(Debug)]
struct Readings {
    kept: Mutex<KeptReadings>,
}

#[derive(Debug)]
struct KeptReadings {
    map: LinkedHashMap<(i64, String), Arc<RecordReading>>,
    doorkeeper: Doorkeeper,
}

/// Records whose readings are kept: a reading takes a few to some tens of kilobytes.
const READINGS_KEPT: usize = 4096;

fn readings() -> &'static Readings {
    static READINGS: OnceLock<Readings> = OnceLock::new();
    READINGS.get_or_init(|| Readings {
        kept: Mutex::new(KeptReadings {
            map: LinkedHashMap::new(),
            doorkeeper: Doorkeeper::new(READINGS_KEPT),
        }),
    })
}

impl Readings {
    /// The reading of `stored`, kept or read now (outside the lock) and kept.
    fn reading(&self, stored: &StoredCertificate) -> Arc<RecordReading> {
        let key = (stored.id, stored.updated_at.clone());
        if let Some(reading) = self.lock().map.get(&key) {
            return Arc::clone(reading);
        }
        let reading = Arc::new(RecordReading::of(&stored.certificate));
        let oldest = {
            let mut kept = self.lock();
            let full = kept.map.len() >= READINGS_KEPT;
            if full {
                let hash = kept.map.hasher().hash_one(&key);
                if !kept.doorkeeper.admits(hash) {
                    return reading;
                }
            }
            let oldest = full.then(|| kept.map.pop_front()).flatten();
            kept.map.insert(key, Arc::clone(&reading));
            oldest
        };
        // Dropped after the lock is released.
        drop(oldest);
        reading
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, KeptReadings> {
        // A panic while holding the lock leaves a map that is still whole: keep using it.
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One row of a batch result.
#[derive(Debug, Clone, Serialize)]
pub struct BatchResult {
    /// Row number: 1-based position in a JSON array, or the CSV line.
    pub row: usize,
    /// The CSV `reference` column, echoed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Registry id of the certificate checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_id: Option<i64>,
    /// The verification, when the row could be verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
    /// Why the row could not be verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Problem>,
}

/// A batch row: its number, reference and request (or why it cannot be read).
pub type BatchRow = (usize, Option<String>, Result<VerificationRequest, Error>);

/// Verifies every row; a bad row gets its own error, the others are still verified.
pub async fn verify_batch(
    store: &Registry,
    rows: Vec<BatchRow>,
    today: Date,
) -> Result<Vec<BatchResult>, Error> {
    let mut results = Vec::with_capacity(rows.len());
    for (row, reference, request) in rows {
        let outcome = match request {
            Ok(request) => verify_request(store, &request, today).await,
            Err(error) => Err(error),
        };
        let result = match outcome {
            Ok(verified) => BatchResult {
                row,
                reference,
                certificate_id: verified.id(),
                verification: Some(verified.into_verification()),
                error: None,
            },
            Err(error @ (Error::Database(_) | Error::Internal(_))) => return Err(error),
            Err(error) => BatchResult {
                row,
                reference,
                certificate_id: None,
                verification: None,
                error: Some(error.problem()),
            },
        };
        results.push(result);
    }
    Ok(results)
}

/// Columns of a batch CSV (any order; only `certificate_number` or `entity_name`/an identifier
/// is needed per row).
pub const BATCH_COLUMNS: [&str; 11] = super::flat::concat_columns(
    ["reference", "certificate_number", "certification_body"],
    super::flat::ENTITY_COLUMNS,
    ["activities", "sites"],
);
const BATCH_OPTIONAL: [&str; 1] = ["as_of"];

/// Reads a batch CSV. `activities` are separated by `;`; `sites` too, each written
/// `City, CC`, `CC` or `Street, City, CC`. A header problem rejects the whole file (422); a bad
/// row only that row.
pub fn parse_batch_csv(text: &str) -> Result<Vec<BatchRow>, Error> {
    let mut splitter = super::csv::RecordSplitter::new(true);
    let mut records = Vec::new();
    splitter.feed(text.as_bytes(), &mut records);
    splitter.finish(&mut records);
    let mut records = records.into_iter();
    let header_error = |detail: String| validation(vec![FieldError::new("/header", detail)]);
    let header = records
        .next()
        .ok_or_else(|| header_error("the CSV is empty: expected a header row".into()))?;
    let header: Vec<String> = header
        .text
        .and_then(|t| parse_fields(&t))
        .map_err(header_error)?
        .into_iter()
        .map(|h| h.trim().to_string())
        .collect();
    if let Some(unknown) = header
        .iter()
        .find(|h| !BATCH_COLUMNS.contains(&h.as_str()) && !BATCH_OPTIONAL.contains(&h.as_str()))
    {
        return Err(header_error(format!(
            "unknown column '{unknown}' (known: {}, as_of)",
            BATCH_COLUMNS.join(", ")
        )));
    }
    let rows: Vec<BatchRow> = records
        .map(|raw| {
            let line = raw.line;
            let fields = raw.text.and_then(|t| parse_fields(&t));
            let row = fields.and_then(|fields| {
                if fields.len() != header.len() {
                    return Err(format!(
                        "{} fields where the header has {} columns",
                        fields.len(),
                        header.len()
                    ));
                }
                Ok(fields)
            });
            match row {
                Ok(fields) => {
                    let get = |name: &str| {
                        header
                            .iter()
                            .position(|h| h == name)
                            .map(|i| fields[i].trim().to_string())
                            .filter(|v| !v.is_empty())
                    };
                    (line, get("reference"), batch_request(&get))
                }
                Err(detail) => (
                    line,
                    None,
                    Err(validation(vec![FieldError::new(
                        format!("/line/{line}"),
                        detail,
                    )])),
                ),
            }
        })
        .collect();
    if rows.len() > MAX_BATCH_ROWS {
        return Err(validation(vec![FieldError::new(
            "",
            format!("at most {MAX_BATCH_ROWS} rows per batch"),
        )]));
    }
    Ok(rows)
}

fn batch_request(get: &dyn Fn(&str) -> Option<String>) -> Result<VerificationRequest, Error> {
    let as_of = match get("as_of") {
        Some(text) => Some(
            text.parse::<Date>()
                .map_err(|e| validation(vec![FieldError::new("/as_of", e.to_string())]))?,
        ),
        None => None,
    };
    let identifiers = Identifiers {
        vat: get("vat"),
        duns: get("duns"),
        registration_number: get("registration_number"),
        lei: get("lei"),
    };
    let entity_name = get("entity_name");
    let entity_country = get("entity_country");
    let entity = (entity_name.is_some() || entity_country.is_some() || !identifiers.is_empty())
        .then(|| EntityQuery {
            name: entity_name.clone().unwrap_or_default(),
            country: entity_country,
            identifiers: (!identifiers.is_empty()).then_some(identifiers),
        });
    let split = |text: Option<String>| -> Vec<String> {
        text.map(|t| {
            t.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
    };
    let sites = split(get("sites")).iter().map(|s| parse_site(s)).collect();
    Ok(VerificationRequest {
        certificate_number: get("certificate_number"),
        certification_body: get("certification_body"),
        entity,
        as_of,
        claim: ScopeClaim {
            entity_name,
            activities: split(get("activities")),
            sites,
        },
    })
}

/// `Dublin, IE` → city + country; `IE` → country; `1 Main St, Dublin, IE` → address too
/// (the rule lives in [`ClaimedSite::parse`]).
pub fn parse_site(text: &str) -> ClaimedSite {
    ClaimedSite::parse(text)
}

/// The batch results as CSV: one line per row with the verdict, problems and item lists.
pub fn batch_csv(results: &[BatchResult]) -> String {
    // For people: the caller's references and the registry's texts are neutralised.
    let mut out = row(
        &[
            "row",
            "reference",
            "certificate_id",
            "certificate_number",
            "entity_name",
            "verdict",
            "valid",
            "problems",
            "entity_match",
            "entity_reason",
            "covered",
            "excluded",
            "not_covered",
            "undetermined",
            "explanation",
        ],
        CsvMode::Spreadsheet,
    );
    for result in results {
        let mut fields = vec![
            result.row.to_string(),
            result.reference.clone().unwrap_or_default(),
            result
                .certificate_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
        ];
        match (&result.verification, &result.error) {
            (Some(v), _) => {
                let items = |verdict: annexa_shared::ItemVerdict| {
                    v.coverage
                        .iter()
                        .filter(|i| i.verdict == verdict)
                        .map(|i| i.item.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                fields.extend([
                    v.certificate_number().to_string(),
                    v.holder_name().to_string(),
                    v.verdict.as_str().to_string(),
                    v.validity.valid.to_string(),
                    v.validity
                        .problems
                        .iter()
                        .map(|p| json(&p.code))
                        .collect::<Vec<_>>()
                        .join("; "),
                    json(&v.entity_match),
                    v.entity_reason.as_ref().map(json).unwrap_or_default(),
                    items(annexa_shared::ItemVerdict::Covered),
                    items(annexa_shared::ItemVerdict::Excluded),
                    items(annexa_shared::ItemVerdict::NotCovered),
                    items(annexa_shared::ItemVerdict::Undetermined),
                    v.explanation.clone(),
                ]);
            }
            (None, Some(problem)) => {
                fields.extend([String::new(), String::new(), "error".to_string()]);
                fields.extend(std::iter::repeat_n(String::new(), 8));
                fields.push(problem.detail.clone());
            }
            (None, None) => fields.extend(std::iter::repeat_n(String::new(), 12)),
        }
        out.push_str(&row(&fields, CsvMode::Spreadsheet));
    }
    out
}

/// A serde enum value as its bare JSON string (`EntityMatch::Normalized` → `normalized`).
fn json<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Imports demo records `start .. start + count` (in JSON Lines batches, as a file would be):
/// for `annexa certs demo`, the first start of `annexa serve` and the benchmark alike.
pub async fn import_demo(
    store: &Registry,
    start: u64,
    count: u64,
    actor: &str,
) -> Result<super::import::ImportSummary, Error> {
    use super::import::{ImportFormat, Importer};
    let mut importer =
        Importer::new(store, ImportFormat::Jsonl, actor, "demo").indexing_text_at_end();
    let mut chunk = String::new();
    for record in super::demo::records(start, count) {
        chunk.push_str(&serde_json::to_string(&record).map_err(Error::internal)?);
        chunk.push('\n');
        if chunk.len() > 512 * 1024 {
            importer.feed(chunk.as_bytes()).await?;
            importer.drain_reports();
            chunk.clear();
        }
    }
    importer.feed(chunk.as_bytes()).await?;
    importer.finish().await
}

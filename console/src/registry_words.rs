//! The registry in plain words: a certificate's status, the name of each field (as the history,
//! the import's reasons and the CSV columns spell it), a changed value, who made a change, and
//! an import's row report as a CSV file for a spreadsheet. Pure: the registry pages only call
//! these, so no identifier of the API reaches the operator.

use annexa_shared::CertificateStatus;
use annexa_shared::csv::{CsvMode, row};
use serde::Deserialize;
use serde_json::Value;

/// A certificate's status, as a person says it.
pub fn status_words(status: CertificateStatus) -> &'static str {
    match status {
        CertificateStatus::Active => "Active",
        CertificateStatus::Suspended => "Suspended",
        CertificateStatus::Withdrawn => "Withdrawn by the certification body",
        CertificateStatus::Cancelled => "Cancelled at the holder's request",
        CertificateStatus::Expired => "Expired",
    }
}

/// A field of a certificate record in words, however it is spelt: a key of the record
/// (`expiry_date`), a JSON pointer (`/entity/identifiers/vat`, `/sites/0/city`) or a CSV column
/// (`entity_country`, `site_2_city`). `None` for names it does not know.
pub fn field_label(name: &str) -> Option<String> {
    let parts: Vec<&str> = name.trim_start_matches('/').split('/').collect();
    let fixed = |key: &str| -> Option<&'static str> {
        Some(match key {
            "certificate_number" => "Certificate number",
            "certification_body" => "Certification body",
            "accreditation_body" => "Accreditation body",
            "standard" => "Standard",
            "status" => "Status",
            "entity" => "Holder",
            "name" | "entity_name" => "Holder's name",
            "country" | "entity_country" => "Holder's country",
            "identifiers" => "Holder's identifiers",
            "vat" => "VAT number",
            "duns" => "D-U-N-S number",
            "registration_number" => "Company registration number",
            "lei" => "Legal Entity Identifier (LEI)",
            "scope" => "Scope",
            "sites" => "Sites",
            "original_issue_date" => "First certified on",
            "issue_date" => "Issued on",
            "expiry_date" => "Valid until",
            "last_surveillance_date" => "Last surveillance audit",
            "soa_reference" => "Statement of Applicability reference",
            _ => return None,
        })
    };
    let site_field = |field: &str| -> Option<&'static str> {
        Some(match field {
            "name" => "name",
            "address" => "address",
            "city" => "city",
            "country" => "country",
            "scope" => "scope",
            _ => return None,
        })
    };
    match parts.as_slice() {
        ["entity", field] | ["entity", "identifiers", field] => fixed(field).map(String::from),
        ["sites", index, field] => {
            let number = index.parse::<usize>().ok()? + 1;
            Some(format!("Site {number}: {}", site_field(field)?))
        }
        [single] => {
            let single: &str = single;
            if let Some(rest) = single.strip_prefix("site_")
                && let Some((number, field)) = rest.split_once('_')
                && let Ok(number) = number.parse::<usize>()
            {
                return Some(format!("Site {number}: {}", site_field(field)?));
            }
            fixed(single).map(String::from)
        }
        _ => None,
    }
}

/// Why an import refused a row, in words: each `field: problem` part names its field in plain
/// words (`/expiry_date: …` → `Valid until: …`), and serde's back-quoted names are replaced.
pub fn plain_reason(reason: &str) -> String {
    reason
        .split("; ")
        .map(|part| {
            let part = match part.split_once(": ") {
                Some((field, problem)) => match field_label(field) {
                    Some(label) => format!("{label}: {problem}"),
                    None => part.to_string(),
                },
                None => part.to_string(),
            };
            named_fields(&part)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `missing field `scope`` → `missing field “Scope”`.
fn named_fields(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        let Some(len) = rest[start + 1..].find('`') else {
            break;
        };
        let name = &rest[start + 1..start + 1 + len];
        out.push_str(&rest[..start]);
        let label = field_label(name).unwrap_or_else(|| name.to_string());
        out.push_str(&format!("“{label}”"));
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// A value of the history (`from` or `to` of a changed field) in words.
pub fn value_words(field: &str, value: &Value) -> String {
    match (field, value) {
        (_, Value::Null) => "nothing".into(),
        ("status", Value::String(text)) => CertificateStatus::parse(text)
            .map(|s| status_words(s).to_string())
            .unwrap_or_else(|| text.clone()),
        (_, Value::String(text)) => format!("“{text}”"),
        ("entity", Value::Object(entity)) => {
            let text = |key: &str| entity.get(key).and_then(Value::as_str).unwrap_or("");
            let mut words = format!("“{}” ({})", text("name"), text("country"));
            if let Some(Value::Object(ids)) = entity.get("identifiers") {
                for (kind, id) in ids {
                    if let Some(id) = id.as_str() {
                        let label = field_label(kind).unwrap_or_else(|| kind.clone());
                        words.push_str(&format!(", {label} {id}"));
                    }
                }
            }
            words
        }
        ("sites", Value::Array(sites)) if sites.is_empty() => "no site listed".into(),
        ("sites", Value::Array(sites)) => sites
            .iter()
            .map(|site| {
                ["name", "address", "city", "country"]
                    .iter()
                    .filter_map(|k| site.get(k).and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect::<Vec<_>>()
            .join("; "),
        (_, other) => other.to_string(),
    }
}

/// Who made a change, as the history keeps it, in words: `api-key:<name> (<id>)` → the key
/// “name”; `cli:<user>` → the annexa command, run by user; `demo-seed` → the demo data.
pub fn actor_words(actor: &str) -> String {
    if let Some(key) = actor.strip_prefix("api-key:") {
        let name = key.rsplit_once(" (").map_or(key, |(name, _)| name);
        format!("the key “{name}”")
    } else if actor == "api-key" {
        "an admin key".into()
    } else if let Some(user) = actor.strip_prefix("cli:") {
        format!("the annexa command, run by {user}")
    } else if actor.starts_with("demo") {
        "the demo data".into()
    } else if actor == "registry import" {
        "an import".into()
    } else if actor == "registry update" {
        "an update".into()
    } else {
        actor.to_string()
    }
}

/// Where a change came from, as the history keeps it, in words: `api import, line 3` → line 3
/// of a file imported through the console or the API; a command's file name stays as it is.
pub fn source_words(source: &str) -> String {
    match source.strip_prefix("api import, ") {
        Some(line) => format!("{line} of a file imported through the console or the API"),
        None if source.starts_with("demo") => "the demo data".into(),
        None => source.to_string(),
    }
}

/// One row of an import's report, as the API sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ImportedRow {
    /// Line of the file where the row starts.
    pub line: usize,
    /// `created`, `updated`, `unchanged` or `rejected`.
    pub status: String,
    /// The row's certificate number, when it could be read.
    #[serde(default)]
    pub certificate_number: Option<String>,
    /// Registry id of the certificate written.
    #[serde(default)]
    pub id: Option<i64>,
    /// Why the row was refused.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The counts of an import, as the API sends them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct ImportCounts {
    /// Rows read (the header excluded).
    pub rows: u64,
    /// New certificates.
    pub created: u64,
    /// Certificates changed.
    pub updated: u64,
    /// Rows identical to the registry.
    pub unchanged: u64,
    /// Rows refused.
    pub rejected: u64,
}

/// An import's answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ImportReport {
    /// The counts.
    pub summary: ImportCounts,
    /// The rows reported (every row, or only the refused ones for a large file).
    pub rows: Vec<ImportedRow>,
}

/// What happened to a row, in words.
pub fn outcome_words(status: &str) -> &'static str {
    match status {
        "created" => "Added",
        "updated" => "Updated",
        "unchanged" => "Unchanged",
        "rejected" => "Rejected",
        _ => "Unknown",
    }
}

/// The row report as a CSV file for a spreadsheet: line, result, certificate number, reason.
pub fn report_csv(rows: &[ImportedRow]) -> String {
    let mut out = row(
        &["Line", "Result", "Certificate number", "Reason"],
        CsvMode::Spreadsheet,
    );
    for reported in rows {
        out.push_str(&row(
            &[
                reported.line.to_string(),
                outcome_words(&reported.status).to_string(),
                reported.certificate_number.clone().unwrap_or_default(),
                reported
                    .reason
                    .as_deref()
                    .map(plain_reason)
                    .unwrap_or_default(),
            ],
            CsvMode::Spreadsheet,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_named_in_words_however_they_are_spelt() {
        assert_eq!(field_label("expiry_date").as_deref(), Some("Valid until"));
        assert_eq!(
            field_label("/entity/identifiers/vat").as_deref(),
            Some("VAT number")
        );
        assert_eq!(
            field_label("/sites/0/country").as_deref(),
            Some("Site 1: country")
        );
        assert_eq!(field_label("site_2_city").as_deref(), Some("Site 2: city"));
        assert_eq!(
            field_label("entity_country").as_deref(),
            Some("Holder's country")
        );
        assert_eq!(field_label("colour"), None);
    }

    #[test]
    fn refusals_name_their_fields_in_words() {
        assert_eq!(
            plain_reason(
                "/entity/name: must not be empty; /expiry_date: expiry date 2020-01-01 is not \
                 after the issue date 2021-01-01"
            ),
            "Holder's name: must not be empty; Valid until: expiry date 2020-01-01 is not after \
             the issue date 2021-01-01"
        );
        assert_eq!(
            plain_reason("not a certificate record: missing field `scope`"),
            "not a certificate record: missing field “Scope”"
        );
        assert_eq!(
            plain_reason("status: 'actve' is not one of active, suspended"),
            "Status: 'actve' is not one of active, suspended"
        );
        // A reason that names no field stays as it is.
        assert_eq!(
            plain_reason("3 fields where the header has 17 columns"),
            "3 fields where the header has 17 columns"
        );
    }

    #[test]
    fn changed_values_read_as_words() {
        assert_eq!(value_words("status", &json!("suspended")), "Suspended");
        assert_eq!(value_words("scope", &json!("Payroll")), "“Payroll”");
        assert_eq!(value_words("soa_reference", &Value::Null), "nothing");
        assert_eq!(
            value_words(
                "entity",
                &json!({"name": "ACME Ltd", "country": "IE", "identifiers": {"vat": "IE1"}})
            ),
            "“ACME Ltd” (IE), VAT number IE1"
        );
        assert_eq!(
            value_words(
                "sites",
                &json!([{"city": "Dublin", "country": "IE"}, {"country": "ES"}])
            ),
            "Dublin, IE; ES"
        );
    }

    #[test]
    fn who_changed_a_record_is_said_in_words() {
        assert_eq!(
            actor_words("api-key:registry desk (key_abc)"),
            "the key “registry desk”"
        );
        assert_eq!(actor_words("cli:ana"), "the annexa command, run by ana");
        assert_eq!(actor_words("demo-seed"), "the demo data");
        assert_eq!(actor_words("registry update"), "an update");
        assert_eq!(
            source_words("api import, line 3"),
            "line 3 of a file imported through the console or the API"
        );
        assert_eq!(source_words("registry.csv, line 9"), "registry.csv, line 9");
    }

    #[test]
    fn the_report_file_is_safe_for_a_spreadsheet_and_in_words() {
        let rows = [
            ImportedRow {
                line: 2,
                status: "created".into(),
                certificate_number: Some("IS 1".into()),
                id: Some(7),
                reason: None,
            },
            ImportedRow {
                line: 3,
                status: "rejected".into(),
                certificate_number: Some("=HYPERLINK()".into()),
                id: None,
                reason: Some("/entity/country: must be two letters".into()),
            },
        ];
        assert_eq!(
            report_csv(&rows),
            "\"Line\",\"Result\",\"Certificate number\",\"Reason\"\r\n\
             \"2\",\"Added\",\"IS 1\",\"\"\r\n\
             \"3\",\"Rejected\",\"'=HYPERLINK()\",\"Holder's country: must be two letters\"\r\n"
        );
    }
}

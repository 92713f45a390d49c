//! Stored hostile text: HTML/script in every text field a visitor or an importer controls, CSV
//! formula injection, and SQL metacharacters in search queries and import rows. Stored values
//! come back exactly (no interpretation, no truncation), only ever as JSON or CSV with
//! `nosniff`, never as HTML; CSV exports neutralise formulas; SQL text is data.

use annexa_e2e::http_client::{Request, Response};
use annexa_e2e::payloads::{assert_client_problem, lead};
use annexa_e2e::server::{ADMIN_KEY, Server};
use serde_json::{Value, json};

const XSS: [&str; 4] = [
    "<script>alert('x')</script>",
    "\"><img src=x onerror=alert(1)>",
    "</textarea><svg/onload=alert(1)>",
    "javascript:alert(document.cookie)//",
];

fn send(server: &Server, request: Request) -> Response {
    request
        .send(server.addr())
        .unwrap_or_else(|e| panic!("request failed: {e}\n{}", server.log_text()))
}

fn admin_get(server: &Server, path: &str) -> Response {
    send(server, Request::new("GET", path).bearer(ADMIN_KEY))
}

/// A response carrying stored text must not be something a browser renders as a page.
fn assert_inert(response: &Response, what: &str) {
    let media = response.media_type();
    assert!(
        media == "application/json" || media == "text/csv",
        "{what}: stored text served as {media}"
    );
    assert_eq!(
        response.header("x-content-type-options"),
        Some("nosniff"),
        "{what}: without nosniff a browser may sniff HTML"
    );
}

#[test]
fn html_in_lead_fields_comes_back_exactly_as_json_and_inert_csv() {
    let mut server = Server::start();
    let mut ids = Vec::new();
    for (i, payload) in XSS.iter().enumerate() {
        let email = format!("a{i}+{}@example.com", payload.len());
        let mut submission = lead(server.addr(), "demo", payload, &email, payload);
        submission["answers"]["profile"]["persons_in_scope"] = json!(12);
        let response = send(
            &server,
            Request::new("POST", "/api/v1/leads").json(&submission),
        );
        assert_eq!(response.status, 201, "{payload}: {}", response.text());
        ids.push((response.json()["id"].as_str().unwrap().to_owned(), payload));
    }
    for (id, payload) in &ids {
        let response = admin_get(&server, &format!("/api/v1/leads/{id}"));
        assert_eq!(response.status, 200);
        assert_inert(&response, "GET /leads/{id}");
        let lead = response.json();
        assert_eq!(lead["contact"]["name"], **payload);
        assert_eq!(lead["contact"]["company"], **payload);
    }
    let list = admin_get(&server, "/api/v1/leads?per_page=100");
    assert_eq!(list.status, 200);
    assert_inert(&list, "GET /leads");
    let csv = admin_get(&server, "/api/v1/leads.csv");
    assert_eq!(csv.status, 200);
    assert_inert(&csv, "GET /leads.csv");
    let rows = parse_csv(&csv.text());
    assert_eq!(rows.len(), XSS.len() + 1, "one row per lead and a header");
    for (id, payload) in &ids {
        let row = rows
            .iter()
            .find(|r| r[0] == *id)
            .expect("every lead in the CSV");
        assert_eq!(row[3], **payload, "name column intact");
        assert_eq!(row[5], **payload, "company column intact");
    }
    server.assert_alive("HTML in lead fields");
}

#[test]
fn csv_export_neutralises_formulas_and_keeps_rows_intact() {
    let mut server = Server::start();
    let formulas = [
        "=cmd|' /C calc'!A0",
        "+SUM(1,2)",
        "-2+3",
        "@HYPERLINK(\"http://evil.example\",\"x\")",
        "\t=1+1",
        "Line one\r\n=Line two, \"quoted\"",
    ];
    for (i, formula) in formulas.iter().enumerate() {
        let submission = lead(
            server.addr(),
            "demo",
            formula,
            &format!("f{i}@example.com"),
            formula,
        );
        let response = send(
            &server,
            Request::new("POST", "/api/v1/leads").json(&submission),
        );
        assert_eq!(response.status, 201, "{formula:?}: {}", response.text());
    }
    let csv = admin_get(&server, "/api/v1/leads.csv");
    assert_eq!(csv.status, 200);
    let rows = parse_csv(&csv.text());
    assert_eq!(rows.len(), formulas.len() + 1, "{}", csv.text());
    for row in &rows[1..] {
        // Every row has the header's columns: no line break or comma split a field.
        assert_eq!(row.len(), rows[0].len(), "{row:?}");
        for field in [&row[3], &row[5]] {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would run {field:?}"
            );
            let original = field.strip_prefix('\'').unwrap_or(field);
            // Names are trimmed on submission; apart from that the value is intact.
            assert!(
                formulas.iter().any(|f| f.trim() == original),
                "{field:?} is not one of the submitted values"
            );
        }
    }
    server.assert_alive("formulas in lead fields");
}

/// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn record(number: &str, name: &str, scope: &str) -> Value {
    json!({
        "certificate_number": number,
        "certification_body": "Pretend Quality Certification B.V.",
        "accreditation_body": "UKAS",
        "standard": "ISO/IEC 27001:2022",
        "status": "active",
        "entity": { "name": name, "country": "GB", "identifiers": { "vat": "GB123456789" } },
        "scope": scope,
        "sites": [{ "name": "HQ", "city": "London", "country": "GB" }],
        "original_issue_date": "2024-01-10",
        "issue_date": "2024-01-10",
        "expiry_date": "2027-01-09",
        "last_surveillance_date": "2025-12-01"
    })
}

const SQL: [&str; 8] = [
    "' OR '1'='1",
    "x'; DROP TABLE certificates; --",
    "\" OR 1=1 --",
    "1; DELETE FROM leads",
    "%' UNION SELECT key_hash FROM api_keys --",
    "NEAR(hosting software)",
    "scope:* OR name:*",
    "\"unbalanced",
];

#[test]
fn sql_metacharacters_are_data_in_import_rows_and_searches() {
    let mut server = Server::start();
    let mut lines = String::new();
    for (i, text) in SQL.iter().chain(XSS.iter()).enumerate() {
        let number = format!("SQL-{i}-{text}");
        let name = format!("{text} Holdings Ltd");
        let scope = format!("Hosting of software as a service {text}");
        lines.push_str(&record(&number, &name, &scope).to_string());
        lines.push('\n');
    }
    let import = send(
        &server,
        Request::new("POST", "/api/v1/certificates/import")
            .bearer(ADMIN_KEY)
            .body("application/x-ndjson", lines),
    );
    assert_eq!(import.status, 200, "{}", import.text());
    let summary = &import.json()["summary"];
    let total = SQL.len() + XSS.len();
    assert_eq!(summary["created"], total, "{}", import.text());
    assert_inert(&import, "import report");

    for (i, text) in SQL.iter().chain(XSS.iter()).enumerate() {
        // Exact lookup by number finds exactly this record, with the text intact.
        let number = format!("SQL-{i}-{text}");
        let response = send(
            &server,
            Request::new(
                "GET",
                format!("/api/v1/certificates?number={}", encode(&number)),
            ),
        );
        assert_eq!(
            response.status,
            200,
            "number {number:?}: {}",
            response.text()
        );
        assert_inert(&response, "search");
        let body = response.json();
        assert_eq!(body["total"], 1, "number {number:?}: {body}");
        let found = &body["items"][0]["certificate"];
        assert_eq!(found["entity"]["name"], format!("{text} Holdings Ltd"));
        assert_eq!(
            found["scope"],
            format!("Hosting of software as a service {text}")
        );
        // Verification quotes the scope as evidence, still as inert JSON.
        let verify = send(
            &server,
            Request::new("POST", "/api/v1/certificates/verify").json(&json!({
                "certificate_number": number,
                "certification_body": "Pretend Quality Certification B.V.",
                "as_of": "2026-06-01",
                "claim": { "activities": ["hosting of software as a service"] }
            })),
        );
        assert_eq!(verify.status, 200, "{}", verify.text());
        assert_inert(&verify, "verify");
        assert_eq!(verify.json()["verdict"], "covered", "{}", verify.text());
    }

    // Free text, names and identifiers with SQL and FTS5 syntax: results or a 400 problem, never
    // a 500, and never everything.
    for text in SQL
        .iter()
        .chain(XSS.iter())
        .chain(["*", "\"", "(", "AND", "NOT NOT", "a:b:c", "^", "\u{0}"].iter())
    {
        for param in ["q", "name", "identifier", "number"] {
            let target = format!("/api/v1/certificates?{param}={}", encode(text));
            let response = send(&server, Request::new("GET", target.as_str()));
            assert!(
                response.status == 200 || response.status == 400,
                "{target}: {} {}",
                response.status,
                response.text()
            );
            if response.status == 400 {
                assert_client_problem(&response, &target);
            } else {
                let total = response.json()["total"].as_u64().unwrap_or(0);
                assert!(
                    total < total_of(&server)
                        || param == "q"
                        // A name of punctuation only normalises to "" and lists every record
                        // (reported; public data, paginated).
                        || (param == "name" && !text.chars().any(char::is_alphanumeric)),
                    "{target}: matched every record"
                );
            }
        }
    }
    // Lead filters are validated, not pasted into SQL.
    for query in [
        "tier=A' OR '1'='1",
        "widget_key=demo' --",
        "page=1;DROP",
        "per_page=-1",
    ] {
        let target = format!(
            "/api/v1/leads?{}",
            query.replace(' ', "%20").replace('\'', "%27")
        );
        let response = admin_get(&server, &target);
        assert!(
            response.status == 200 || response.status == 400,
            "{target}: {} {}",
            response.status,
            response.text()
        );
        if response.status == 200 {
            assert_eq!(response.json()["items"], json!([]), "{target}");
        } else {
            assert_client_problem(&response, &target);
        }
    }
    assert_eq!(
        total_of(&server),
        total as u64,
        "no record lost to an injection"
    );
    server.assert_alive("SQL metacharacters");
}

fn total_of(server: &Server) -> u64 {
    let response = send(
        server,
        Request::new("GET", "/api/v1/certificates?q=hosting&per_page=1"),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()["total"].as_u64().unwrap()
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn html_in_widget_key_fields_stays_json() {
    let mut server = Server::start();
    let owner = XSS[1];
    let consent = format!("I agree {} to be contacted.", XSS[0]);
    let created = send(
        &server,
        Request::new("POST", "/api/v1/widget-keys")
            .bearer(ADMIN_KEY)
            .json(&json!({
                "key": "xss-site",
                "owner_name": owner,
                "consent_text": consent,
                "allowed_origins": ["https://shop.example"]
            })),
    );
    assert_eq!(created.status, 201, "{}", created.text());
    let config = send(
        &server,
        Request::new("GET", "/api/v1/widget-config/xss-site"),
    );
    assert_eq!(config.status, 200, "{}", config.text());
    assert_inert(&config, "widget-config");
    assert_eq!(config.json()["owner_name"], owner);
    assert_eq!(config.json()["consent_text"], consent.as_str());
    // A lead for that key carries the consent text exactly as shown.
    let submission = lead(server.addr(), "xss-site", "Ana", "ana@example.com", "ACME");
    let response = send(
        &server,
        Request::new("POST", "/api/v1/leads")
            .header("Origin", "https://shop.example")
            .json(&submission),
    );
    assert_eq!(response.status, 201, "{}", response.text());
    let id = response.json()["id"].as_str().unwrap().to_owned();
    let stored = admin_get(&server, &format!("/api/v1/leads/{id}"));
    assert_inert(&stored, "lead");
    assert_eq!(stored.json()["consent"]["text"], consent.as_str());
    server.assert_alive("HTML in widget key fields");
}

//! Hostile input against a real `annexa serve`: oversized and deeply nested bodies, invalid
//! UTF-8, huge strings, control characters, duplicate keys, dates out of range, unknown question
//! ids, a wrong questionnaire version. Each gets its documented 4xx problem+json and the server
//! keeps serving (`/healthz` 200 after every request).

use annexa_e2e::http_client::Request;
use annexa_e2e::payloads::{answers, assert_client_problem, assert_problem, lead};
use annexa_e2e::server::{Options, Server};
use annexa_shared::Mode;
use serde_json::{Value, json};

const SCORE: &str = "/api/v1/assessments/score";
const LEADS: &str = "/api/v1/leads";

fn post_json(
    server: &Server,
    path: &str,
    body: impl Into<Vec<u8>>,
) -> annexa_e2e::http_client::Response {
    Request::new("POST", path)
        .body("application/json", body)
        .send(server.addr())
        .unwrap_or_else(|e| panic!("POST {path}: {e}\n{}", server.log_text()))
}

#[test]
fn oversized_bodies_get_413_problems() {
    let mut server = Server::start_with(Options::args([
        "--rate-limit-ip",
        "0",
        "--rate-limit-widget-key",
        "0",
        "--max-body-bytes",
        "65536",
    ]));
    // A valid document padded past the limit with a long justification.
    let mut doc = answers(Mode::Quick, "yes");
    doc["answers"]["q.quick.padding"] =
        json!({ "value": "yes", "justification": "x".repeat(70_000) });
    for path in [
        SCORE,
        LEADS,
        "/api/v1/assessments/soa",
        "/api/v1/certificates/verify",
    ] {
        let response = post_json(&server, path, doc.to_string());
        let body = assert_problem(&response, 413, "payload-too-large", path);
        assert!(body["detail"].as_str().unwrap().contains("65536"), "{body}");
        server.assert_alive(&format!("413 on {path}"));
    }
    // Without Content-Length (chunked): the limit holds while streaming.
    let chunk = format!("{:x}\r\n{}\r\n", 40_000, "[".repeat(40_000));
    let mut body = String::new();
    for _ in 0..3 {
        body.push_str(&chunk);
    }
    body.push_str("0\r\n\r\n");
    let response = Request::new("POST", SCORE)
        .header("Transfer-Encoding", "chunked")
        .body("application/json", body)
        .send(server.addr())
        .unwrap();
    assert_problem(
        &response,
        413,
        "payload-too-large",
        "chunked body over the limit",
    );
    server.assert_alive("a chunked body over the limit");
    // A declared length far beyond the limit is refused before the body is read.
    let response = Request::new("POST", SCORE)
        .header("Content-Length", "10000000000")
        .body("application/json", "{}")
        .send(server.addr())
        .unwrap();
    assert!(
        (400..500).contains(&response.status),
        "10 GB Content-Length: {} {}",
        response.status,
        response.text()
    );
    server.assert_alive("a 10 GB Content-Length");
}

#[test]
fn deep_nesting_invalid_utf8_and_wrong_content_types() {
    let mut server = Server::start();
    // 100 000 levels of nesting inside the body limit: serde_json's recursion limit, not a stack
    // overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    for (path, body) in [
        (SCORE, deep.clone()),
        ("/api/v1/certificates/verify/batch", deep.clone()),
        (LEADS, {
            let mut submission =
                lead(server.addr(), "demo", "Ana", "ana@example.com", "ACME").to_string();
            submission.pop();
            format!("{submission},\"report\":{deep}}}")
        }),
        (
            SCORE,
            format!("{{\"questionnaire_version\":{}", "{\"a\":".repeat(50_000)),
        ),
    ] {
        let response = post_json(&server, path, body);
        let problem = assert_client_problem(&response, &format!("deep nesting on {path}"));
        assert!(
            matches!(response.status, 400 | 422),
            "deep nesting on {path}: {problem}"
        );
        server.assert_alive(&format!("deep nesting on {path}"));
    }

    // Invalid UTF-8 inside a JSON string and as raw bytes.
    let mut doc = answers(Mode::Quick, "yes").to_string().into_bytes();
    let version = annexa_shared::QUESTIONNAIRE_VERSION.as_bytes();
    let at = doc
        .windows(version.len())
        .position(|w| w == version)
        .expect("version in the body");
    doc[at] = 0xff;
    doc[at + 1] = 0xfe;
    let response = post_json(&server, SCORE, doc);
    assert_problem(
        &response,
        400,
        "malformed-json",
        "invalid UTF-8 in a string",
    );
    server.assert_alive("invalid UTF-8 in a JSON string");
    let response = post_json(&server, SCORE, vec![0xc3, 0x28, 0xa0, 0xa1, 0xff]);
    assert_problem(&response, 400, "malformed-json", "raw invalid UTF-8");
    server.assert_alive("a raw invalid UTF-8 body");
    // A lone surrogate escape is valid JSON syntax but not a Unicode scalar.
    let response = post_json(
        &server,
        SCORE,
        r#"{"questionnaire_version":"\ud800","mode":"quick"}"#,
    );
    assert_client_problem(&response, "lone surrogate");
    server.assert_alive("a lone surrogate escape");
    // Percent-encoded invalid UTF-8 in a query and a path.
    for target in [
        "/api/v1/certificates?q=%ff%fe%fd",
        "/api/v1/certificates?name=%c3%28",
        "/api/v1/widget-config/%ff%fe",
        "/api/v1/certificates/%ff",
        "/api/v1/questionnaire?mode=%ff",
    ] {
        let response = Request::new("GET", target).send(server.addr()).unwrap();
        assert!(
            response.status < 500,
            "{target}: {} {}",
            response.status,
            response.text()
        );
        if response.status >= 400 {
            assert_client_problem(&response, target);
        }
        server.assert_alive(target);
    }

    // Not JSON at all, or JSON under the wrong media type.
    for (content_type, body, status, kind) in [
        ("application/json", "", 400, "malformed-json"),
        ("application/json", "{\"mode\":", 400, "malformed-json"),
        ("application/json", "null", 422, "invalid-body"),
        ("application/json", "[]", 422, "invalid-body"),
        ("text/plain", "{}", 415, "unsupported-media-type"),
        (
            "application/x-www-form-urlencoded",
            "a=b",
            415,
            "unsupported-media-type",
        ),
        (
            "application/json; charset=utf-16",
            "{}",
            422,
            "invalid-body",
        ),
    ] {
        let response = Request::new("POST", SCORE)
            .body(content_type, body)
            .send(server.addr())
            .unwrap();
        assert_problem(&response, status, kind, &format!("{content_type} {body:?}"));
        server.assert_alive(&format!("{content_type} {body:?}"));
    }
}

#[test]
fn answers_documents_with_wrong_keys_versions_and_dates() {
    let mut server = Server::start();
    // Duplicate keys at the top level are refused with a pointer-free 422.
    let valid = answers(Mode::Quick, "yes").to_string();
    let duplicated = valid.replacen(
        "\"mode\":\"quick\"",
        "\"mode\":\"quick\",\"mode\":\"full\"",
        1,
    );
    assert_ne!(valid, duplicated, "the fixture contains \"mode\":\"quick\"");
    let response = post_json(&server, SCORE, duplicated);
    let body = assert_problem(&response, 422, "invalid-body", "duplicate top-level key");
    assert!(
        body["detail"].as_str().unwrap().contains("duplicate"),
        "{body}"
    );
    server.assert_alive("a duplicate top-level key");

    // A duplicated answer: serde keeps the last value. Whatever the server does, it must be
    // deterministic — either a refusal or the report of the document with the last value.
    let first = answers(Mode::Quick, "yes");
    let question = first["answers"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    let duplicated_answer = first.to_string().replacen(
        &format!("\"{question}\":{{\"value\":\"yes\"}}"),
        &format!("\"{question}\":{{\"value\":\"yes\"}},\"{question}\":{{\"value\":\"no\"}}"),
        1,
    );
    let response = post_json(&server, SCORE, duplicated_answer);
    if response.status == 200 {
        let mut last = first.clone();
        last["answers"][&question] = json!({ "value": "no" });
        let expected = post_json(&server, SCORE, last.to_string());
        assert_eq!(
            response.text(),
            expected.text(),
            "duplicate answer: last value wins"
        );
    } else {
        assert_problem(&response, 422, "invalid-body", "duplicate answer key");
    }

    // Unknown question ids: 422 invalid-answers naming the question.
    for id in [
        "q.A.99.99",
        "q.A.5.1'; DROP TABLE leads; --",
        "<script>alert(1)</script>",
        "\u{202e}q.A.5.1",
        "",
    ] {
        let mut doc = answers(Mode::Quick, "yes");
        doc["answers"][id] = json!({ "value": "yes" });
        let response = post_json(&server, SCORE, doc.to_string());
        let body = assert_problem(
            &response,
            422,
            "invalid-answers",
            &format!("unknown question {id:?}"),
        );
        let named = body["errors"].as_array().is_some_and(|errors| {
            errors.iter().any(|e| {
                e["pointer"]
                    .as_str()
                    .is_some_and(|p| p.contains(&id.replace('~', "~0").replace('/', "~1")))
            })
        });
        assert!(
            named,
            "the problem names the unknown question {id:?}: {body}"
        );
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        server.assert_alive(&format!("unknown question {id:?}"));
    }

    // Answer values and modes outside the enums.
    for (pointer, value) in [
        ("/mode", json!("fast")),
        ("/profile/persons_in_scope", json!(-1)),
        ("/profile/persons_in_scope", json!(1e30)),
        ("/profile/sites", json!("2")),
        ("/profile/sector", json!("<b>bank</b>")),
    ] {
        let mut doc = answers(Mode::Quick, "yes");
        set_pointer(&mut doc, pointer, value.clone());
        let response = post_json(&server, SCORE, doc.to_string());
        let body = assert_problem(
            &response,
            422,
            "invalid-body",
            &format!("{pointer} = {value}"),
        );
        assert_eq!(body["errors"][0]["pointer"], pointer, "{body}");
        server.assert_alive(&format!("{pointer} = {value}"));
    }

    // Wrong questionnaire version: the lead route refuses it with its own kind.
    let mut submission = lead(server.addr(), "demo", "Ana", "ana@example.com", "ACME");
    submission["answers"]["questionnaire_version"] = json!("1999.1");
    let response = post_json(&server, LEADS, submission.to_string());
    let body = assert_problem(
        &response,
        422,
        "unknown-questionnaire-version",
        "lead with version 1999.1",
    );
    assert_eq!(
        body["errors"][0]["pointer"], "/questionnaire_version",
        "{body}"
    );
    let mut doc = answers(Mode::Quick, "yes");
    doc["questionnaire_version"] = json!("1999.1");
    let response = post_json(&server, SCORE, doc.to_string());
    assert_client_problem(&response, "score with version 1999.1");
    server.assert_alive("a wrong questionnaire version");

    // Dates out of range, in bodies and in queries.
    for target_date in [
        "2026-02-30",
        "2026-13-01",
        "0000-00-00",
        "99999-01-01",
        "2026-1-1",
        "yesterday",
    ] {
        let mut doc = answers(Mode::Quick, "yes");
        doc["profile"]["target_date"] = json!(target_date);
        let response = post_json(&server, SCORE, doc.to_string());
        let body = assert_problem(
            &response,
            422,
            "invalid-body",
            &format!("target_date {target_date}"),
        );
        assert_eq!(
            body["errors"][0]["pointer"], "/profile/target_date",
            "{body}"
        );
    }
    // The consent time is the server's own; the client's only time is when it started.
    for started_at in [
        "9999-99-99T99:99:99Z",
        "2026-11-29",
        "2026-11-29T25:00:00Z",
        "+275760-09-13T00:00:00Z",
        "",
    ] {
        let mut submission = lead(server.addr(), "demo", "Ana", "ana@example.com", "ACME");
        submission["started_at"] = json!(started_at);
        let response = post_json(&server, LEADS, submission.to_string());
        let body = assert_problem(
            &response,
            422,
            "validation-failed",
            &format!("started_at {started_at:?}"),
        );
        assert!(
            body["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["pointer"] == "/started_at"),
            "{body}"
        );
    }
    for as_of in ["2026-02-29", "1900-13-01", "-001-01-01"] {
        let response = post_json(
            &server,
            "/api/v1/certificates/verify",
            json!({ "certificate_number": "X", "as_of": as_of, "claim": { "activities": ["hosting"] } }).to_string(),
        );
        assert_problem(&response, 422, "invalid-body", &format!("as_of {as_of}"));
    }
    let response = Request::new("GET", "/api/v1/leads?from=2026-13-45")
        .bearer(annexa_e2e::server::ADMIN_KEY)
        .send(server.addr())
        .unwrap();
    assert_problem(&response, 400, "invalid-query", "leads from=2026-13-45");
    server.assert_alive("dates out of range");
}

/// Well-formed JSON of the wrong type where an enum is expected (`"mode": 1`) is JSON of the
/// wrong shape — 422 `invalid-body` with a pointer — not "the body is not valid JSON".
/// serde_json reports it as a syntax error (`expected value`); `api/src/http/extract.rs` checks
/// whether the body is well-formed JSON before calling it malformed.
#[test]
fn wrong_json_type_for_an_enum_is_invalid_body() {
    let server = Server::start();
    for (pointer, value) in [
        ("/mode", json!(1)),
        ("/answers/quick.scope/value", json!(true)),
    ] {
        let mut doc = answers(Mode::Quick, "yes");
        set_pointer(&mut doc, pointer, value.clone());
        let response = post_json(&server, SCORE, doc.to_string());
        assert_problem(
            &response,
            422,
            "invalid-body",
            &format!("{pointer} = {value}"),
        );
    }
}

/// Sets the member at `pointer` (object members only), creating it when absent.
fn set_pointer(doc: &mut Value, pointer: &str, value: Value) {
    let mut slot = doc;
    for token in pointer.split('/').skip(1) {
        slot = &mut slot[token];
    }
    *slot = value;
}

#[test]
fn huge_strings_and_control_characters_in_contact_fields() {
    let mut server = Server::start();
    // Longer than the documented 200 characters (and a 100 000-character one).
    for (field, value) in [
        ("name", "A".repeat(201)),
        ("company", "é".repeat(100_000)),
        ("email", format!("{}@example.com", "a".repeat(300))),
    ] {
        let mut submission = lead(server.addr(), "demo", "Ana", "ana@example.com", "ACME");
        submission["contact"][field] = json!(value);
        let response = post_json(&server, LEADS, submission.to_string());
        let body = assert_problem(
            &response,
            422,
            "validation-failed",
            &format!("huge {field}"),
        );
        assert!(
            body["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["pointer"] == format!("/contact/{field}")),
            "{body}"
        );
        assert!(
            response.body.len() < 4096,
            "the problem does not echo the huge value: {} bytes",
            response.body.len()
        );
        server.assert_alive(&format!("a huge {field}"));
    }
    // Control characters in the e-mail address are refused; blank fields too.
    for (field, value) in [
        ("email", "ana\u{0}@example.com"),
        ("email", "ana@exa\nmple.com"),
        ("email", "ana@example.com\r\nBcc: victim@example.com"),
        ("name", " \t\n "),
        ("company", "\u{3000}"),
    ] {
        let mut submission = lead(server.addr(), "demo", "Ana", "ana@example.com", "ACME");
        submission["contact"][field] = json!(value);
        let response = post_json(&server, LEADS, submission.to_string());
        assert_problem(
            &response,
            422,
            "validation-failed",
            &format!("{field} = {value:?}"),
        );
        server.assert_alive(&format!("{field} = {value:?}"));
    }
    // Control characters inside a name are data: stored and returned exactly, JSON-escaped.
    let name = "Ana\u{1b}[31m\u{7}\u{0}Red";
    let response = post_json(
        &server,
        LEADS,
        lead(server.addr(), "demo", name, "ana@example.com", "ACME").to_string(),
    );
    assert_eq!(response.status, 201, "{}", response.text());
    let id = response.json()["id"].as_str().unwrap().to_owned();
    let stored = Request::new("GET", format!("/api/v1/leads/{id}"))
        .bearer(annexa_e2e::server::ADMIN_KEY)
        .send(server.addr())
        .unwrap();
    assert_eq!(stored.status, 200);
    assert!(
        !stored.body.contains(&0x1b) && !stored.body.contains(&0),
        "raw control bytes in JSON"
    );
    assert_eq!(stored.json()["contact"]["name"], Value::from(name));
    server.assert_alive("control characters in a name");
}

/// Requests that are not HTTP (raw invalid bytes in the request line or a header, conflicting
/// `Content-Length`s, garbage) are refused by actix's HTTP/1 parser before the application sees
/// them: a bare `400` with an empty body — the one place without problem+json — and the server
/// keeps serving.
#[test]
fn malformed_http_is_refused_and_the_server_keeps_serving() {
    use std::io::Write;
    let mut server = Server::start();
    let requests: [&[u8]; 5] = [
        b"GET /api/v1/\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: \x01\x02\r\nConnection: close\r\n\r\n",
        b"POST /api/v1/assessments/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{}",
        b"GARBAGE\r\n\r\n",
        b"POST /api/v1/leads HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\nConnection: close\r\n\r\nzz\r\n",
    ];
    for raw in requests {
        let mut stream = annexa_e2e::http_client::connect(server.addr(), None).unwrap();
        stream.write_all(raw).unwrap();
        let response = annexa_e2e::http_client::read_response(&mut stream)
            .unwrap_or_else(|e| panic!("{:?}: {e}", String::from_utf8_lossy(raw)));
        assert_eq!(
            response.status,
            400,
            "{:?}: {}",
            String::from_utf8_lossy(raw),
            response.text()
        );
        server.assert_alive(&format!("{:?}", String::from_utf8_lossy(raw)));
    }
}

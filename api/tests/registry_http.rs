//! The certificate routes through the real application: verify (each verdict), batch, import
//! with a bad row, search, a certificate and its history, and problem+json errors.

mod registry_support;

use actix_web::test::{self, TestRequest};
use annexa_api::http::app;
use registry_support::{ADMIN_KEY, database, payroll_json, state};
use serde_json::{Value, json};

macro_rules! service {
    ($pool:expr) => {
        test::init_service(app(state(&$pool))).await
    };
}

/// Imports JSON Lines as the admin and returns the report.
macro_rules! import_lines {
    ($service:expr, $body:expr) => {{
        let request = TestRequest::post()
            .uri("/api/v1/certificates/import")
            .insert_header(("authorization", format!("Bearer {ADMIN_KEY}")))
            .insert_header(("content-type", "application/x-ndjson"))
            .set_payload($body)
            .to_request();
        let response = test::call_service(&$service, request).await;
        assert_eq!(response.status(), 200);
        let report: Value = test::read_body_json(response).await;
        report
    }};
}

fn verify_request(body: Value) -> TestRequest {
    TestRequest::post()
        .uri("/api/v1/certificates/verify")
        .set_json(body)
}

#[actix_web::test]
async fn verify_gives_each_verdict_with_evidence() {
    let (_dir, pool) = database().await;
    let service = service!(pool);
    let lines = [
        payroll_json("IS 1001", "active"),
        payroll_json("IS 1002", "suspended"),
    ]
    .join("\n");
    let report = import_lines!(service, lines);
    assert_eq!(report["summary"]["created"], 2);

    let cases = [
        // Covered: activity and site, with the scope's exact words as evidence.
        (
            json!({"certificate_number": "is1001", "as_of": "2026-11-29",
                   "claim": {"entity_name": "ACME Payroll Limited", "activities": ["payroll SaaS"],
                             "sites": [{"city": "Dublin", "country": "IE"}]}}),
            "covered",
        ),
        (
            json!({"certificate_number": "IS 1001", "as_of": "2026-11-29",
                   "claim": {"activities": ["payroll SaaS", "payroll bureau services"]}}),
            "partially_covered",
        ),
        (
            json!({"certificate_number": "IS 1001", "as_of": "2026-11-29",
                   "claim": {"activities": ["payroll bureau services"]}}),
            "not_covered",
        ),
        (
            json!({"certificate_number": "IS 1002", "as_of": "2026-11-29",
                   "claim": {"activities": ["payroll SaaS"]}}),
            "invalid",
        ),
        (
            json!({"certificate_number": "IS 9999", "claim": {"activities": ["payroll"]}}),
            "not_found",
        ),
        (
            json!({"entity": {"name": "Acme Payroll", "identifiers": {"vat": "ie 6388047 v"}},
                   "as_of": "2026-11-29",
                   "claim": {"sites": [{"city": "Cork", "country": "IE"}]}}),
            "not_covered",
        ),
        (
            json!({"certificate_number": "IS 1001", "as_of": "2026-11-29"}),
            "undetermined",
        ),
        // Capitals, an s and a superscript digit: once a panic in the word splitter, which
        // dropped the connection.
        (
            json!({"certificate_number": "IS 1001", "as_of": "2026-11-29",
                   "claim": {"activities": ["ABs² hosting"]}}),
            "not_covered",
        ),
    ];
    for (body, expected) in cases {
        let response =
            test::call_service(&service, verify_request(body.clone()).to_request()).await;
        assert_eq!(response.status(), 200, "{body}");
        let result: Value = test::read_body_json(response).await;
        assert_eq!(result["verdict"], expected, "{body}\n{result:#}");
    }

    let response = test::call_service(
        &service,
        verify_request(
            json!({"certificate_number": "IS 1001", "as_of": "2026-11-29",
                              "claim": {"activities": ["payroll SaaS"]}}),
        )
        .to_request(),
    )
    .await;
    let result: Value = test::read_body_json(response).await;
    let evidence = &result["coverage"][0]["evidence"][0];
    assert_eq!(evidence["source"], "/scope");
    assert_eq!(evidence["text"], "payroll software as a service");
    assert_eq!(result["certificate"]["entity"]["name"], "Acme Payroll Ltd");
    assert_eq!(result["as_of"], "2026-11-29");
}

#[actix_web::test]
async fn import_reports_a_bad_row_by_line_and_keeps_the_good_rows() {
    let (_dir, pool) = database().await;
    let service = service!(pool);
    let bad_date = payroll_json("IS 2002", "active").replace("2029-01-14", "2029-02-30");
    let lines = [
        payroll_json("IS 2001", "active"),
        bad_date,
        "{not json".to_string(),
        payroll_json("IS 2004", "active").replace("\"IE\"", "\"Ireland\""),
        payroll_json("IS 2005", "active"),
    ]
    .join("\n");
    let report = import_lines!(service, lines);
    assert_eq!(
        report["summary"],
        json!({"rows": 5, "created": 2, "updated": 0, "unchanged": 0, "rejected": 3})
    );
    let rows = report["rows"].as_array().unwrap();
    let status: Vec<(u64, &str)> = rows
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        status,
        [
            (1, "created"),
            (2, "rejected"),
            (3, "rejected"),
            (4, "rejected"),
            (5, "created")
        ]
    );
    assert!(rows[1]["reason"].as_str().unwrap().contains("/expiry_date"));
    assert!(rows[1]["reason"].as_str().unwrap().contains("2029-02-30"));
    assert!(
        rows[2]["reason"]
            .as_str()
            .unwrap()
            .contains("not a certificate record")
    );
    assert!(
        rows[3]["reason"]
            .as_str()
            .unwrap()
            .contains("/entity/country")
    );

    // The good rows around the bad ones are there.
    for number in ["IS 2001", "IS 2005"] {
        let response = test::call_service(
            &service,
            TestRequest::get()
                .uri(&format!(
                    "/api/v1/certificates?number={}",
                    number.replace(' ', "%20")
                ))
                .to_request(),
        )
        .await;
        let page: Value = test::read_body_json(response).await;
        assert_eq!(page["total"], 1, "{number}");
    }
}

#[actix_web::test]
async fn csv_import_reports_header_and_row_problems() {
    let (_dir, pool) = database().await;
    let service = service!(pool);
    let csv = "certificate_number,certification_body,accreditation_body,standard,status,\
               entity_name,entity_country,scope,original_issue_date,issue_date,expiry_date,\
               site_1_city,site_1_country\n\
               C-1,Example Cert,UKAS,2022,Active,\"Nordlicht Systems GmbH\",DE,\
               \"Hosting, support\nand development of ERP software.\",2024-01-01,2024-01-01,2026-12-31,Berlin,DE\n\
               C-2,Example Cert,,2013,frozen,Other GmbH,DE,Scope,2024-01-01,2024-01-01,2026-12-31,,\n";
    let request = TestRequest::post()
        .uri("/api/v1/certificates/import?rows=rejected")
        .insert_header(("authorization", format!("Bearer {ADMIN_KEY}")))
        .insert_header(("content-type", "text/csv"))
        .set_payload(csv)
        .to_request();
    let report: Value = test::call_and_read_body_json(&service, request).await;
    assert_eq!(report["summary"]["created"], 1);
    assert_eq!(report["rows"].as_array().unwrap().len(), 1);
    assert_eq!(
        report["rows"][0]["line"], 4,
        "the quoted newline makes row 2 two lines"
    );
    assert!(
        report["rows"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("frozen")
    );

    let unknown = "certificate_number,colour\nX,red\n";
    let request = TestRequest::post()
        .uri("/api/v1/certificates/import")
        .insert_header(("authorization", format!("Bearer {ADMIN_KEY}")))
        .insert_header(("content-type", "text/csv"))
        .set_payload(unknown)
        .to_request();
    let report: Value = test::call_and_read_body_json(&service, request).await;
    assert_eq!(report["summary"]["rejected"], 1);
    assert!(
        report["rows"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("unknown column 'colour'")
    );
}

#[actix_web::test]
async fn import_needs_an_admin_key_and_a_known_format() {
    let (_dir, pool) = database().await;
    let service = service!(pool);
    let response = test::call_service(
        &service,
        TestRequest::post()
            .uri("/api/v1/certificates/import")
            .insert_header(("content-type", "application/x-ndjson"))
            .set_payload(payroll_json("X", "active"))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), 401);
    let response = test::call_service(
        &service,
        TestRequest::post()
            .uri("/api/v1/certificates/import")
            .insert_header(("authorization", format!("Bearer {ADMIN_KEY}")))
            .insert_header(("content-type", "application/xml"))
            .set_payload("<x/>")
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), 415);
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "application/problem+json"
    );
}

#[actix_web::test]
async fn malformed_and_misshapen_requests_get_problem_json() {
    let (_dir, pool) = database().await;
    let service = service!(pool);
    let response = test::call_service(
        &service,
        TestRequest::post()
            .uri("/api/v1/certificates/verify")
            .insert_header(("content-type", "application/json"))
            .set_payload("{\"certificate_number\": ")
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "application/problem+json"
    );
    let problem: Value = test::read_body_json(response).await;
    assert_eq!(
        problem["type"],
        "https://annexa.dev/problems/malformed-json"
    );

    let response = test::call_service(
        &service,
        verify_request(json!({"certificate_number": "1", "claim": {"activites": ["x"]}}))
            .to_request(),
    )
    .await;
    assert_eq!(response.status(), 422);
    let problem: Value = test::read_body_json(response).await;
    assert_eq!(problem["errors"][0]["pointer"], "/claim/activites");

    let response =
        test::call_service(&service, verify_request(json!({"claim": {}})).to_request()).await;
    assert_eq!(response.status(), 422);
    let problem: Value = test::read_body_json(response).await;
    assert_eq!(
        problem["type"],
        "https://annexa.dev/problems/validation-failed"
    );
    assert_eq!(problem["errors"][0]["pointer"], "/certificate_number");

    for (uri, status) in [
        ("/api/v1/certificates/abc", 400),
        ("/api/v1/certificates/424242", 404),
        ("/api/v1/certificates/424242/history", 404),
        ("/api/v1/certificates", 400),
        ("/api/v1/certificates?name=a&q=b", 400),
        ("/api/v1/certificates?name=a&per_page=500", 400),
        ("/api/v1/certificates?name=*", 400),
        ("/api/v1/certificates?q=%2A%2A", 400),
        ("/api/v1/certificates?nam=a", 400),
    ] {
        let response = test::call_service(&service, TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(response.status(), status, "{uri}");
        assert_eq!(
            response.headers().get("content-type").unwrap(),
            "application/problem+json",
            "{uri}"
        );
    }
}

#[actix_web::test]
async fn batch_verification_in_csv_and_json() {
    let (_dir, pool) = database().await;
    let service = service!(pool);
    import_lines!(service, payroll_json("IS 3001", "active"));
    let csv = "reference,certificate_number,entity_name,activities,sites,as_of\n\
               S-1,IS 3001,Acme Payroll Ltd,payroll SaaS,\"Dublin, IE\",2026-11-29\n\
               S-2,IS 0000,,payroll,,2026-11-29\n\
               S-3,IS 3001,,payroll SaaS; consulting,,2026-11-29\n\
               S-4,,,,,\n\
               \"=HYPERLINK(\"\"http://x\"\")\",IS 0000,,payroll,,2026-11-29\n";
    let request = TestRequest::post()
        .uri("/api/v1/certificates/verify/batch?format=csv")
        .insert_header(("content-type", "text/csv"))
        .set_payload(csv)
        .to_request();
    let response = test::call_service(&service, request).await;
    assert_eq!(response.status(), 200);
    let body = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
    let lines: Vec<&str> = body.lines().collect();
    // A file for people: every field quoted, formula-like text shown as text.
    assert!(
        lines[0].starts_with("\"row\",\"reference\",\"certificate_id\",\"certificate_number\"")
    );
    assert!(
        lines[1].starts_with(
            "\"2\",\"S-1\",\"1\",\"IS 3001\",\"Acme Payroll Ltd\",\"covered\",\"true\""
        )
    );
    assert!(lines[2].contains(",\"S-2\",\"\",\"\",\"\",\"not_found\","));
    assert!(lines[3].contains("partially_covered"));
    assert!(lines[4].contains(",\"error\","));
    // The caller's reference would run as a formula in a spreadsheet: neutralised.
    assert!(
        lines[5].starts_with("\"6\",\"'=HYPERLINK(\"\"http://x\"\")\",\"\","),
        "{}",
        lines[5]
    );

    let request = TestRequest::post()
        .uri("/api/v1/certificates/verify/batch")
        .set_json(json!([
            {"certificate_number": "IS 3001", "as_of": "2026-11-29",
             "claim": {"activities": ["hosting of payroll software"]}},
            {"certificate_number": "IS 3001", "unknown": true}
        ]))
        .to_request();
    let result: Value = test::call_and_read_body_json(&service, request).await;
    assert_eq!(result["results"][0]["verification"]["verdict"], "covered");
    assert_eq!(result["results"][1]["error"]["status"], 422);
    assert_eq!(
        result["results"][1]["error"]["errors"][0]["pointer"],
        "/1/unknown"
    );
}

#[actix_web::test]
async fn search_and_history_show_what_changed() {
    let (_dir, pool) = database().await;
    let service = service!(pool);
    import_lines!(service, payroll_json("IS 4001", "active"));
    let again = import_lines!(service, payroll_json("IS 4001", "active"));
    assert_eq!(again["rows"][0]["status"], "unchanged");
    let changed = import_lines!(service, payroll_json("IS 4001", "suspended"));
    assert_eq!(changed["rows"][0]["status"], "updated");
    let id = changed["rows"][0]["id"].as_i64().unwrap();

    let history: Value = test::call_and_read_body_json(
        &service,
        TestRequest::get()
            .uri(&format!("/api/v1/certificates/{id}/history"))
            .to_request(),
    )
    .await;
    let entries = history["history"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["action"], "created");
    assert_eq!(entries[1]["action"], "updated");
    assert_eq!(
        entries[1]["changes"],
        json!({"status": {"from": "active", "to": "suspended"}})
    );
    // Who imported and from where is the operator's business: the public sees only this.
    assert_eq!(entries[0]["actor"], "registry import");
    assert_eq!(entries[1]["actor"], "registry update");
    assert!(entries[1].get("source").is_none(), "{}", entries[1]);
    assert!(!history.to_string().contains("registry tests"), "{history}");

    for uri in [
        "/api/v1/certificates?name=ACME%20payroll%20limited",
        "/api/v1/certificates?name=acme&country=IE",
        "/api/v1/certificates?identifier=123-456-789",
        "/api/v1/certificates?q=payroll%20softw",
    ] {
        let page: Value =
            test::call_and_read_body_json(&service, TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(page["total"], 1, "{uri}");
        assert_eq!(page["items"][0]["id"], id, "{uri}");
        assert_eq!(page["items"][0]["certificate"]["status"], "suspended");
    }
    let page: Value = test::call_and_read_body_json(
        &service,
        TestRequest::get()
            .uri("/api/v1/certificates?name=acme&country=DE")
            .to_request(),
    )
    .await;
    assert_eq!(page["total"], 0);
    let one: Value = test::call_and_read_body_json(
        &service,
        TestRequest::get()
            .uri(&format!("/api/v1/certificates/{id}"))
            .to_request(),
    )
    .await;
    assert_eq!(one["certificate"]["certificate_number"], "IS 4001");
}

/// A Danish holder with an LEI, its standard printed with the 2024 amendment.
fn fjord_json() -> String {
    payroll_json("DK-4090", "active")
        .replace(
            "\"ISO/IEC 27001:2022\"",
            "\"ISO/IEC 27001:2022/Amd 1:2024\"",
        )
        .replace("Acme Payroll Ltd", "Fjord Travel ApS")
        .replace(
            "\"country\":\"IE\",\"identifiers\"",
            "\"country\":\"DK\",\"identifiers\"",
        )
        .replace("\"vat\":\"IE6388047V\"", "\"lei\":\"529900FJORDTRAVEL043\"")
}

#[actix_web::test]
async fn an_lei_and_a_printed_standard_are_imported_searched_and_verified() {
    let (_dir, pool) = database().await;
    let service = service!(pool);
    let report = import_lines!(service, fjord_json());
    assert_eq!(report["summary"]["created"], 1, "{report:#}");
    let id = report["rows"][0]["id"].as_i64().unwrap();

    let page: Value = test::call_and_read_body_json(
        &service,
        TestRequest::get()
            .uri("/api/v1/certificates?identifier=529900%20fjordtravel%20043")
            .to_request(),
    )
    .await;
    assert_eq!(page["total"], 1, "{page:#}");
    let certificate = &page["items"][0]["certificate"];
    assert_eq!(page["items"][0]["id"], id);
    assert_eq!(certificate["standard"], "ISO/IEC 27001:2022");
    assert_eq!(
        certificate["entity"]["identifiers"]["lei"],
        "529900FJORDTRAVEL043"
    );
    assert_eq!(certificate["entity"]["country"], "DK");

    // Looked up by LEI alone: the identifier makes it the same entity.
    let by_lei = json!({"entity": {"name": "", "identifiers": {"lei": "529900FJORDTRAVEL043"}},
                        "as_of": "2026-11-29", "claim": {"activities": ["payroll SaaS"]}});
    let result: Value =
        test::call_and_read_body_json(&service, verify_request(by_lei).to_request()).await;
    assert_eq!(result["entity_match"], "same_identifier", "{result:#}");
    assert_eq!(result["verdict"], "covered");

    // The same name with another legal form: at most undetermined, with the reason.
    let other_form = json!({"certificate_number": "DK-4090", "as_of": "2026-11-29",
                            "claim": {"entity_name": "Fjord Travel Inc.",
                                      "activities": ["payroll SaaS"]}});
    let result: Value =
        test::call_and_read_body_json(&service, verify_request(other_form).to_request()).await;
    assert_eq!(result["verdict"], "undetermined", "{result:#}");
    assert_eq!(result["entity_match"], "different");
    assert_eq!(result["entity_reason"], "legal_form");

    // A mistyped LEI is refused at import with the reason.
    let mistyped = fjord_json().replace("529900FJORDTRAVEL043", "529900FJORDTRAVEL034");
    let report = import_lines!(service, mistyped.replace("DK-4090", "DK-4091"));
    assert_eq!(report["summary"]["rejected"], 1, "{report:#}");
    let reason = report["rows"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("/entity/identifiers/lei") && reason.contains("check digits"),
        "{reason}"
    );
}

#[actix_web::test]
async fn csv_import_reads_the_lei_column_and_standards_as_printed() {
    let (_dir, pool) = database().await;
    let service = service!(pool);
    let csv = "certificate_number,certification_body,accreditation_body,standard,status,\
               entity_name,entity_country,lei,scope,original_issue_date,issue_date,expiry_date\n\
               N-1,Example Cert,DANAK,EN ISO/IEC 27001:2023,active,Nordlys Data ApS,DK,\
               984500ACMEPAYROLL004,Hosting of booking software.,2025-01-01,2025-01-01,2027-12-31\n\
               N-2,Example Cert,DANAK,ISO/IEC 27001:2022 gold,active,Nordlys Data ApS,DK,\
               ,Hosting of booking software.,2025-01-01,2025-01-01,2027-12-31\n";
    let request = TestRequest::post()
        .uri("/api/v1/certificates/import")
        .insert_header(("authorization", format!("Bearer {ADMIN_KEY}")))
        .insert_header(("content-type", "text/csv"))
        .set_payload(csv)
        .to_request();
    let report: Value = test::call_and_read_body_json(&service, request).await;
    assert_eq!(report["summary"]["created"], 1, "{report:#}");
    assert_eq!(report["summary"]["rejected"], 1, "{report:#}");
    let rejected = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "rejected")
        .unwrap();
    assert!(
        rejected["reason"]
            .as_str()
            .unwrap()
            .contains("'ISO/IEC 27001:2022/Amd 1:2024'"),
        "{rejected}"
    );
    let page: Value = test::call_and_read_body_json(
        &service,
        TestRequest::get()
            .uri("/api/v1/certificates?identifier=984500ACMEPAYROLL004")
            .to_request(),
    )
    .await;
    assert_eq!(page["total"], 1, "{page:#}");
    assert_eq!(
        page["items"][0]["certificate"]["standard"],
        "ISO/IEC 27001:2022"
    );
}

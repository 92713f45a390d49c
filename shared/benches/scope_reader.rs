//! Verification cost with the scope reader, over the scope corpus (166 fictitious statements,
//! 1,173 claims): every claim of every statement verified as a request with one activity or one
//! site, as `POST /certificates/verify` does after the registry lookup — and, for comparison, a
//! request that claims nothing (validity and entity only, no scope reading). Run with
//! `cargo bench -p annexa-shared --bench scope_reader`.

include!("shell/native_only.rs");

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use annexa_shared::verification::{RecordReading, VerificationRequest, verify, verify_read};
    use annexa_shared::{CertificateRecord, Date};
    use criterion::{Criterion, criterion_group};
    use serde_json::{Value, json};
    use std::hint::black_box;

    const CORPUS: &str = include_str!("../tests/data/scope_corpus.jsonl");

    /// Each statement as a record, with its claims as requests.
    fn cases() -> Vec<(CertificateRecord, Vec<VerificationRequest>)> {
        CORPUS
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                let statement: Value = serde_json::from_str(line).expect("corpus line parses");
                let record = serde_json::from_value(json!({
                    "certificate_number": "BENCH-1",
                    "certification_body": "Fictitious Certification Ltd",
                    "accreditation_body": "UKAS",
                    "standard": "ISO/IEC 27001:2022",
                    "status": "active",
                    "entity": {"name": statement["holder"], "country": statement["country"]},
                    "scope": statement["scope"],
                    "sites": statement["sites"],
                    "original_issue_date": "2025-06-01",
                    "issue_date": "2025-06-01",
                    "expiry_date": "2028-05-31",
                }))
                .expect("record parses");
                let requests = statement["claims"]
                    .as_array()
                    .expect("claims")
                    .iter()
                    .map(|claim| {
                        let activities: Vec<&Value> = claim.get("activity").into_iter().collect();
                        let sites: Vec<&Value> = claim.get("site").into_iter().collect();
                        serde_json::from_value(json!({
                            "certificate_number": "BENCH-1",
                            "claim": {"activities": activities, "sites": sites},
                        }))
                        .expect("request parses")
                    })
                    .collect();
                (record, requests)
            })
            .collect()
    }

    pub fn scope_reader(c: &mut Criterion) {
        let cases = cases();
        let today: Date = "2026-12-01".parse().expect("date");
        let claims: usize = cases.iter().map(|(_, r)| r.len()).sum();
        let nothing: VerificationRequest =
            serde_json::from_value(json!({"certificate_number": "BENCH-1"})).expect("request");
        c.bench_function(&format!("verify every corpus claim ({claims})"), |b| {
            b.iter(|| {
                for (record, requests) in &cases {
                    for request in requests {
                        black_box(verify(black_box(request), Some(record), today));
                    }
                }
            })
        });
        c.bench_function(&format!("verify without claims ({})", cases.len()), |b| {
            b.iter(|| {
                for (record, _) in &cases {
                    black_box(verify(black_box(&nothing), Some(record), today));
                }
            })
        });
        // What the server does for a record it verified before: the scope reading is kept.
        let readings: Vec<RecordReading> =
            cases.iter().map(|(r, _)| RecordReading::of(r)).collect();
        c.bench_function(
            &format!("verify every corpus claim, reading kept ({claims})"),
            |b| {
                b.iter(|| {
                    for ((record, requests), reading) in cases.iter().zip(&readings) {
                        for request in requests {
                            black_box(verify_read(black_box(request), record, reading, today));
                        }
                    }
                })
            },
        );
        c.bench_function(
            &format!("verify without claims, reading kept ({})", cases.len()),
            |b| {
                b.iter(|| {
                    for (record, reading) in cases.iter().map(|(r, _)| r).zip(&readings) {
                        black_box(verify_read(black_box(&nothing), record, reading, today));
                    }
                })
            },
        );
    }

    criterion_group!(benches, scope_reader);
}

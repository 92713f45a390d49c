//! Scoring cost, step by step, for the full-mode mixed fixture (123 questions answered):
//! parse the answers JSON, validate and score, serialise the report — and the whole pipeline a
//! `POST /assessments/score` ran before it read bodies in place, and the same steps with the
//! borrowed document (`AnswersDocumentRef`) the route reads now. Run with
//! `cargo bench -p annexa-shared --bench scoring`. (The route's whole pure work, with its own
//! report writer, is `cargo bench -p annexa-api --bench score_route`.)

include!("shell/native_only.rs");

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use annexa_shared::{
        AnswersDocument, AnswersDocumentRef, score, score_borrowed, statement_of_applicability,
    };
    use criterion::{Criterion, criterion_group};
    use std::hint::black_box;

    const FULL_MIXED: &str = include_str!("../tests/fixtures/full_mixed.answers.json");

    pub fn scoring(c: &mut Criterion) {
        let doc: AnswersDocument = serde_json::from_str(FULL_MIXED).expect("fixture parses");
        let report = score(&doc).expect("fixture scores");
        c.bench_function("parse answers (full)", |b| {
            b.iter(|| serde_json::from_str::<AnswersDocument>(black_box(FULL_MIXED)))
        });
        c.bench_function("score (full)", |b| b.iter(|| score(black_box(&doc))));
        c.bench_function("serialise report (full)", |b| {
            b.iter(|| serde_json::to_string(black_box(&report)))
        });
        c.bench_function("parse + score + serialise (full)", |b| {
            b.iter(|| {
                let doc: AnswersDocument = serde_json::from_str(black_box(FULL_MIXED))?;
                let report = score(&doc).map_err(serde::de::Error::custom)?;
                serde_json::to_string(&report)
            })
        });
        let borrowed: AnswersDocumentRef<'_> =
            serde_json::from_str(FULL_MIXED).expect("fixture parses");
        c.bench_function("parse answers in place (full)", |b| {
            b.iter(|| serde_json::from_str::<AnswersDocumentRef<'_>>(black_box(FULL_MIXED)))
        });
        c.bench_function("parse answers plainly (full)", |b| {
            b.iter(|| AnswersDocumentRef::read_plain(black_box(FULL_MIXED)))
        });
        c.bench_function("score in place (full)", |b| {
            b.iter(|| score_borrowed(black_box(&borrowed)))
        });
        c.bench_function("parse in place + score + serialise (full)", |b| {
            b.iter(|| {
                let doc: AnswersDocumentRef<'_> = serde_json::from_str(black_box(FULL_MIXED))?;
                let report = score_borrowed(&doc).map_err(serde::de::Error::custom)?;
                serde_json::to_string(&report)
            })
        });
        c.bench_function("statement of applicability (full)", |b| {
            b.iter(|| statement_of_applicability(black_box(&doc)))
        });
    }

    criterion_group!(benches, scoring);
}

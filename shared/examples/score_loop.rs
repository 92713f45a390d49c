//! Runs one step of scoring the full-mode mixed fixture many times, for profilers: instruction
//! counts per step are (callgrind of N iterations − callgrind of 0 iterations) / N.
//!
//! ```sh
//! cargo build --release -p annexa-shared --example score_loop
//! valgrind --tool=callgrind target/release/examples/score_loop pipeline 200
//! ```
//!
//! Steps: `parse` (the answers JSON into an owned document), `score` (validate + score),
//! `serialise` (the report JSON), `pipeline` (parse + score + serialise, owned document),
//! `parse-borrowed` and `pipeline-borrowed` (the same with the borrowed document the API's
//! score route reads), `read-plain` (the route's own reading of it) and `score-borrowed`
//! (validate + score of that document).
use annexa_shared::{AnswersDocument, AnswersDocumentRef, score, score_borrowed};

fn main() {
    let text = include_str!("../tests/fixtures/full_mixed.answers.json");
    let mut args = std::env::args().skip(1);
    let step = args.next().unwrap_or_else(|| "score".into());
    let iterations: usize = args.next().map_or(200, |n| n.parse().expect("a count"));
    let doc: AnswersDocument = serde_json::from_str(text).expect("fixture");
    let report = score(&doc).expect("scores");
    let borrowed = AnswersDocumentRef::read_plain(text).expect("plain");
    let mut total = 0usize;
    for _ in 0..iterations {
        let text = std::hint::black_box(text);
        total += match step.as_str() {
            "parse" => serde_json::from_str::<AnswersDocument>(text)
                .expect("parses")
                .answers
                .len(),
            "parse-borrowed" => serde_json::from_str::<AnswersDocumentRef<'_>>(text)
                .expect("parses")
                .answers()
                .len(),
            "read-plain" => AnswersDocumentRef::read_plain(text)
                .expect("plain")
                .answers()
                .len(),
            "score-borrowed" => score_borrowed(std::hint::black_box(&borrowed))
                .expect("scores")
                .gaps
                .len(),
            "score" => score(std::hint::black_box(&doc))
                .expect("scores")
                .gaps
                .len(),
            "serialise" => serde_json::to_vec(std::hint::black_box(&report))
                .expect("serialises")
                .len(),
            "pipeline" => {
                let doc: AnswersDocument = serde_json::from_str(text).expect("parses");
                serde_json::to_vec(&score(&doc).expect("scores"))
                    .expect("serialises")
                    .len()
            }
            "pipeline-borrowed" => {
                let doc: AnswersDocumentRef<'_> = serde_json::from_str(text).expect("parses");
                serde_json::to_vec(&score_borrowed(&doc).expect("scores"))
                    .expect("serialises")
                    .len()
            }
            other => panic!("unknown step {other}"),
        };
    }
    println!("{total}");
}

//! Scores the full-mode mixed fixture many times, for profilers (callgrind, perf).
fn main() {
    let text = include_str!("../tests/fixtures/full_mixed.answers.json");
    let doc: annexa_shared::AnswersDocument = serde_json::from_str(text).expect("fixture");
    let mut total = 0.0;
    for _ in 0..200 {
        total += annexa_shared::score(&doc).expect("scores").overall;
    }
    println!("{total}");
}

//! Native/wasm parity: the golden fixtures score to the same report and SoA bytes whether this
//! crate is compiled natively (`cargo test`) or to wasm32 and run in Node
//! (`cargo test --target wasm32-unknown-unknown`, through wasm-bindgen-test-runner). Both runs
//! compare against the same committed bytes, so passing both proves the widget and the API
//! produce byte-identical JSON for the same answers.
//!
//! The fixtures are compiled in (`include_str!`) because a wasm32 test has no file system.

use annexa_shared::{
    AnswersDocument, AnswersDocumentRef, score, score_borrowed, statement_of_applicability,
};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// (name, answers, report bytes, SoA bytes) for every golden fixture.
macro_rules! fixtures {
    ($($name:literal),* $(,)?) => {
        [$((
            $name,
            include_str!(concat!("fixtures/", $name, ".answers.json")),
            include_str!(concat!("fixtures/", $name, ".report.json")),
            include_str!(concat!("fixtures/", $name, ".soa.json")),
        )),*]
    };
}

const FIXTURES: [(&str, &str, &str, &str); 4] =
    fixtures!["full_all_yes", "full_all_no", "full_mixed", "quick_mixed"];

#[test]
#[cfg_attr(
    not(feature = "control-details"),
    ignore = "the golden bytes hold the controls' titles and attributes (control-details)"
)]
fn every_fixture_scores_to_its_golden_report_bytes() {
    for (name, answers, report, _) in FIXTURES {
        let doc: AnswersDocument = serde_json::from_str(answers).expect(name);
        let actual = serde_json::to_string(&score(&doc).expect(name)).expect(name);
        assert!(
            actual == report,
            "{name}: report bytes differ on this target"
        );
    }
}

#[test]
#[cfg_attr(
    not(feature = "control-details"),
    ignore = "the golden bytes hold the controls' titles and attributes (control-details)"
)]
fn every_fixture_read_in_place_scores_to_its_golden_report_bytes() {
    // What the API's score route does: the document borrowed from the request body.
    for (name, answers, report, _) in FIXTURES {
        let doc: AnswersDocumentRef<'_> = serde_json::from_str(answers).expect(name);
        let actual = serde_json::to_string(&score_borrowed(&doc).expect(name)).expect(name);
        assert!(
            actual == report,
            "{name}: report bytes of the borrowed document differ on this target"
        );
    }
}

#[test]
#[cfg_attr(
    not(feature = "control-details"),
    ignore = "the golden bytes hold the controls' titles and attributes (control-details)"
)]
fn every_fixture_gives_its_golden_soa_bytes() {
    for (name, answers, _, soa) in FIXTURES {
        let doc: AnswersDocument = serde_json::from_str(answers).expect(name);
        let actual =
            serde_json::to_string(&statement_of_applicability(&doc).expect(name)).expect(name);
        assert!(actual == soa, "{name}: SoA bytes differ on this target");
    }
}

#[test]
fn the_fixtures_pin_the_documented_extremes() {
    let (_, _, all_yes, _) = FIXTURES[0];
    let (_, _, all_no, _) = FIXTURES[1];
    assert!(all_yes.contains(r#""overall":100.0"#), "all-yes is not 100");
    assert!(all_yes.contains(r#""gaps":[]"#), "all-yes has gaps");
    assert!(all_no.contains(r#""overall":0.0"#), "all-no is not 0");
}

/// The widget writes numbers with `decimal::Shortest` and `decimal::Fixed` (zmij's digits)
/// instead of core's float formatting: on this target too they write what core writes, for
/// the scores, percentages, chart coordinates and auditor-days the widget shows and for
/// pseudo-random bit patterns of every magnitude.
#[test]
fn numbers_are_written_as_core_writes_them_on_this_target() {
    use annexa_shared::decimal::{Fixed, Shortest};
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for i in 0..20_000u32 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let everyday = f64::from(i) / 10.0 + f64::from(i % 7) / 3.0;
        for x in [f64::from_bits(state), everyday, -everyday] {
            assert_eq!(
                Shortest(x).to_string(),
                format!("{x}"),
                "{:#x}",
                x.to_bits()
            );
            for n in 0..3 {
                assert_eq!(
                    Fixed(x, n).to_string(),
                    format!("{x:.n$}"),
                    "{:#x}",
                    x.to_bits()
                );
            }
        }
    }
}

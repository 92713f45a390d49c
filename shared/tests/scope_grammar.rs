//! Generative property test of scope reading (issue 12, point 4).
//!
//! A grammar writes scope statements the way certification bodies do, from parts that carry
//! their intended polarity — service lists included, and excluded in 43 phrasings (leading,
//! fronted, trailing, heading, parenthetical, negated verb before or after the list, and the
//! over-caution shape "A other than B, and C"), with every list separator (`;`, commas with
//! "and"/"or" with and without the Oxford comma, line breaks, bullets, numbered and lettered
//! items, parentheses), any letter case, boilerplate, market mentions and per-site scopes — and
//! draws claims from those parts (reordered, singular/plural, British/American spelling,
//! SaaS/software as a service, any case). Services in one record never share a significant word,
//! so each claim's intended verdict is unambiguous. On every statement:
//!
//! 1. a claim drawn from an excluded part is never `covered`, nor is the overall verdict of a
//!    request that claims it (nor an activity the record never mentions);
//! 2. a claim drawn from an included part with nothing excluding it is `covered`;
//! 3. inserting an unknown negation or restriction cue ("not", "only", "n/a", "non-", "save", …)
//!    at a word boundary never makes a claim `covered` that was not;
//! 4. a market claimed as a site is never `covered`; a claimed site absent from a non-empty site
//!    list is `not_covered`; an activity only in site A's own scope is not `covered` at site B;
//!    (control) a listed site claimed by city and country is `covered`.
//!
//! Four tests of 2,500 statements each (fixed seeds, no persisted failures) — 10,000 per run;
//! every invariant must hold on every statement.
//! `SCOPE_GRAMMAR_REPORT=1 cargo test -p annexa-shared --test scope_grammar -- --nocapture`
//! counts failures per shape instead of stopping at the first (see `scope_grammar/report.rs`).

// Native only: proptest does not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

/// The grammar and its checks, in `tests/scope_grammar/`.
mod scope_grammar {
    pub mod grammar;
    pub mod invariants;
    pub mod phrasing;
    pub mod plan;
    pub mod record;
    pub mod report;
    pub mod vocabulary;
}

use proptest::test_runner::{TestCaseError, TestError, TestRunner};

mod common;

use scope_grammar::invariants::check;
use scope_grammar::phrasing::{CATEGORIES, exclusion_phrasings, frame_texts};
use scope_grammar::record::{CUES, record_plan};
use scope_grammar::report;
use scope_grammar::vocabulary::{
    MARKET_PLACES, SERVICES, SITE_PLACES, Service, keys_clash, significant_words,
};

/// Statements per test; four tests make 10,000 per run.
const CASES: u32 = 2_500;

/// The number of property tests, so the diagnostic mode knows when all have reported.
const PROPERTY_TESTS: usize = 4;

fn runner(seed: u8) -> TestRunner {
    common::seeded::runner(CASES, seed)
}

/// Runs the invariants on `CASES` records with `sites` listed sites.
fn property(title: &str, sites: usize, seed: u8) {
    if report::enabled() {
        let failures = report::run(
            title,
            record_plan(sites),
            runner(seed),
            CASES as usize,
            PROPERTY_TESTS,
        );
        assert_eq!(
            failures, 0,
            "{title}: {failures} failed checks (counts above)"
        );
        return;
    }
    let result = runner(seed).run(&record_plan(sites), |plan| {
        match check(&plan).into_iter().find_map(|o| o.failure) {
            Some(message) => Err(TestCaseError::fail(message)),
            None => Ok(()),
        }
    });
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, _)) => panic!("{title}: minimal failing statement\n{reason}"),
        Err(other) => panic!("{title}: {other}"),
    }
}

#[test]
fn scope_statements_of_records_without_sites() {
    property("records without sites", 0, 11);
}

#[test]
fn scope_statements_of_records_with_one_site() {
    property("records with one site", 1, 12);
}

#[test]
fn scope_statements_of_records_with_two_sites() {
    property("records with two sites", 2, 13);
}

#[test]
fn scope_statements_of_records_with_three_sites() {
    property("records with three sites", 3, 14);
}

/// Every word a service may be written with.
fn service_words(service: &Service) -> Vec<String> {
    let mut words: Vec<String> = service
        .slots
        .iter()
        .flat_map(|spellings| spellings.iter().flat_map(|s| significant_words(s)))
        .collect();
    if let Some(template) = service.reordered {
        words.extend(significant_words(&template.replace(['{', '}'], " ")));
    }
    words.retain(|w| !w.chars().all(|c| c.is_ascii_digit()));
    words
}

/// The grammar's promise that makes every invariant meaningful: each claim's intended verdict is
/// unambiguous because no two services, and no service and the statement's frame, share a word.
#[test]
fn the_vocabulary_is_unambiguous() {
    assert!(SERVICES.len() >= 60, "{} services", SERVICES.len());
    let phrasings = exclusion_phrasings();
    assert!(
        phrasings.len() >= 30,
        "{} exclusion phrasings",
        phrasings.len()
    );

    let mut frame: Vec<String> = frame_texts()
        .iter()
        .chain(CATEGORIES)
        .chain(CUES)
        .flat_map(|t| significant_words(t))
        .collect();
    frame.extend(
        SITE_PLACES
            .iter()
            .flat_map(|p| significant_words(&format!("{} {} {}", p.city, p.code, p.country))),
    );
    frame.extend(MARKET_PLACES.iter().flat_map(|p| significant_words(p.name)));
    frame.extend(significant_words("Fictitious Nimbus Ltd"));

    for (i, service) in SERVICES.iter().enumerate() {
        let words = service_words(service);
        assert!(!words.is_empty(), "service {i} has no significant word");
        for word in &words {
            if let Some(clash) = frame.iter().find(|f| keys_clash(word, f)) {
                panic!("service {i} word {word:?} clashes with the frame word {clash:?}");
            }
            for (j, other) in SERVICES.iter().enumerate().skip(i + 1) {
                if let Some(clash) = service_words(other).iter().find(|o| keys_clash(word, o)) {
                    panic!("services {i} and {j} share the word {word:?} / {clash:?}");
                }
            }
        }
    }
}

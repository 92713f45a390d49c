//! Diagnostic mode (`SCOPE_GRAMMAR_REPORT=1`): instead of stopping at the first failure, run
//! every statement, count checks and failures per (invariant, phrasing family, separator), per
//! phrasing and per inserted cue, and print one shrunk example for each new
//! (invariant, family, phrasing) that fails. Each test prints its own counts; the last of the
//! four to finish prints the counts of all of them.
//!
//! `SCOPE_GRAMMAR_N` sets the number of statements per test (default: the test's case count),
//! `SCOPE_GRAMMAR_EXAMPLES` the number of shrunk examples per test (default 12),
//! `SCOPE_GRAMMAR_SAMPLES` the number of generated statements printed as they are (default 0),
//! `SCOPE_GRAMMAR_ONLY` limits the examples to one invariant (`4c`) or one invariant and family
//! (`2:over-caution`).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

use super::invariants::{Invariant, Outcome, check, statement};
use super::record::{RecordPlan, render_record};

/// True when the diagnostic mode is on.
pub fn enabled() -> bool {
    std::env::var("SCOPE_GRAMMAR_REPORT").is_ok_and(|v| v == "1")
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// True when `outcome` is of the invariant (and family) `SCOPE_GRAMMAR_ONLY` names, if any.
fn wanted(outcome: &Outcome) -> bool {
    let Ok(only) = std::env::var("SCOPE_GRAMMAR_ONLY") else {
        return true;
    };
    let (invariant, family) = only.split_once(':').unwrap_or((only.as_str(), ""));
    outcome.invariant.code() == invariant && (family.is_empty() || outcome.family == family)
}

/// Checks and failures.
#[derive(Debug, Clone, Copy, Default)]
struct Count {
    checks: u64,
    failures: u64,
}

type Key = (Invariant, &'static str, &'static str);

/// Counts of one run (or of all of them).
pub struct Tally {
    statements: u64,
    by_separator: BTreeMap<Key, Count>,
    by_phrasing: BTreeMap<Key, Count>,
    by_cue: BTreeMap<&'static str, Count>,
}

impl Tally {
    const fn new() -> Tally {
        Tally {
            statements: 0,
            by_separator: BTreeMap::new(),
            by_phrasing: BTreeMap::new(),
            by_cue: BTreeMap::new(),
        }
    }

    fn add(&mut self, outcomes: &[Outcome]) {
        self.statements += 1;
        for outcome in outcomes {
            let failed = u64::from(outcome.failure.is_some());
            let bump = |count: &mut Count| {
                count.checks += 1;
                count.failures += failed;
            };
            bump(
                self.by_separator
                    .entry((outcome.invariant, outcome.family, outcome.separator))
                    .or_default(),
            );
            bump(
                self.by_phrasing
                    .entry((outcome.invariant, outcome.family, outcome.phrasing))
                    .or_default(),
            );
            if let Some(cue) = outcome.cue {
                bump(self.by_cue.entry(cue).or_default());
            }
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.statements += other.statements;
        for (key, count) in &other.by_separator {
            let entry = self.by_separator.entry(*key).or_default();
            entry.checks += count.checks;
            entry.failures += count.failures;
        }
        for (key, count) in &other.by_phrasing {
            let entry = self.by_phrasing.entry(*key).or_default();
            entry.checks += count.checks;
            entry.failures += count.failures;
        }
        for (key, count) in &other.by_cue {
            let entry = self.by_cue.entry(*key).or_default();
            entry.checks += count.checks;
            entry.failures += count.failures;
        }
    }

    fn failures(&self) -> u64 {
        self.by_separator.values().map(|c| c.failures).sum()
    }

    fn print(&self, title: &str) {
        let mut out = format!("\n==== {title}: {} statements ====\n", self.statements);
        let mut per_invariant: BTreeMap<Invariant, Count> = BTreeMap::new();
        for ((invariant, _, _), count) in &self.by_separator {
            let entry = per_invariant.entry(*invariant).or_default();
            entry.checks += count.checks;
            entry.failures += count.failures;
        }
        out.push_str("invariant      failures / checks\n");
        for (invariant, count) in &per_invariant {
            out.push_str(&format!(
                "{:<14} {:>7} / {}\n",
                invariant.code(),
                count.failures,
                count.checks
            ));
        }
        let mut per_family: BTreeMap<(Invariant, &str), Count> = BTreeMap::new();
        for ((invariant, family, _), count) in &self.by_separator {
            let entry = per_family.entry((*invariant, family)).or_default();
            entry.checks += count.checks;
            entry.failures += count.failures;
        }
        out.push_str("\nby (invariant, family) (failures / checks)\n");
        for ((invariant, family), count) in &per_family {
            out.push_str(&format!(
                "{:<10} {:<20} {:>6} / {}\n",
                invariant.code(),
                family,
                count.failures,
                count.checks
            ));
        }
        let table = |out: &mut String, heading: &str, rows: &BTreeMap<Key, Count>| {
            out.push_str(&format!(
                "\n{heading} (rows with failures; failures / checks)\n"
            ));
            let mut rows: Vec<(&Key, &Count)> =
                rows.iter().filter(|(_, c)| c.failures > 0).collect();
            rows.sort_by(|a, b| a.0.0.cmp(&b.0.0).then(b.1.failures.cmp(&a.1.failures)));
            for ((invariant, family, detail), count) in rows {
                out.push_str(&format!(
                    "{:<10} {:<20} {:<45} {:>6} / {}\n",
                    invariant.code(),
                    family,
                    detail,
                    count.failures,
                    count.checks
                ));
            }
        };
        table(
            &mut out,
            "by (invariant, family, separator)",
            &self.by_separator,
        );
        table(
            &mut out,
            "by (invariant, family, phrasing)",
            &self.by_phrasing,
        );
        out.push_str("\ninvariant 3 by inserted cue (failures / checks)\n");
        for (cue, count) in &self.by_cue {
            out.push_str(&format!(
                "{cue:<10} {:>6} / {}\n",
                count.failures, count.checks
            ));
        }
        println!("{out}");
    }
}

static TOTAL: Mutex<Tally> = Mutex::new(Tally::new());
static FINISHED: AtomicUsize = AtomicUsize::new(0);

/// Shrinks `tree` while `still_fails` holds, the way proptest does.
fn shrink<T: ValueTree>(mut tree: T, still_fails: impl Fn(&T::Value) -> bool) -> T::Value {
    let mut best = tree.current();
    if !tree.simplify() {
        return best;
    }
    for _ in 0..4_000 {
        let candidate = tree.current();
        if still_fails(&candidate) {
            best = candidate;
            if !tree.simplify() {
                break;
            }
        } else if !tree.complicate() {
            break;
        }
    }
    best
}

/// Runs `statements` plans from `strategy` without stopping, prints the counts and shrunk
/// examples, and returns the number of failures.
pub fn run(
    title: &str,
    strategy: impl Strategy<Value = RecordPlan>,
    mut runner: TestRunner,
    statements: usize,
    tests: usize,
) -> u64 {
    let statements = env_number("SCOPE_GRAMMAR_N", statements);
    let max_examples = env_number("SCOPE_GRAMMAR_EXAMPLES", 12);
    let samples = env_number("SCOPE_GRAMMAR_SAMPLES", 0);
    let mut tally = Tally::new();
    let mut examples: Vec<(Key, String)> = Vec::new();
    for n in 0..statements {
        let tree = strategy
            .new_tree(&mut runner)
            .expect("plans are never rejected");
        let plan = tree.current();
        if n < samples {
            println!(
                "---- sample {n} of {title}\n{}",
                statement(&render_record(&plan))
            );
        }
        let outcomes = check(&plan);
        tally.add(&outcomes);
        let new_key = outcomes
            .iter()
            .filter(|o| o.failure.is_some() && wanted(o))
            .map(|o| (o.invariant, o.family, o.phrasing))
            .find(|key| examples.iter().all(|(k, _)| k != key));
        if let Some(key) = new_key
            && examples.len() < max_examples
        {
            let same =
                |o: &Outcome| o.failure.is_some() && (o.invariant, o.family, o.phrasing) == key;
            let shrunk = shrink(tree, |plan| check(plan).iter().any(same));
            let message = check(&shrunk)
                .into_iter()
                .find(|o| same(o))
                .and_then(|o| o.failure)
                .unwrap_or_default();
            examples.push((key, message));
        }
    }
    let mut text = format!("\n==== {title}: shrunk examples ====\n");
    for ((invariant, family, phrasing), message) in &examples {
        text.push_str(&format!(
            "\n---- invariant {}, {family}, \"{phrasing}\"\n{message}",
            invariant.code()
        ));
    }
    println!("{text}");
    tally.print(title);
    let failures = tally.failures();
    let mut total = TOTAL.lock().unwrap_or_else(|e| e.into_inner());
    total.merge(&tally);
    if FINISHED.fetch_add(1, Ordering::SeqCst) + 1 == tests {
        total.print("all tests");
    }
    failures
}

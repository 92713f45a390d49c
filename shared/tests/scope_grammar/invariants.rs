//! The invariants, checked on every generated record through `annexa_shared::verify`: what each
//! claim drawn from the statement must (or must never) get, and the messages that show the
//! statement, the claim and the full coverage item when it does not.

use annexa_shared::{
    CertificateRecord, Date, ItemVerdict, Verdict, Verification, VerificationRequest, verify,
};
use serde_json::{Value, json};

use super::grammar::{Part, Polarity};
use super::record::{RecordPlan, RenderedRecord, SiteClaim, polarity_name, render_record};
use super::vocabulary::SITE_PLACES;

/// The invariants, by the number the brief gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Invariant {
    /// 1: a claim drawn from an excluded part is never `covered`.
    ExcludedNeverCovered,
    /// 1: nor is the overall verdict of a request that claims it.
    OverallNeverCovered,
    /// 1 (control): an activity the record never mentions is never `covered`.
    AbsentNeverCovered,
    /// 2: a claim drawn from an included part, nothing excluding it, is `covered`.
    IncludedCovered,
    /// 3: an unknown negation or restriction cue never makes a claim `covered`.
    CueNeverAddsCover,
    /// 4a: a market claimed as a site is never `covered`.
    MarketIsNotASite,
    /// 4b: a claimed site absent from a non-empty site list is `not_covered`.
    UnlistedSiteNotCovered,
    /// 4c: an activity in another site's own scope only is not `covered` at this site.
    SiteScopeDoesNotLeak,
    /// 4d (control): a listed site claimed with its city and country is `covered`.
    ListedSiteCovered,
}

impl Invariant {
    pub fn code(self) -> &'static str {
        match self {
            Invariant::ExcludedNeverCovered => "1",
            Invariant::OverallNeverCovered => "1-overall",
            Invariant::AbsentNeverCovered => "1-absent",
            Invariant::IncludedCovered => "2",
            Invariant::CueNeverAddsCover => "3",
            Invariant::MarketIsNotASite => "4a",
            Invariant::UnlistedSiteNotCovered => "4b",
            Invariant::SiteScopeDoesNotLeak => "4c",
            Invariant::ListedSiteCovered => "4d",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Invariant::ExcludedNeverCovered => {
                "a claim drawn from an excluded part is never covered"
            }
            Invariant::OverallNeverCovered => {
                "the overall verdict of a request claiming an excluded or absent activity is never covered"
            }
            Invariant::AbsentNeverCovered => {
                "an activity the record never mentions is never covered"
            }
            Invariant::IncludedCovered => {
                "a claim drawn from an included part with nothing excluding it is covered"
            }
            Invariant::CueNeverAddsCover => {
                "inserting an unknown negation or restriction cue never makes a claim covered"
            }
            Invariant::MarketIsNotASite => "a place named only as a market is never a covered site",
            Invariant::UnlistedSiteNotCovered => {
                "a claimed site absent from a non-empty site list is not_covered"
            }
            Invariant::SiteScopeDoesNotLeak => {
                "an activity in another site's own scope only is not covered at the claimed site"
            }
            Invariant::ListedSiteCovered => "a listed site claimed by city and country is covered",
        }
    }
}

/// The shape a claim comes from, for failure counts.
#[derive(Debug, Clone)]
pub struct Shape {
    pub family: &'static str,
    pub phrasing: &'static str,
    pub separator: &'static str,
    /// The claim as sent, and what it was drawn from.
    pub claim: String,
    pub drawn_from: String,
}

impl Shape {
    fn of_part(part: &Part) -> Shape {
        Shape {
            family: part.family,
            phrasing: part.phrasing,
            separator: part.separator,
            claim: part.claim.clone(),
            drawn_from: format!(
                "\"{}\" ({}, {})",
                part.written,
                polarity_name(part.polarity),
                part.site
                    .map_or("certificate scope".to_string(), |s| format!(
                        "own scope of site {s}"
                    ))
            ),
        }
    }

    fn of_site(kind: &'static str, claim: &SiteClaim) -> Shape {
        Shape {
            family: kind,
            phrasing: "-",
            separator: "-",
            claim: claim.label.clone(),
            drawn_from: kind.to_string(),
        }
    }
}

/// One check of one item: passed, or failed with the message to print.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub invariant: Invariant,
    pub family: &'static str,
    pub phrasing: &'static str,
    pub separator: &'static str,
    /// The inserted cue, for invariant 3.
    pub cue: Option<&'static str>,
    pub failure: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Covered,
    NeverCovered,
    NotCovered,
}

/// One request and what each of its items must get.
struct Call {
    request: Value,
    /// Per coverage item (activities, then sites): its shape and the invariants it is under.
    items: Vec<(Shape, Vec<(Invariant, Expect)>)>,
    /// The overall verdict must not be `covered`.
    overall_never_covered: bool,
    /// Sent again with the cue inserted (invariant 3): the call reads the text that got it.
    with_cue: bool,
}

impl Call {
    fn new(with_cue: bool) -> Call {
        Call {
            request: json!({ "certificate_number": "GRAMMAR-1", "claim": { "activities": [], "sites": [] } }),
            items: Vec::new(),
            overall_never_covered: false,
            with_cue,
        }
    }

    fn activity(&mut self, claim: &str, shape: Shape, checks: Vec<(Invariant, Expect)>) {
        self.overall_never_covered |= checks.iter().any(|(_, e)| *e != Expect::Covered);
        self.request["claim"]["activities"]
            .as_array_mut()
            .expect("an array")
            .push(json!(claim));
        self.items.push((shape, checks));
    }

    /// Sites come after every activity in the coverage list.
    fn site(&mut self, claim: &SiteClaim, shape: Shape, checks: Vec<(Invariant, Expect)>) {
        self.overall_never_covered |= checks.iter().any(|(_, e)| *e != Expect::Covered);
        self.request["claim"]["sites"]
            .as_array_mut()
            .expect("an array")
            .push(claim.json.clone());
        self.items.push((shape, checks));
    }
}

fn part_checks(part: &Part) -> Vec<(Invariant, Expect)> {
    match part.polarity {
        Polarity::Excluded => vec![(Invariant::ExcludedNeverCovered, Expect::NeverCovered)],
        Polarity::Included => vec![(Invariant::IncludedCovered, Expect::Covered)],
    }
}

/// The requests made for one record. Each claim is sent where its intended verdict is
/// unambiguous, and no more often than that needs (verification dominates the test's time).
/// `cue_site` is the site whose own scope got the cue (`None`: the certificate's scope); the
/// calls that read that text are sent again with it.
fn calls(record: &RenderedRecord, focus: u8, cue_site: Option<usize>) -> Vec<Call> {
    let mut out = Vec::new();

    // Without sites: the activities of the certificate's scope, no site claimed.
    if record.sites.is_empty() {
        let mut general = Call::new(true);
        for part in record.parts_of(None) {
            general.activity(&part.claim, Shape::of_part(part), part_checks(part));
        }
        out.push(general);
    }

    // Each listed site with the activities of the scope that applies to it (its own, else the
    // certificate's), and at most two included activities of other sites' own scopes. Of the
    // sites without their own scope (there is at least one) only the first: the others would
    // repeat its checks.
    let first_without_scope = record.sites.iter().position(|s| s.scope.is_none());
    for (s, site) in record.sites.iter().enumerate() {
        if site.scope.is_none() && first_without_scope != Some(s) {
            continue;
        }
        let reads_cue = match cue_site {
            Some(cued) => cued == s,
            None => first_without_scope == Some(s),
        };
        let mut call = Call::new(reads_cue);
        let source = site.scope.as_ref().map(|_| s);
        for part in record.parts_of(source) {
            call.activity(&part.claim, Shape::of_part(part), part_checks(part));
        }
        let elsewhere: Vec<&Part> = record
            .parts
            .iter()
            .filter(|p| p.polarity == Polarity::Included && p.site.is_some_and(|o| o != s))
            .collect();
        for k in 0..elsewhere.len().min(2) {
            let part = elsewhere[(focus as usize + k) % elsewhere.len()];
            let mut shape = Shape::of_part(part);
            shape.drawn_from.push_str(", claimed at another site");
            call.activity(
                &part.claim,
                shape,
                vec![(Invariant::SiteScopeDoesNotLeak, Expect::NeverCovered)],
            );
        }
        call.site(
            &site.claim,
            Shape::of_site("listed-site", &site.claim),
            vec![(Invariant::ListedSiteCovered, Expect::Covered)],
        );
        out.push(call);
    }

    // Activities the record never mentions, markets and unlisted places claimed as sites.
    // A cue could only turn a market into a site.
    let mut places = Call::new(!record.market_claims.is_empty());
    for absent in &record.absent {
        let shape = Shape {
            family: "absent",
            phrasing: "-",
            separator: "-",
            claim: absent.claim.clone(),
            drawn_from: format!("\"{}\" (never written)", absent.written),
        };
        places.activity(
            &absent.claim,
            shape,
            vec![(Invariant::AbsentNeverCovered, Expect::NeverCovered)],
        );
    }
    let listed = !record.sites.is_empty();
    let unlisted = if listed {
        (Invariant::UnlistedSiteNotCovered, Expect::NotCovered)
    } else {
        (Invariant::UnlistedSiteNotCovered, Expect::NeverCovered)
    };
    for claim in &record.market_claims {
        let mut checks = vec![(Invariant::MarketIsNotASite, Expect::NeverCovered)];
        if listed {
            checks.push(unlisted);
        }
        places.site(claim, Shape::of_site("market", claim), checks);
    }
    for claim in &record.absent_sites {
        places.site(
            claim,
            Shape::of_site("unlisted-site", claim),
            vec![unlisted],
        );
    }
    out.push(places);
    out
}

fn verdict_name(verdict: ItemVerdict) -> String {
    serde_json::to_value(verdict)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The statement as a report prints it: every scope text, line by line.
pub fn statement(record: &RenderedRecord) -> String {
    fn text(out: &mut String, title: String, body: &str) {
        out.push_str(&format!("{title}:\n"));
        for line in body.split('\n') {
            out.push_str(&format!("  | {line}\n"));
        }
    }
    let mut out = String::new();
    text(&mut out, "/scope".to_string(), &record.scope);
    for (i, site) in record.sites.iter().enumerate() {
        let at = &SITE_PLACES[site.place];
        match &site.scope {
            Some(scope) => text(
                &mut out,
                format!("/sites/{i} ({}, {}) own scope", at.city, at.code),
                scope,
            ),
            None => out.push_str(&format!(
                "/sites/{i} ({}, {}): no own scope\n",
                at.city, at.code
            )),
        }
    }
    out
}

fn parse_record(record: &RenderedRecord) -> CertificateRecord {
    serde_json::from_value(record.json()).expect("the generated record is valid")
}

fn run(certificate: &CertificateRecord, request: &Value) -> Verification {
    let request: VerificationRequest =
        serde_json::from_value(request.clone()).expect("the generated request is valid");
    let checked = Date::new(2026, 12, 1).expect("a date");
    let verification = verify(&request, Some(certificate), checked);
    assert!(
        verification.validity.valid,
        "the generated certificate must be valid: {:?}",
        verification.validity.problems
    );
    verification
}

fn message(
    invariant: Invariant,
    shape: &Shape,
    record: &RenderedRecord,
    request: &Value,
    verification: &Verification,
    item: Option<usize>,
) -> String {
    let coverage = item
        .and_then(|i| verification.coverage.get(i))
        .map_or("(none)".to_string(), |c| {
            serde_json::to_string_pretty(c).unwrap_or_default()
        });
    format!(
        "invariant {} failed: {}\nshape: family {}, phrasing \"{}\", separator {}\nclaim: \"{}\" drawn from {}\n{}request: {}\ncoverage item: {}\noverall verdict: {}\n",
        invariant.code(),
        invariant.description(),
        shape.family,
        shape.phrasing,
        shape.separator,
        shape.claim,
        shape.drawn_from,
        statement(record),
        request["claim"],
        coverage,
        serde_json::to_value(verification.verdict).unwrap_or_default(),
    )
}

/// Checks every invariant on the record `plan` describes.
pub fn check(plan: &RecordPlan) -> Vec<Outcome> {
    let record = render_record(plan);
    let (cued, cue, cue_site) = record.with_cue(&plan.cue);
    let cue_pointer = cue_site.map_or("/scope".to_string(), |s| format!("/sites/{s}/scope"));
    let certificate = parse_record(&record);
    let cued_certificate = parse_record(&cued);
    let mut outcomes = Vec::new();
    for call in calls(&record, plan.focus, cue_site) {
        let before = run(&certificate, &call.request);
        for (i, (shape, checks)) in call.items.iter().enumerate() {
            let verdict = before.coverage[i].verdict;
            for (invariant, expect) in checks {
                let passed = match expect {
                    Expect::Covered => verdict == ItemVerdict::Covered,
                    Expect::NeverCovered => verdict != ItemVerdict::Covered,
                    Expect::NotCovered => verdict == ItemVerdict::NotCovered,
                };
                outcomes.push(Outcome {
                    invariant: *invariant,
                    family: shape.family,
                    phrasing: shape.phrasing,
                    separator: shape.separator,
                    cue: None,
                    failure: (!passed).then(|| {
                        message(*invariant, shape, &record, &call.request, &before, Some(i))
                    }),
                });
            }
        }
        if call.overall_never_covered {
            let (shape, _) = call
                .items
                .iter()
                .find(|(_, checks)| checks.iter().any(|(_, e)| *e != Expect::Covered))
                .unwrap_or(&call.items[0]);
            let passed = before.verdict != Verdict::Covered;
            outcomes.push(Outcome {
                invariant: Invariant::OverallNeverCovered,
                family: shape.family,
                phrasing: shape.phrasing,
                separator: shape.separator,
                cue: None,
                failure: (!passed).then(|| {
                    message(
                        Invariant::OverallNeverCovered,
                        shape,
                        &record,
                        &call.request,
                        &before,
                        None,
                    )
                }),
            });
        }

        if !call.with_cue {
            continue;
        }
        let after = run(&cued_certificate, &call.request);
        for (i, (shape, _)) in call.items.iter().enumerate() {
            if before.coverage[i].verdict == ItemVerdict::Covered {
                continue;
            }
            let passed = after.coverage[i].verdict != ItemVerdict::Covered;
            outcomes.push(Outcome {
                invariant: Invariant::CueNeverAddsCover,
                family: shape.family,
                phrasing: shape.phrasing,
                separator: shape.separator,
                cue: Some(cue),
                failure: (!passed).then(|| {
                    format!(
                        "{}before the cue the item was {}; after inserting \"{cue}\" in {cue_pointer}:\n{}coverage item after: {}\n",
                        message(Invariant::CueNeverAddsCover, shape, &record, &call.request, &before, Some(i)),
                        verdict_name(before.coverage[i].verdict),
                        statement(&cued),
                        serde_json::to_string_pretty(&after.coverage[i]).unwrap_or_default(),
                    )
                }),
            });
        }
    }
    outcomes
}

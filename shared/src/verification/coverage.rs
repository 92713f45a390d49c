//! Does the scope text support a claimed activity? The matching rule (also in
//! `docs/VERIFICATION.md`):
//!
//! 1. The claim and the scope are reduced to terms (see [`super::text`]): case, accents,
//!    punctuation, plurals, common endings, British/American spelling and a few abbreviations
//!    (SaaS, HR, IT, data centre) do not matter; function words ("the", "of", "provision") are
//!    dropped. Every remaining term of the claim is *significant*.
//! 2. **Covered** when one sentence of a scope text contains every significant term outside any
//!    exclusion, close together: the shortest stretch holding them all has at most `3n + 4`
//!    significant words for `n` claimed terms, and no excluded word inside.
//! 3. **Excluded** when an exclusion ("excluding …", "except …", "with the exception of …",
//!    "does not include …", "… is out of scope") holds every term, or holds some of them while the
//!    rest of that sentence supplies the others and the sentence does not cover the claim.
//! 4. Both at once (the scope includes and excludes matching text) → **undetermined**: a person
//!    must read it. No scope text, or a claim with no significant word → **undetermined**.
//!    Otherwise → **not covered**.

use serde::{Deserialize, Serialize};

use super::text::{Analysed, Token, slice_chars, terms};

/// What a coverage item is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A claimed activity, product or service.
    Activity,
    /// A claimed site.
    Site,
}

/// The verdict for one claimed item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemVerdict {
    /// The certificate's scope or site list supports the item (see the evidence).
    Covered,
    /// The scope names the item in an exclusion.
    Excluded,
    /// The record has what would support the item, and it does not.
    NotCovered,
    /// The record lacks what would decide, or contradicts itself: read it yourself.
    Undetermined,
}

/// An exact piece of the certificate that supports a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// JSON pointer to the record field quoted: `/scope`, `/sites/1/scope`, `/sites/0/city`.
    pub source: String,
    /// The quoted text, exactly as in the field.
    pub text: String,
    /// Offset of the first quoted character in the field, in Unicode characters (not bytes, not
    /// UTF-16 units).
    pub start: usize,
    /// Offset one past the last quoted character, in Unicode characters.
    pub end: usize,
}

/// The verdict for one claimed activity or site, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageItem {
    /// The item as claimed ("payroll SaaS", "Dublin, IE").
    pub item: String,
    /// Activity or site.
    pub kind: ItemKind,
    /// The item's verdict.
    pub verdict: ItemVerdict,
    /// What in the certificate supports the verdict; empty for `not_covered` and most
    /// `undetermined` items.
    pub evidence: Vec<Evidence>,
}

/// One text of the record, analysed once.
#[derive(Debug)]
pub(crate) struct SourceText<'a> {
    /// JSON pointer of the field.
    pub pointer: String,
    /// The field's text.
    pub text: &'a str,
    /// Its analysis.
    pub analysed: Analysed,
}

impl<'a> SourceText<'a> {
    /// Analyses `text`, quoted later as `pointer`.
    pub fn new(pointer: String, text: &'a str) -> SourceText<'a> {
        SourceText {
            pointer,
            analysed: super::text::analyse(text),
            text,
        }
    }

    fn evidence(&self, start: usize, end: usize) -> Evidence {
        Evidence {
            source: self.pointer.clone(),
            text: slice_chars(self.text, start, end),
            start,
            end,
        }
    }
}

/// What a search of one or more texts found.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    /// Stretches that support the terms, outside exclusions.
    pub covered: Vec<Evidence>,
    /// Exclusions that take the terms out.
    pub excluded: Vec<Evidence>,
}

impl Findings {
    /// The verdict these findings give (never `not_covered` when something was found).
    pub fn verdict(&self) -> Option<ItemVerdict> {
        match (self.covered.is_empty(), self.excluded.is_empty()) {
            (false, true) => Some(ItemVerdict::Covered),
            (true, false) => Some(ItemVerdict::Excluded),
            (false, false) => Some(ItemVerdict::Undetermined),
            (true, true) => None,
        }
    }

    /// Adds `other`'s evidence to this one.
    pub fn extend(&mut self, other: Findings) {
        self.covered.extend(other.covered);
        self.excluded.extend(other.excluded);
    }

    /// All evidence, covered first.
    pub fn into_evidence(self) -> Vec<Evidence> {
        self.covered.into_iter().chain(self.excluded).collect()
    }
}

/// Searches `source` for `terms` (already normalised, non-empty). `max_window` bounds the
/// number of significant words in a covering stretch. At most one covering stretch per source.
pub(crate) fn search(source: &SourceText<'_>, terms: &[String], max_window: usize) -> Findings {
    let mut findings = Findings::default();
    if terms.is_empty() {
        return findings;
    }
    let tokens = &source.analysed.tokens;
    let content: Vec<&Token> = tokens.iter().filter(|t| !t.stop).collect();
    let mut sentence_start = 0;
    while sentence_start < content.len() {
        let sentence = content[sentence_start].sentence;
        let len = content[sentence_start..]
            .iter()
            .take_while(|t| t.sentence == sentence)
            .count();
        let words = &content[sentence_start..sentence_start + len];
        sentence_start += len;

        let mut covered_here = false;
        for run in words.split(|t| t.exclusion.is_some()) {
            if let Some((first, last)) = shortest_window(run, terms)
                && last - first < max_window
            {
                covered_here = true;
                if findings.covered.is_empty() {
                    findings
                        .covered
                        .push(source.evidence(run[first].start, run[last].end));
                }
            }
        }

        let included: Vec<&&Token> = words.iter().filter(|t| t.exclusion.is_none()).collect();
        for (index, exclusion) in source.analysed.exclusions.iter().enumerate() {
            let inside: Vec<&&Token> = words
                .iter()
                .filter(|t| t.exclusion == Some(index) && terms.iter().any(|term| t.matches(term)))
                .collect();
            if inside.is_empty() {
                continue;
            }
            let all_inside = terms
                .iter()
                .all(|term| inside.iter().any(|t| t.matches(term)));
            let with_rest = terms.iter().all(|term| {
                inside.iter().any(|t| t.matches(term)) || included.iter().any(|t| t.matches(term))
            });
            if all_inside || (with_rest && !covered_here) {
                let start = inside
                    .iter()
                    .map(|t| t.start)
                    .chain([exclusion.marker.0])
                    .min()
                    .unwrap_or(exclusion.marker.0);
                let end = inside
                    .iter()
                    .map(|t| t.end)
                    .chain([exclusion.marker.1])
                    .max()
                    .unwrap_or(exclusion.marker.1);
                findings.excluded.push(source.evidence(start, end));
            }
        }
    }
    findings
}

/// The shortest stretch of `run` (indices of first and last word) that contains every term.
fn shortest_window(run: &[&Token], terms: &[String]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for first in 0..run.len() {
        if !terms.iter().any(|t| run[first].matches(t)) {
            continue;
        }
        let mut missing: Vec<&String> = terms.iter().filter(|t| !run[first].matches(t)).collect();
        let mut last = first;
        while !missing.is_empty() && last + 1 < run.len() {
            last += 1;
            missing.retain(|t| !run[last].matches(t));
        }
        if missing.is_empty() && best.is_none_or(|(f, l)| last - first < l - f) {
            best = Some((first, last));
        }
    }
    best
}

/// The coverage verdict for one claimed activity, searched in `sources` (the scope texts that
/// apply to the claim).
pub(crate) fn activity_coverage(activity: &str, sources: &[&SourceText<'_>]) -> CoverageItem {
    let wanted = terms(activity);
    let item = activity.trim().to_string();
    if wanted.is_empty() || sources.iter().all(|s| s.text.trim().is_empty()) {
        return CoverageItem {
            item,
            kind: ItemKind::Activity,
            verdict: ItemVerdict::Undetermined,
            evidence: Vec::new(),
        };
    }
    let max_window = 3 * wanted.len() + 4;
    let mut findings = Findings::default();
    for source in sources {
        findings.extend(search(source, &wanted, max_window));
    }
    let verdict = findings.verdict().unwrap_or(ItemVerdict::NotCovered);
    CoverageItem {
        item,
        kind: ItemKind::Activity,
        verdict,
        evidence: findings.into_evidence(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(scope: &str, activity: &str) -> CoverageItem {
        let source = SourceText::new("/scope".into(), scope);
        activity_coverage(activity, &[&source])
    }

    #[test]
    fn covered_gives_the_exact_stretch_and_char_offsets() {
        let scope = "Design, development and operation of cloud-based payroll and HR software \
                     as a service for customers in Ireland and the UK.";
        let item = check(scope, "Payroll SaaS");
        assert_eq!(item.verdict, ItemVerdict::Covered);
        let evidence = &item.evidence[0];
        assert_eq!(evidence.text, "payroll and HR software as a service");
        assert_eq!(
            slice_chars(scope, evidence.start, evidence.end),
            evidence.text
        );
    }

    #[test]
    fn words_far_apart_in_a_long_sentence_do_not_cover() {
        let scope = "Payroll processing, recruitment, onboarding, learning management, benefits \
                     administration, expense reporting, time tracking, workforce planning, \
                     document storage and hosting.";
        assert_eq!(
            check(scope, "payroll hosting").verdict,
            ItemVerdict::NotCovered
        );
        assert_eq!(
            check(scope, "workforce planning").verdict,
            ItemVerdict::Covered
        );
    }

    #[test]
    fn every_significant_word_is_needed() {
        let scope = "Development and hosting of payroll software.";
        assert_eq!(
            check(scope, "payroll software").verdict,
            ItemVerdict::Covered
        );
        assert_eq!(
            check(scope, "payroll consulting").verdict,
            ItemVerdict::NotCovered
        );
        assert_eq!(
            check(scope, "the provision of").verdict,
            ItemVerdict::Undetermined
        );
    }
}

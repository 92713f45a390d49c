//! Does the scope support a claimed activity? The rule (also in `docs/VERIFICATION.md`), over
//! the reading of each scope text ([`super::reading`]):
//!
//! 1. The claim and the scope are reduced to terms (see [`super::text`]): case, accents,
//!    punctuation, plurals, common endings, British/American spelling and a few abbreviations
//!    (SaaS, HR, IT, data centre) do not matter; function words ("the", "of", "provision") are
//!    dropped. Every remaining term of the claim is *significant*.
//! 2. **Covered** when one stretch of included words — within a sentence, not across a `;` or a
//!    list item, an item borrowing the words of the heading it sits under — holds every
//!    significant term close together (the shortest stretch holding them all has at most
//!    `3n + 4` significant words for `n` claimed terms), and no excluded or unclear part of the
//!    scope holds any of them.
//! 3. **Excluded** when an excluded part holds every term, or some of them while the rest of
//!    that sentence supplies the others and nothing included covers the claim.
//! 4. **Undetermined** when the claim is both supported and touched by an excluded or unclear
//!    part, when its terms appear only in an unclear part, or when the only support is a blanket
//!    phrase ("all activities"). No scope text, or a claim with no significant word, is
//!    undetermined too. Otherwise → **not covered**.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::reading::{Polarity, ReadScope, read};
use super::text::{Token, slice_chars};

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

impl ItemVerdict {
    /// The item's verdict in words for people: "Covered", "Excluded", "Not covered" ….
    pub fn in_words(self) -> &'static str {
        match self {
            ItemVerdict::Covered => "Covered",
            ItemVerdict::Excluded => "Excluded",
            ItemVerdict::NotCovered => "Not covered",
            ItemVerdict::Undetermined => "Cannot be decided: ask the supplier",
        }
    }
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

/// One text of the record, read once.
#[derive(Debug)]
pub(crate) struct SourceText<'a> {
    /// JSON pointer of the field.
    pub pointer: String,
    /// The field's text.
    pub text: &'a str,
    /// How it was read: here, or earlier (a [`super::RecordReading`] kept by the caller).
    pub read: Cow<'a, ReadScope>,
}

impl<'a> SourceText<'a> {
    /// Reads `text`, quoted later as `pointer`; `holder` is the certificate holder's name.
    pub fn new(pointer: String, text: &'a str, holder: Option<&str>) -> SourceText<'a> {
        SourceText {
            pointer,
            read: Cow::Owned(read(text, holder)),
            text,
        }
    }

    /// `text` as it was read before: `read` must be `text`'s reading.
    pub fn with_reading(pointer: String, text: &'a str, read: &'a ReadScope) -> SourceText<'a> {
        SourceText {
            pointer,
            read: Cow::Borrowed(read),
            text,
        }
    }

    /// The public reading, moved out when it was read here, copied when it was read earlier.
    pub fn into_reading(self) -> super::ScopeReading {
        match self.read {
            Cow::Owned(read) => read.reading,
            Cow::Borrowed(read) => read.reading.clone(),
        }
    }

    pub(crate) fn evidence(&self, start: usize, end: usize) -> Evidence {
        Evidence {
            source: self.pointer.clone(),
            text: slice_chars(self.text, start, end),
            start,
            end,
        }
    }

    /// The evidence for a region: its marker and the words of the region that `hit` selects.
    fn region_evidence(&self, region: usize, words: &[usize]) -> Evidence {
        let marker = self.read.regions[region].marker;
        let tokens = &self.read.tokens;
        let start = words
            .iter()
            .map(|&i| tokens[i].start)
            .chain([marker.0])
            .min()
            .unwrap_or(marker.0);
        let end = words
            .iter()
            .map(|&i| tokens[i].end)
            .chain([marker.1])
            .max()
            .unwrap_or(marker.1);
        self.evidence(start, end)
    }
}

/// What a search of one or more texts found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Findings {
    /// Stretches of included words that support the terms.
    pub covered: Vec<Evidence>,
    /// Excluded parts that take the terms out.
    pub excluded: Vec<Evidence>,
    /// Excluded or unclear parts that hold some of the terms (a doubt, not an exclusion).
    pub touched: Vec<Evidence>,
    /// Blanket phrases ("all activities") that would be the only support.
    pub blanket: Vec<Evidence>,
}

impl Findings {
    /// The verdict these findings give (`None` when nothing was found).
    pub fn verdict(&self) -> Option<ItemVerdict> {
        if !self.covered.is_empty() {
            Some(if self.excluded.is_empty() && self.touched.is_empty() {
                ItemVerdict::Covered
            } else {
                ItemVerdict::Undetermined
            })
        } else if !self.excluded.is_empty() {
            Some(ItemVerdict::Excluded)
        } else if !self.touched.is_empty() || !self.blanket.is_empty() {
            Some(ItemVerdict::Undetermined)
        } else {
            None
        }
    }

    /// Adds `other`'s evidence to this one.
    pub fn extend(&mut self, other: Findings) {
        self.covered.extend(other.covered);
        self.excluded.extend(other.excluded);
        self.touched.extend(other.touched);
        self.blanket.extend(other.blanket);
    }

    /// All evidence, covered first.
    pub fn into_evidence(self) -> Vec<Evidence> {
        let mut all: Vec<Evidence> = Vec::new();
        for evidence in self
            .covered
            .into_iter()
            .chain(self.excluded)
            .chain(self.touched)
            .chain(self.blanket)
        {
            if !all.contains(&evidence) {
                all.push(evidence);
            }
        }
        all
    }
}

/// Searches `source` for `terms` (already normalised, non-empty). `max_window` bounds the
/// number of significant words in a covering stretch. At most one covering stretch per source.
pub(crate) fn search(
    source: &SourceText<'_>,
    terms: &[String],
    head: Option<&String>,
    max_window: usize,
) -> Findings {
    let mut findings = Findings::default();
    if terms.is_empty() {
        return findings;
    }
    let read = &source.read;
    let tokens = &read.tokens;
    let roles = &read.roles;
    let hits = |i: usize| read.significant(i) && terms.iter().any(|t| tokens[i].matches(t));

    // Covered: a run of included words (with its heading's words) holding every term.
    for (run, own) in read.run_words.iter().enumerate() {
        if own.is_empty() {
            continue;
        }
        let mut words: Vec<usize> = read.run_context[run]
            .map(|context| read.run_words[context].to_vec())
            .unwrap_or_default();
        let borrowed = words.len();
        words.extend(own);
        let run_tokens: Vec<&Token> = words.iter().map(|&i| &tokens[i]).collect();
        if let Some((first, last)) = shortest_window(&run_tokens, terms)
            && last - first < max_window
            && last >= borrowed
        {
            findings
                .covered
                .push(source.evidence(run_tokens[first].start, run_tokens[last].end));
            break;
        }
    }

    // Excluded and unclear parts that hold the claim, or a list item that the claim falls
    // under ("excluding hosting" holds "payroll hosting"). An item that shares a word with the
    // claim but names something else ("payroll bureau services" for "payroll SaaS") does not.
    let core: Vec<&String> = terms.iter().filter(|t| !is_generic(t)).collect();
    for (index, region) in read.regions.iter().enumerate() {
        let inside = &read.region_words[index];
        let held: Vec<usize> = inside.iter().copied().filter(|&i| hits(i)).collect();
        if held.is_empty() {
            continue;
        }
        let holds_claim = terms
            .iter()
            .all(|term| held.iter().any(|&i| tokens[i].matches(term)));
        let mut items: Vec<usize> = held.iter().map(|&i| roles[i].segment).collect();
        items.dedup();
        let item_words = |item: usize| {
            inside
                .iter()
                .copied()
                .filter(move |&i| roles[i].segment == item)
        };
        // "excluding hosting" holds "payroll hosting": the claim falls under the item.
        let item_in_claim = items.iter().any(|&item| item_words(item).all(hits));
        // "other than bonded warehousing" for "warehousing services": the item is a kind of
        // what is claimed.
        let claim_in_item = !core.is_empty()
            && items.iter().any(|&item| {
                core.iter()
                    .all(|term| item_words(item).any(|i| tokens[i].matches(term)))
            });
        // The claim's head word (its last specific word: "transcription" in "medical
        // transcription") in an excluded item puts it in doubt: "excluding home-based
        // transcriptionists".
        // The word must head its excluded item too: "the hardware sold with the software"
        // names hardware, and leaves "medical imaging software" alone.
        let shares_head = region.polarity == Polarity::Excluded
            && head.is_some_and(|head| {
                held.iter()
                    .any(|&i| tokens[i].matches(head) && item_head(read, i) == Some(i))
            });
        // An excluded item that names a class of products ("the commercial cloud offering")
        // holds whatever its modifiers describe: "cloud hosting" may be part of it.
        let in_excluded_class = region.polarity == Polarity::Excluded
            && held.iter().any(|&i| {
                !is_generic(tokens[i].term())
                    && item_head(read, i)
                        .is_some_and(|h| PRODUCT_CLASSES.contains(&tokens[h].lower()))
            });
        if !holds_claim && !item_in_claim && !claim_in_item && !shares_head && !in_excluded_class {
            continue;
        }
        let evidence = source.region_evidence(index, &held);
        if region.polarity == Polarity::Excluded && (holds_claim || item_in_claim) {
            findings.excluded.push(evidence);
        } else {
            findings.touched.push(evidence);
        }
    }

    // Blanket phrases, when nothing specific supports the claim.
    if findings.covered.is_empty() {
        let mut i = 0;
        while i < tokens.len() {
            if roles[i].blanket && roles[i].polarity == Polarity::Included {
                let start = i;
                while i < tokens.len() && roles[i].blanket {
                    i += 1;
                }
                findings
                    .blanket
                    .push(source.evidence(tokens[start].start, tokens[i - 1].end));
            }
            i += 1;
        }
    }
    findings
}

/// A claimed activity read once: its significant terms in order, and its head word — the last
/// specific word before "of", "for", "to" … ("monitoring" in "monitoring of client systems"),
/// else its last specific word ("transcription" in "medical transcription").
#[derive(Debug)]
pub(crate) struct Claim {
    /// The significant terms, in order, without duplicates.
    pub terms: Vec<String>,
    /// The head word's term.
    pub head: Option<String>,
}

impl Claim {
    /// Reads `activity`.
    pub fn read(activity: &str) -> Claim {
        let words = super::text::tokenize(activity);
        let terms = super::text::significant_terms(&words);
        let specific = |t: &&super::text::Token| {
            terms.iter().any(|term| term == t.term()) && !is_generic(t.term())
        };
        let head = head_word(words.iter(), |t| t.lower(), specific).map(|t| t.term().to_owned());
        Claim { terms, head }
    }
}

/// The head word of the list item word `i` is in, by the rule [`Claim::read`] applies to a
/// claim: the last specific word before a preposition, else the item's last specific word.
fn item_head(read: &ReadScope, i: usize) -> Option<usize> {
    let segment = read.roles[i].segment;
    let same = |k: &usize| read.roles[*k].segment == segment;
    let first = (0..=i).rev().take_while(same).last().unwrap_or(i);
    let words = (first..read.tokens.len()).take_while(same);
    let specific = |k: &usize| read.significant(*k) && !is_generic(read.tokens[*k].term());
    head_word(words, |k| read.tokens[k].lower(), specific)
}

/// The head of a phrase, one rule for claims and scope items: its last specific word before
/// the first preposition ("monitoring" in "monitoring of client systems"), else its last
/// specific word ("transcription" in "medical transcription").
fn head_word<'w, W: Copy>(
    words: impl Iterator<Item = W> + Clone,
    lower: impl Fn(W) -> &'w str,
    specific: impl Fn(&W) -> bool,
) -> Option<W> {
    let before_preposition = words
        .clone()
        .take_while(|&w| !PREPOSITIONS.contains(&lower(w)));
    before_preposition
        .filter(|w| specific(w))
        .last()
        .or_else(|| words.filter(|w| specific(w)).last())
}

/// Nouns that name a class of products rather than one: what their modifiers describe
/// ("cloud" in "the commercial cloud offering") may be anything of that kind.
const PRODUCT_CLASSES: &[&str] = &[
    "offering",
    "offerings",
    "portfolio",
    "portfolios",
    "business",
    "businesses",
    "line",
    "lines",
    "range",
];

/// The words that end a head phrase: "monitoring" in "monitoring of client systems".
const PREPOSITIONS: &[&str] = &["of", "for", "to", "in", "at", "on", "from", "with", "by"];

/// Words too general to tell one service from another ("services", "systems"): a claim's
/// other words decide whether an exclusion is about it.
fn is_generic(term: &str) -> bool {
    matches!(
        term,
        "servic"
            | "system"
            | "solution"
            | "operation"
            | "work"
            | "function"
            | "process"
            | "management"
            | "administration"
    )
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

/// The verdict of one set of findings for an activity.
pub(crate) fn activity_findings(claim: &Claim, sources: &[&SourceText<'_>]) -> Findings {
    let max_window = 3 * claim.terms.len() + 4;
    let mut findings = Findings::default();
    for source in sources {
        findings.extend(search(
            source,
            &claim.terms,
            claim.head.as_ref(),
            max_window,
        ));
    }
    findings
}

/// A coverage item for an activity from its verdict and evidence.
pub(crate) fn activity_item(
    activity: &str,
    verdict: ItemVerdict,
    evidence: Vec<Evidence>,
) -> CoverageItem {
    CoverageItem {
        item: activity.trim().to_string(),
        kind: ItemKind::Activity,
        verdict,
        evidence,
    }
}

/// The coverage verdict for one claimed activity, searched in `sources` (the scope texts that
/// apply to the claim).
pub(crate) fn activity_coverage(activity: &str, sources: &[&SourceText<'_>]) -> CoverageItem {
    let claim = Claim::read(activity);
    if claim.terms.is_empty() || sources.iter().all(|s| s.text.trim().is_empty()) {
        return activity_item(activity, ItemVerdict::Undetermined, Vec::new());
    }
    let findings = activity_findings(&claim, sources);
    let verdict = findings.verdict().unwrap_or(ItemVerdict::NotCovered);
    activity_item(activity, verdict, findings.into_evidence())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(scope: &str, activity: &str) -> CoverageItem {
        let source = SourceText::new("/scope".into(), scope, None);
        activity_coverage(activity, &[&source])
    }

    fn verdict(scope: &str, activity: &str) -> ItemVerdict {
        check(scope, activity).verdict
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
        assert_eq!(verdict(scope, "payroll hosting"), ItemVerdict::NotCovered);
        assert_eq!(verdict(scope, "workforce planning"), ItemVerdict::Covered);
    }

    #[test]
    fn every_significant_word_is_needed() {
        let scope = "Development and hosting of payroll software.";
        assert_eq!(verdict(scope, "payroll software"), ItemVerdict::Covered);
        assert_eq!(
            verdict(scope, "payroll consulting"),
            ItemVerdict::NotCovered
        );
        assert_eq!(
            verdict(scope, "the provision of"),
            ItemVerdict::Undetermined
        );
    }
}

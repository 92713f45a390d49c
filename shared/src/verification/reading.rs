//! The scope reader: turns a scope statement into a structured reading from which every coverage
//! verdict is computed.
//!
//! A certification body writes a scope as sentences, clauses and lists — separated by `;`,
//! commas and "and"/"or", line breaks, bullets, numbered or lettered items and parentheses — and
//! takes things out of it with *markers* whose reach depends on where they stand:
//!
//! - a **heading** ("Exclusions:", "Not covered:") reaches every item under it, up to a blank
//!   line or another heading;
//! - a **leading or trailing marker** ("excluding", "except for", "with the exception of", "other
//!   than", "but not", "the certificate does not extend to") reaches the list that follows it, to
//!   the end of the sentence — except that after a single item, ", and" starts a new item of the
//!   outer list ("network services other than VoIP, and structured cabling");
//! - a **predicate** ("… are out of scope", "… do not form part of this certification", "… is
//!   excluded") reaches back over its subject, to the start of the sentence or of the clause
//!   after "but", "while", "whereas";
//! - a **parenthesis** reaches its contents ("(excluding X)"), or, when it holds only the marker
//!   ("(excluded)"), the item just before it.
//!
//! Every word ends up **included**, **excluded** (with the marker that made it so) or
//! **unclear**: a negation or restriction cue the reader does not fully resolve ("not", "no",
//! "only", "limited to", "n/a", a double negative …) makes its clause unclear, so that an
//! unfamiliar phrasing can only ever make an answer more cautious. The reading also lists the
//! places the scope names — *sites* (where the work is done) or *markets* (where customers are)
//! — and the organisations it names other than the holder.

use serde::{Deserialize, Serialize};

use super::text::{Token, tokenize};

mod lexicon;
mod markers;
mod places;
mod structure;
mod word_lists;

pub(crate) use lexicon::Classes;
use structure::{Gap, gap};
pub(crate) use word_lists::WordLists;

/// How a part of the scope stands towards the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Part of the certified scope.
    Included,
    /// Taken out of the scope by a marker.
    Excluded,
    /// Beside a negation or restriction the reader does not resolve: a person must read it.
    Unclear,
}

/// How far the marker of an excluded or unclear segment reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// A heading: every item under it.
    Heading,
    /// A leading or trailing marker: the list after it.
    List,
    /// A predicate: its subject, back to the start of the clause.
    Clause,
    /// A parenthesis: its contents, or the item just before it.
    Parenthesis,
    /// An unresolved cue: its whole clause.
    Sentence,
}

impl Reach {
    /// How far the marker reaches, in words for people.
    pub fn in_words(self) -> &'static str {
        match self {
            Reach::Heading => "every item under the heading",
            Reach::List => "the list after it",
            Reach::Clause => "the words before it, back to the start of the clause",
            Reach::Parenthesis => "the parenthesis, or the item just before it",
            Reach::Sentence => "its clause",
        }
    }
}

impl ScopeReading {
    /// The reading as lines for people: each part of `text` marked included, excluded (with
    /// the words that exclude it) or unclear, then the places and organisations named.
    pub fn describe(&self, text: &str) -> Vec<String> {
        describe(&self.segments, &self.locations, &self.organisations, text)
    }
}

impl Reading {
    /// The certificate scope's reading as lines for people (see [`ScopeReading::describe`]);
    /// `text` is the certificate scope.
    pub fn describe(&self, text: &str) -> Vec<String> {
        describe(&self.segments, &self.locations, &self.organisations, text)
    }
}

fn describe(
    segments: &[Segment],
    locations: &[Location],
    organisations: &[Organisation],
    text: &str,
) -> Vec<String> {
    // Line breaks and runs of spaces inside a quoted part become single spaces.
    let squeeze = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    for segment in segments {
        let part: String = chars[segment.start.min(chars.len())..segment.end.min(chars.len())]
            .iter()
            .collect();
        let words = squeeze(&part);
        let marker = segment.marker.as_deref().map(squeeze);
        lines.push(match (segment.polarity, marker, segment.reach) {
            (Polarity::Included, _, _) => format!("  + included:  {words}"),
            (Polarity::Excluded, Some(marker), Some(reach)) => format!(
                "  - excluded:  {words}   (by \"{marker}\", which reaches {})",
                reach.in_words()
            ),
            (Polarity::Excluded, _, _) => format!("  - excluded:  {words}"),
            (Polarity::Unclear, Some(marker), _) => {
                format!("  ? unclear:   {words}   (\"{marker}\" is not resolved: read it yourself)")
            }
            (Polarity::Unclear, None, _) => format!("  ? unclear:   {words}"),
        });
    }
    if !locations.is_empty() {
        let places: Vec<String> = locations
            .iter()
            .map(|l| match l.kind {
                LocationKind::Site => format!("{} (a site)", l.text),
                LocationKind::Market => format!("{} (where customers are, not a site)", l.text),
            })
            .collect();
        lines.push(format!("  places named: {}", places.join(", ")));
    }
    if !organisations.is_empty() {
        let names: Vec<&str> = organisations.iter().map(|o| o.text.as_str()).collect();
        lines.push(format!(
            "  other organisations named (not certified by this certificate): {}",
            names.join(", ")
        ));
    }
    lines
}

/// One sentence, clause or list item of a scope text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// First character of the segment (char offset, as evidence offsets).
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// Included, excluded or unclear.
    pub polarity: Polarity,
    /// The words that made it excluded or unclear, as written ("excluding", "Not covered").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// How far that marker reaches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<Reach>,
}

/// Whether a place in the scope is where work is done or where customers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    /// Where the certified work is done ("delivered from Leeds", "at the Cork facility").
    Site,
    /// Where customers are ("for customers in Spain"): not a certified site.
    Market,
}

/// A place named in a scope text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// The place as written.
    pub text: String,
    /// First character (char offset).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Site or market.
    pub kind: LocationKind,
}

/// An organisation named in a scope text that is not the certificate holder (a customer, a
/// parent): it is not certified by this certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// The name as written.
    pub text: String,
    /// First character (char offset).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// How one scope text was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeReading {
    /// Its sentences, clauses and list items in order, each with its polarity.
    pub segments: Vec<Segment>,
    /// The places it names.
    pub locations: Vec<Location>,
    /// The organisations it names other than the holder.
    pub organisations: Vec<Organisation>,
}

/// How a certificate's scope and each site's own scope were read, as shown with a verification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    /// The certificate scope's sentences, clauses and list items, each with its polarity.
    pub segments: Vec<Segment>,
    /// The places the certificate scope names.
    pub locations: Vec<Location>,
    /// The organisations it names other than the holder.
    pub organisations: Vec<Organisation>,
    /// The reading of each site's own scope (offsets into `/sites/{site}/scope`).
    pub sites: Vec<SiteReading>,
}

/// The reading of one site's own scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteReading {
    /// Index of the site in the record's `sites`.
    pub site: usize,
    /// How its scope was read.
    pub reading: ScopeReading,
}

/// What the reader found about one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordRole {
    /// Included, excluded or unclear.
    pub polarity: Polarity,
    /// The region (marker) that made it excluded or unclear.
    pub region: Option<usize>,
    /// A marker word itself, or a bullet/number: never matched against a claim.
    pub marker: bool,
    /// The sentence it is in.
    pub sentence: usize,
    /// The stretch of included words a claim may be found in (broken at sentences, `;`, list
    /// items and anything not included).
    pub run: usize,
    /// Part of a blanket phrase ("all activities", "the whole organisation").
    pub blanket: bool,
    /// The public segment (sentence, clause or list item) the word is in.
    pub segment: usize,
}

/// An excluded or unclear region and the marker that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Region {
    /// Excluded or unclear.
    pub polarity: Polarity,
    /// The marker's char span.
    pub marker: (usize, usize),
    /// How far it reaches.
    pub reach: Reach,
}

/// A scope text read: its words with their roles, the regions, and the public reading.
#[derive(Debug, Clone)]
pub(crate) struct ReadScope {
    /// Every word in order.
    pub tokens: Vec<Token>,
    /// The role of each word.
    pub roles: Vec<WordRole>,
    /// Excluded and unclear regions.
    pub regions: Vec<Region>,
    /// For each run, the run of the heading its item sits under (whose words it may borrow).
    pub run_context: Vec<Option<usize>>,
    /// Per word: a clause boundary falls just before it.
    clause_stops: Vec<bool>,
    /// Per run, its significant included words (what a claim may be found in).
    pub run_words: WordLists,
    /// Per region, its significant words.
    pub region_words: WordLists,
    /// The public reading.
    pub reading: ScopeReading,
}

impl ReadScope {
    /// A word a claim is matched against: not a function word, not a marker or item number.
    pub(crate) fn significant(&self, i: usize) -> bool {
        !self.tokens[i].stop && !self.roles[i].marker
    }
}

/// Reads `text`; `holder` (the certificate holder's name) is left out of the organisations.
pub(crate) fn read(text: &str, holder: Option<&str>) -> ReadScope {
    let mut reader = Reader::new(text, tokenize(text));
    reader.structure();
    reader.polarity();
    reader.runs();
    let segments = reader.segments();
    let clause_stops = reader.clause_stops();
    let locations = reader.locations(&clause_stops);
    let organisations = reader.organisations(holder);
    // The groupings every claim is searched in, built once per text.
    let (run_words, region_words) = reader.groupings();
    let Reader {
        source,
        tokens,
        gaps,
        roles,
        regions,
        sentences,
        paren,
        item_marker,
        consumed,
        run_context,
        whole_scope_restrictions,
        segments: segment_buffer,
        run_pairs,
        region_pairs,
    } = reader;
    SPARE.with(|spare| {
        spare.set(Spare {
            bytes: source.bytes,
            gaps,
            sentences,
            paren,
            item_marker,
            consumed,
            whole_scope_restrictions,
            segments: segment_buffer,
            run_pairs,
            region_pairs,
        })
    });
    ReadScope {
        clause_stops,
        run_words,
        region_words,
        tokens,
        roles,
        regions,
        run_context,
        reading: ScopeReading {
            segments,
            locations,
            organisations,
        },
    }
}

/// The lists the reader works with and does not keep, kept per thread from one text to the
/// next, so that reading a text allocates only what its reading keeps.
#[derive(Default)]
struct Spare {
    bytes: Vec<usize>,
    gaps: Vec<Gap>,
    sentences: Vec<Sentence>,
    paren: Vec<usize>,
    item_marker: Vec<bool>,
    consumed: Vec<bool>,
    whole_scope_restrictions: Vec<(usize, usize)>,
    segments: Vec<Segment>,
    run_pairs: Vec<(usize, usize)>,
    region_pairs: Vec<(usize, usize)>,
}

thread_local! {
    static SPARE: std::cell::Cell<Spare> = std::cell::Cell::default();
}

/// `list` emptied (its room kept).
fn cleared<T>(mut list: Vec<T>) -> Vec<T> {
    list.clear();
    list
}

/// `list` emptied, then filled with `len` times `value`.
fn refilled<T: Clone>(list: Vec<T>, value: T, len: usize) -> Vec<T> {
    let mut list = cleared(list);
    list.resize(len, value);
    list
}

/// The text being read, addressed by char offsets as tokens are, without a list of its chars:
/// an ASCII text's char offsets are its byte offsets, and another text keeps the byte offset of
/// each char.
struct Source<'t> {
    text: &'t str,
    /// The byte offset of each char and of the text's end; empty for an ASCII text.
    bytes: Vec<usize>,
}

impl<'t> Source<'t> {
    /// The source `text`, its char offsets listed in `bytes` (emptied first) if it needs them.
    fn new(text: &'t str, mut bytes: Vec<usize>) -> Source<'t> {
        bytes.clear();
        if !text.is_ascii() {
            bytes.extend(text.char_indices().map(|(at, _)| at));
            bytes.push(text.len());
        }
        Source { text, bytes }
    }

    /// The byte offset of char offset `at` (the end of the text for any offset past it).
    #[inline]
    fn byte(&self, at: usize) -> usize {
        match self.bytes.last() {
            None => at.min(self.text.len()),
            Some(&end) => self.bytes.get(at).copied().unwrap_or(end),
        }
    }

    /// The chars `start..end`.
    fn slice(&self, start: usize, end: usize) -> &'t str {
        &self.text[self.byte(start)..self.byte(end)]
    }

    /// The chars from `start` to the end.
    fn rest(&self, start: usize) -> &'t str {
        &self.text[self.byte(start)..]
    }

    /// Whether the chars `start..end` are one space, without slicing the text.
    #[inline]
    fn is_one_space(&self, start: usize, end: usize) -> bool {
        end == start + 1 && self.char_at(start) == Some(' ')
    }

    /// The char at char offset `at`, if the text has one there.
    #[inline]
    fn char_at(&self, at: usize) -> Option<char> {
        if self.bytes.is_empty() {
            self.text.as_bytes().get(at).copied().map(char::from)
        } else {
            self.rest(at).chars().next()
        }
    }
}

struct Reader<'t> {
    source: Source<'t>,
    tokens: Vec<Token>,
    /// The punctuation before each word; `gaps[tokens.len()]` is what follows the last.
    gaps: Vec<Gap>,
    roles: Vec<WordRole>,
    regions: Vec<Region>,
    /// Every sentence, with how it stands on its lines.
    sentences: Vec<Sentence>,
    /// Parenthesis group of each word (0 = none).
    paren: Vec<usize>,
    /// Bullet or number words.
    item_marker: Vec<bool>,
    /// Words consumed by a resolved marker.
    consumed: Vec<bool>,
    run_context: Vec<Option<usize>>,
    /// Restrictions of the whole scope: (sentence, region).
    whole_scope_restrictions: Vec<(usize, usize)>,
    /// A buffer the public segments are made in.
    segments: Vec<Segment>,
    /// Buffers the significant words of the runs and of the regions are gathered in, each
    /// with its run or region ([`WordLists::new`]).
    run_pairs: Vec<(usize, usize)>,
    region_pairs: Vec<(usize, usize)>,
}

/// A sentence of the text (a line, or a part of a line ended by a full stop).
#[derive(Debug, Clone, Copy)]
struct Sentence {
    /// Its first word.
    start: usize,
    /// One past its last word.
    end: usize,
    /// A heading (ends with a colon at the end of its line).
    heading: bool,
    /// Starts a line with a bullet or number.
    line_item: bool,
    /// Starts a line.
    line_start: bool,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str, tokens: Vec<Token>) -> Reader<'t> {
        let spare = SPARE.with(std::cell::Cell::take);
        let source = Source::new(text, spare.bytes);
        let n = tokens.len();
        let mut gaps = cleared(spare.gaps);
        let mut previous_end = 0;
        for (i, token) in tokens.iter().enumerate() {
            gaps.push(if source.is_one_space(previous_end, token.start) {
                // No punctuation: most gaps.
                Gap::default()
            } else {
                gap(source.slice(previous_end, token.start), i == 0)
            });
            previous_end = token.end;
        }
        gaps.push(gap(source.rest(previous_end), n == 0));
        Reader {
            source,
            gaps,
            roles: vec![
                WordRole {
                    polarity: Polarity::Included,
                    region: None,
                    marker: false,
                    sentence: 0,
                    run: 0,
                    blanket: false,
                    segment: usize::MAX,
                };
                n
            ],
            regions: Vec::new(),
            sentences: cleared(spare.sentences),
            paren: refilled(spare.paren, 0, n),
            item_marker: refilled(spare.item_marker, false, n),
            consumed: refilled(spare.consumed, false, n),
            run_context: Vec::new(),
            whole_scope_restrictions: cleared(spare.whole_scope_restrictions),
            segments: cleared(spare.segments),
            run_pairs: spare.run_pairs,
            region_pairs: spare.region_pairs,
            tokens,
        }
    }

    fn lower(&self, i: usize) -> &str {
        self.tokens[i].lower()
    }

    /// Whether word `i` is in one of the word lists `classes` names ([`Classes`]' bits).
    fn is(&self, i: usize, classes: u32) -> bool {
        self.tokens[i].classes.any(classes)
    }

    /// The first word from `from` on that is in one of the word lists `classes` names: a walk
    /// through the tokens that asks nothing else of the others (most words are in none of the
    /// lists a pass looks for).
    fn next_in(&self, from: usize, classes: u32) -> Option<usize> {
        let position = self
            .tokens
            .get(from..)?
            .iter()
            .position(|t| t.classes.any(classes))?;
        Some(from + position)
    }

    /// The first character after word `i` that is not a space.
    fn next_char(&self, i: usize) -> Option<char> {
        self.source
            .rest(self.tokens[i].end)
            .chars()
            .find(|c| !c.is_whitespace())
    }

    fn content(&self, i: usize) -> bool {
        !self.tokens[i].stop && !self.roles[i].marker
    }

    fn lower_at(&self, i: usize) -> Option<&str> {
        self.tokens.get(i).map(Token::lower)
    }

    fn new_region(&mut self, polarity: Polarity, marker: (usize, usize), reach: Reach) -> usize {
        let start = self.tokens[marker.0].start;
        let end = self.tokens[marker.1 - 1].end;
        self.regions.push(Region {
            polarity,
            marker: (start, end),
            reach,
        });
        self.regions.len() - 1
    }

    /// Marks words `from..to` with `polarity` (excluded wins over unclear, which wins over
    /// included) from region `region`.
    fn mark(&mut self, from: usize, to: usize, polarity: Polarity, region: usize) {
        for role in &mut self.roles[from..to.min(self.tokens.len())] {
            let stronger = match (role.polarity, polarity) {
                (Polarity::Excluded, _) => false,
                (Polarity::Unclear, Polarity::Excluded) => true,
                (Polarity::Unclear, _) => false,
                (Polarity::Included, p) => p != Polarity::Included,
            };
            if stronger {
                role.polarity = polarity;
                role.region = Some(region);
            }
        }
    }

    fn consume(&mut self, from: usize, to: usize) {
        for i in from..to {
            self.consumed[i] = true;
            self.roles[i].marker = true;
        }
    }

    /// Splits included words into runs a claim must fit in.
    fn runs(&mut self) {
        let mut run = 0;
        let mut heading_run: Option<usize> = None;
        self.run_context.push(None);
        let n = self.tokens.len();
        let mut previous: Option<usize> = None;
        for i in 0..n {
            let s = self.roles[i].sentence;
            let new_sentence = i == 0 || self.roles[i - 1].sentence != s;
            if new_sentence && i > 0 {
                // Leaving a sentence: was it an inclusion heading?
                let prev = self.roles[i - 1].sentence;
                let sentence = self.sentences[s];
                if self.sentences[prev].heading && self.roles[i - 1].polarity == Polarity::Included
                {
                    heading_run = Some(self.roles[i - 1].run);
                } else if self.gaps[i].blank_line()
                    || sentence.heading
                    || (sentence.line_start && !sentence.line_item)
                {
                    heading_run = None;
                }
            }
            let breaks = new_sentence
                || self.gaps[i].semicolon()
                || self.item_marker[i]
                || previous.is_some_and(|p| {
                    self.roles[p].polarity != self.roles[i].polarity
                        || self.roles[p].region != self.roles[i].region
                });
            if breaks && i > 0 {
                run += 1;
                let sentence = self.sentences[s];
                let context = if sentence.line_item || !sentence.line_start && !sentence.heading {
                    heading_run.filter(|h| *h != run)
                } else {
                    None
                };
                self.run_context
                    .push(if sentence.heading { None } else { context });
            }
            self.roles[i].run = run;
            previous = Some(i);
        }
    }

    /// The public segments: sentences, clauses and list items, each with its polarity. Each
    /// word of a segment is given the segment's number as the segment is made.
    fn segments(&mut self) -> Vec<Segment> {
        let mut out = std::mem::take(&mut self.segments);
        // The first word of the segment being read.
        let mut from: Option<usize> = None;
        for i in 0..self.tokens.len() {
            let role = &self.roles[i];
            if role.marker {
                if let Some(first) = from.take() {
                    self.segment(&mut out, first, i);
                }
                continue;
            }
            let conjunction = self.is(i, Classes::CONJUNCTION);
            if let Some(first) = from {
                let opening = &self.roles[first];
                if conjunction
                    || self.gaps[i].separates()
                    || opening.polarity != role.polarity
                    || opening.region != role.region
                    || opening.sentence != role.sentence
                {
                    self.segment(&mut out, first, i);
                    from = None;
                }
            }
            // A conjunction opens no segment.
            if from.is_none() && !conjunction {
                from = Some(i);
            }
        }
        if let Some(first) = from {
            self.segment(&mut out, first, self.tokens.len());
        }
        // Moved into a list of just their number; the buffer is kept for the next text.
        let mut segments = Vec::with_capacity(out.len());
        segments.append(&mut out);
        self.segments = out;
        segments
    }

    /// Adds words `from..to` to `out` as a segment, and gives them its number.
    fn segment(&mut self, out: &mut Vec<Segment>, from: usize, to: usize) {
        let role = self.roles[from];
        let region = role.region.map(|r| &self.regions[r]);
        out.push(Segment {
            start: self.tokens[from].start,
            end: self.tokens[to - 1].end,
            polarity: role.polarity,
            marker: region.map(|r| self.source.slice(r.marker.0, r.marker.1).to_owned()),
            reach: region.map(|r| r.reach),
        });
        for role in &mut self.roles[from..to] {
            role.segment = out.len() - 1;
        }
    }

    /// Per run, its significant included words (what a claim may be found in); per region,
    /// its significant words.
    fn groupings(&mut self) -> (WordLists, WordLists) {
        let mut runs = cleared(std::mem::take(&mut self.run_pairs));
        let mut regions = cleared(std::mem::take(&mut self.region_pairs));
        for (i, role) in self.roles.iter().enumerate() {
            if role.marker || self.tokens[i].stop {
                continue;
            }
            match role.region {
                Some(region) => regions.push((region, i)),
                None if role.polarity == Polarity::Included => runs.push((role.run, i)),
                None => {}
            }
        }
        let groupings = (
            WordLists::new(self.run_context.len(), &mut runs),
            WordLists::new(self.regions.len(), &mut regions),
        );
        (self.run_pairs, self.region_pairs) = (runs, regions);
        groupings
    }
}

#[cfg(test)]
mod tests;

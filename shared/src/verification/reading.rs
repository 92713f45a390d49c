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

use super::entity::normalize_entity_name;
use super::text::{Token, tokenize};

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
    pub run_words: Vec<Vec<usize>>,
    /// Per region, its significant words.
    pub region_words: Vec<Vec<usize>>,
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
    let chars: Vec<char> = text.chars().collect();
    let tokens = tokenize(text);
    let mut reader = Reader::new(&chars, tokens);
    reader.structure();
    reader.polarity();
    reader.runs();
    let segments = reader.segments(&chars);
    let locations = reader.locations(&chars);
    let organisations = reader.organisations(&chars, holder);
    let clause_stops = reader.clause_stops();
    // The groupings every claim is searched in, built once per text.
    let mut run_words = vec![Vec::new(); reader.run_context.len()];
    let mut region_words = vec![Vec::new(); reader.regions.len()];
    for (i, role) in reader.roles.iter().enumerate() {
        if reader.tokens[i].stop || role.marker {
            continue;
        }
        match role.region {
            Some(region) => region_words[region].push(i),
            None if role.polarity == Polarity::Included => run_words[role.run].push(i),
            None => {}
        }
    }
    ReadScope {
        clause_stops,
        run_words,
        region_words,
        tokens: reader.tokens,
        roles: reader.roles,
        regions: reader.regions,
        run_context: reader.run_context,
        reading: ScopeReading {
            segments,
            locations,
            organisations,
        },
    }
}

/// The punctuation between two words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Gap {
    newline: bool,
    blank_line: bool,
    /// A sentence-ending `.`, `!` or `?` followed by a space or the end.
    full_stop: bool,
    semicolon: bool,
    comma: bool,
    colon: bool,
    open: u8,
    close: u8,
    /// A bullet (`-`, `•`, `*` …) at the start of a line.
    bullet: bool,
    /// `n/a`-style slash.
    slash: bool,
    ampersand: bool,
}

fn gap(chars: &[char], from: usize, to: usize, at_text_start: bool) -> Gap {
    let mut g = Gap::default();
    let slice = &chars[from.min(chars.len())..to.min(chars.len())];
    let mut newlines = 0;
    let mut line_start = at_text_start;
    for (i, c) in slice.iter().enumerate() {
        let next = slice.get(i + 1);
        match c {
            '\n' => {
                newlines += 1;
                line_start = true;
                continue;
            }
            '.' | '!' | '?' if next.is_none_or(|n| n.is_whitespace()) => g.full_stop = true,
            ';' => g.semicolon = true,
            ',' => g.comma = true,
            ':' => g.colon = true,
            '(' | '[' => g.open += 1,
            ')' | ']' => g.close += 1,
            '/' => g.slash = true,
            '&' => g.ampersand = true,
            '-' | '•' | '*' | '–' | '—' | '·' | '▪' | '◦' | '‣' | '○' | '■' | '►' | '→' | '>'
                if line_start && next.is_none_or(|n| n.is_whitespace()) =>
            {
                g.bullet = true
            }
            _ => {}
        }
        if !c.is_whitespace() {
            line_start = false;
        }
    }
    g.newline = newlines > 0;
    // Two line breaks with only spaces between them.
    let text: String = slice.iter().collect();
    g.blank_line = text
        .split('\n')
        .skip(1)
        .collect::<Vec<_>>()
        .iter()
        .rev()
        .skip(1)
        .any(|line| line.trim().is_empty());
    g
}

/// Words after which a full stop does not end the sentence.
const ABBREVIATIONS: &[&str] = &[
    "excl", "incl", "eg", "e", "g", "ie", "i", "no", "nos", "st", "approx", "vs", "v", "dept",
    "nr", "ca", "cf", "ref", "viz", "al", "mr", "ms", "dr", "prof", "jr", "sr", "fig", "resp",
    "ver", "rev", "esp", "incl", "exc",
];

/// Words that start a new clause: a predicate's reach stops here.
const CONTRAST: &[&str] = &[
    "but", "while", "whilst", "whereas", "however", "although", "though", "yet",
];

/// Negation and restriction cues; each one not consumed by a marker the reader resolves makes
/// its clause unclear.
const CUES: &[&str] = &[
    "not",
    "no",
    "none",
    "never",
    "neither",
    "nor",
    "nothing",
    "cannot",
    "doesnt",
    "dont",
    "didnt",
    "isnt",
    "arent",
    "wasnt",
    "werent",
    "wont",
    "shant",
    "hasnt",
    "havent",
    "cant",
    "shouldnt",
    "wouldnt",
    "only",
    "solely",
    "exclusively",
    "unless",
    "pending",
    "outside",
    "beyond",
    "exempt",
    "exempted",
    "omitted",
    "non",
    "bar",
    "barring",
    "save",
    "without",
    "except",
    "excepting",
    "excepted",
    "exception",
    "exceptions",
    "exclude",
    "excludes",
    "excluded",
    "excluding",
    "exclusion",
    "exclusions",
    "excl",
    "minus",
    "sans",
];

/// Negations that combine an auxiliary verb with "not".
const CONTRACTIONS: &[&str] = &[
    "doesnt", "dont", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "shant", "hasnt",
    "havent", "cant", "cannot", "shouldnt", "wouldnt",
];

/// Exclusion words of the other languages bilingual certificates are written in (French,
/// German, Dutch, Spanish, Portuguese, Italian, Scandinavian).
const FOREIGN_NEGATIVES: &[&str] = &[
    "hors",
    "sauf",
    "exclu",
    "exclus",
    "exclue",
    "exclues",
    "nicht",
    "ohne",
    "ausgenommen",
    "ausser",
    "ausgeschlossen",
    "niet",
    "behalve",
    "uitgezonderd",
    "uitgesloten",
    "uitsluitingen",
    "excepto",
    "salvo",
    "excluido",
    "excluidos",
    "excluida",
    "excluidas",
    "exceto",
    "eccetto",
    "tranne",
    "esclusione",
    "escluso",
    "esclusi",
    "esclusa",
    "escluse",
    "utom",
    "unntatt",
    "undtagen",
];

/// Markers that take the list after them out of the scope.
const FORWARD: &[&[&str]] = &[
    &["ad", "esclusione", "di"],
    &["ad", "esclusione", "dei"],
    &["ad", "esclusione", "delle"],
    &["ad", "esclusione"],
    &["escluso"],
    &["esclusi"],
    &["esclusa"],
    &["escluse"],
    &["exclu"],
    &["exclus"],
    &["excluido"],
    &["excluidos"],
    &["a", "l", "exception", "de"],
    &["a", "l", "exclusion", "de"],
    &["hors"],
    &["sauf"],
    &["ausgenommen"],
    &["ausser"],
    &["ohne"],
    &["behalve"],
    &["uitgezonderd"],
    &["excepto"],
    &["exceto"],
    &["salvo"],
    &["eccetto"],
    &["tranne"],
    &["utom"],
    &["unntatt"],
    &["undtagen"],
    &["with", "the", "exception", "of"],
    &["with", "the", "exceptions", "of"],
    &["with", "exception", "of"],
    &["with", "exceptions", "of"],
    &["not", "including"],
    &["not", "incl"],
    &["except", "for"],
    &["other", "than"],
    &["apart", "from"],
    &["aside", "from"],
    &["save", "for"],
    &["but", "not"],
    &["and", "not"],
    &["or", "not"],
    &["exclusive", "of"],
    &["excluding"],
    &["excludes"],
    &["exclude"],
    &["exclusions"],
    &["exclusion"],
    &["excl"],
    &["except"],
    &["excepting"],
    &["save"],
    &["without"],
    &["barring"],
    &["bar"],
    &["nor"],
    &["minus"],
    &["sans"],
];

/// Predicates that take their subject out of the scope ("… are out of scope").
const PREDICATES: &[&[&str]] = &[
    &["out", "of", "the", "scope"],
    &["out", "of", "scope"],
    &["outside", "of", "the", "scope"],
    &["outside", "the", "scope"],
    &["outside", "scope"],
    &["outside", "of", "scope"],
    &["outside", "the", "certified", "scope"],
    &["outside", "this", "certificate"],
    &["outside", "the", "certificate"],
    &["excluded"],
    &["excepted"],
    &["exempt"],
    &["exempted"],
    &["omitted"],
];

/// Verbs whose negation takes their object out of the scope ("does not extend to X").
const SCOPE_VERBS: &[&str] = &[
    "include",
    "includes",
    "cover",
    "covers",
    "extend",
    "extends",
    "encompass",
    "encompasses",
    "comprise",
    "comprises",
    "contain",
    "contains",
    "apply",
    "applies",
    "incorporate",
    "incorporates",
    "address",
    "addresses",
    "embrace",
    "embraces",
    "involve",
    "involves",
    "relate",
    "relates",
];

/// What a negated subject may be said to be ("… are not included", "… do not form part").
const STATUS_WORDS: &[&str] = &[
    "included",
    "covered",
    "certified",
    "part",
    "within",
    "in",
    "inside",
    "applicable",
    "subject",
    "considered",
    "form",
    "forms",
    "fall",
    "falls",
    "registered",
    "assessed",
    "audited",
    "scope",
    "scoped",
    "addressed",
    "encompassed",
    "comprised",
    "contained",
];

/// Words that make a subject the certificate itself ("The certificate does not extend to …").
const SELF_REFERENCE: &[&str] = &[
    "certificate",
    "certification",
    "scope",
    "isms",
    "registration",
    "approval",
    "statement",
    "system",
    "this",
    "it",
    "accreditation",
];

const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "does", "do", "did", "shall", "will", "has",
    "have", "had", "can", "may", "might", "should", "must", "would", "could",
];

/// Words around a place that make it a market rather than a site.
const MARKET_CUES: &[&str] = &[
    "customer",
    "customers",
    "client",
    "clients",
    "user",
    "users",
    "market",
    "markets",
    "serving",
    "serve",
    "serves",
    "served",
    "sold",
    "sale",
    "sales",
    "consumer",
    "consumers",
    "subscriber",
    "subscribers",
    "buyer",
    "buyers",
    "resident",
    "residents",
    "citizens",
    "members",
    "tenants",
    "patients",
    "marketed",
    "distributed",
    "exported",
    "export",
];

/// Words around a place that make it a site, besides the nouns of [`PLACE_NOUNS`].
const SITE_CUES: &[&str] = &[
    "from",
    "at",
    "located",
    "based",
    "hq",
    "operated",
    "delivered",
    "performed",
    "plant",
    "warehouse",
    "operations",
];

/// Nouns for a place where work is done: they make a nearby place a site, and a restriction
/// one of places ("exclusively the Kassel site"), which the site rules decide.
const PLACE_NOUNS: &[&str] = &[
    "site",
    "sites",
    "office",
    "offices",
    "facility",
    "facilities",
    "campus",
    "premises",
    "datacenter",
    "centre",
    "centres",
    "center",
    "centers",
    "headquarters",
    "branch",
];

/// True when `word` makes a restriction one of places: a place noun, or "location(s)",
/// "branches".
fn names_places(word: &str) -> bool {
    PLACE_NOUNS.contains(&word) || matches!(word, "location" | "locations" | "branches")
}

/// Prepositions that introduce a place.
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "from", "across", "throughout", "within"];

/// Legal-form words that end an organisation's name.
const LEGAL_FORM_ENDINGS: &[&str] = &[
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "llc",
    "llp",
    "plc",
    "gmbh",
    "ag",
    "kg",
    "se",
    "sa",
    "sas",
    "sarl",
    "sl",
    "srl",
    "spa",
    "bv",
    "nv",
    "oy",
    "oyj",
    "ab",
    "as",
    "asa",
    "aps",
    "kk",
    "pty",
    "pte",
    "bhd",
    "dac",
    "ulc",
];

struct Reader<'c> {
    chars: &'c [char],
    tokens: Vec<Token>,
    /// The punctuation before each word; `gaps[tokens.len()]` is what follows the last.
    gaps: Vec<Gap>,
    roles: Vec<WordRole>,
    regions: Vec<Region>,
    /// First word of each sentence, and one past the last.
    sentences: Vec<(usize, usize)>,
    /// Parenthesis group of each word (0 = none).
    paren: Vec<usize>,
    /// Bullet or number words.
    item_marker: Vec<bool>,
    /// Words consumed by a resolved marker.
    consumed: Vec<bool>,
    run_context: Vec<Option<usize>>,
    /// Per sentence: a heading (ends with a colon at the end of its line).
    heading: Vec<bool>,
    /// Per sentence: starts a line with a bullet or number.
    line_item: Vec<bool>,
    /// Per sentence: starts a line.
    line_start: Vec<bool>,
    /// Restrictions of the whole scope: (sentence, region).
    whole_scope_restrictions: Vec<(usize, usize)>,
}

fn is_roman(word: &str) -> bool {
    matches!(
        word,
        "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix" | "x" | "xi" | "xii"
    )
}

impl<'c> Reader<'c> {
    fn new(chars: &'c [char], tokens: Vec<Token>) -> Reader<'c> {
        let n = tokens.len();
        let mut gaps = Vec::with_capacity(n + 1);
        let mut previous_end = 0;
        for (i, token) in tokens.iter().enumerate() {
            gaps.push(gap(chars, previous_end, token.start, i == 0));
            previous_end = token.end;
        }
        gaps.push(gap(chars, previous_end, chars.len(), n == 0));
        Reader {
            chars,
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
            sentences: Vec::new(),
            paren: vec![0; n],
            item_marker: vec![false; n],
            consumed: vec![false; n],
            run_context: Vec::new(),
            heading: Vec::new(),
            line_item: Vec::new(),
            line_start: Vec::new(),
            whole_scope_restrictions: Vec::new(),
            tokens,
        }
    }

    fn lower(&self, i: usize) -> &str {
        self.tokens[i].lower.as_str()
    }

    /// The first character after word `i` that is not a space.
    fn next_char(&self, i: usize) -> Option<char> {
        self.chars[self.tokens[i].end..]
            .iter()
            .find(|c| !c.is_whitespace())
            .copied()
    }

    /// Finds bullets and numbers, sentences, headings and parentheses.
    fn structure(&mut self) {
        let n = self.tokens.len();
        // Numbered and lettered items: "1)", "1.", "(a)", "a)", "iv." at a line start, or "(b)"
        // / "b)" inline after a separator.
        for i in 0..n {
            let word = self.lower(i).to_string();
            let short = word.len() <= 3
                && (word.chars().all(|c| c.is_ascii_digit())
                    || (word.len() == 1 && word.chars().all(|c| c.is_ascii_lowercase()))
                    || is_roman(&word));
            if !short {
                continue;
            }
            let before = self.gaps[i];
            let at_line_start = i == 0 || before.newline || before.bullet;
            let after = self.chars.get(self.tokens[i].end).copied();
            let opened = self.tokens[i].start > 0
                && self.chars[self.tokens[i].start - 1] == '('
                && before.open == 1;
            let closes = after == Some(')');
            let dotted = after == Some('.')
                && self
                    .chars
                    .get(self.tokens[i].end + 1)
                    .is_some_and(|c| c.is_whitespace());
            let after_separator = before.semicolon || before.colon || before.comma;
            let bracketed = opened
                && closes
                && (at_line_start || after_separator || is_roman(&word) || word.len() == 1);
            if (at_line_start && (closes || dotted)) || bracketed || (after_separator && closes) {
                self.item_marker[i] = true;
                self.roles[i].marker = true;
            }
        }
        // Sentences.
        let mut start = 0;
        for i in 1..=n {
            let ends = i == n || self.gaps[i].newline || self.full_stop_before(i);
            if ends {
                self.sentences.push((start, i));
                start = i;
            }
        }
        for (s, &(from, to)) in self.sentences.iter().enumerate() {
            for role in &mut self.roles[from..to] {
                role.sentence = s;
            }
            let first = self.gaps[from];
            let trailing = self.gaps[to];
            let at_line_start = from == 0 || first.newline;
            self.line_start.push(at_line_start);
            self.line_item
                .push(at_line_start && (first.bullet || self.item_marker[from]));
            // A heading ends with a colon at the end of its line (or of the text).
            let colon_at_end = trailing.colon && (trailing.newline || to == self.tokens.len());
            self.heading.push(colon_at_end);
        }
        // Parentheses: a group id per word; the brackets of "(a)" belong to the item marker.
        let mut open_adjust = vec![0_i32; n + 1];
        let mut close_adjust = vec![0_i32; n + 1];
        for i in 0..n {
            if self.item_marker[i] {
                open_adjust[i] = i32::from(self.gaps[i].open > 0);
                close_adjust[i + 1] = i32::from(self.gaps[i + 1].close > 0);
            }
        }
        let (mut depth, mut group, mut groups) = (0_i32, 0, 0);
        for i in 0..n {
            let g = self.gaps[i];
            depth = (depth - (i32::from(g.close) - close_adjust[i])).max(0);
            if depth == 0 {
                group = 0;
            }
            let opens = i32::from(g.open) - open_adjust[i];
            if opens > 0 {
                if depth == 0 {
                    groups += 1;
                    group = groups;
                }
                depth += opens;
            }
            self.paren[i] = group;
        }
    }

    /// True when a full stop between words `i - 1` and `i` ends a sentence: not after an
    /// abbreviation ("excl.", "e.g.", "No."), an initial or an item number.
    fn full_stop_before(&self, i: usize) -> bool {
        if !self.gaps[i].full_stop || self.item_marker[i - 1] {
            return false;
        }
        let previous = &self.tokens[i - 1];
        // "S.A. " is an initial; "A/S. " ends a sentence.
        let initial =
            previous.end - previous.start == 1 && previous.capitalised && !self.gaps[i - 1].slash;
        !(ABBREVIATIONS.contains(&previous.lower.as_str()) || initial)
    }

    /// A word that makes a heading or a phrase before a colon negative: a negation, an
    /// exclusion word (also in the European languages certificates are bilingual in), "out of
    /// scope".
    fn negative_word(&self, i: usize) -> bool {
        let lower = self.lower(i);
        matches!(
            lower,
            "not" | "no" | "none" | "never" | "outside" | "without" | "exempt" | "omitted" | "excl"
        ) || lower.starts_with("exclu")
            || lower.starts_with("excep")
            || CONTRACTIONS.contains(&lower)
            || FOREIGN_NEGATIVES.contains(&lower)
            || self
                .match_marker(i, &["out", "of", "scope"], self.roles[i].sentence)
                .is_some()
            || self
                .match_marker(i, &["out", "of", "the", "scope"], self.roles[i].sentence)
                .is_some()
    }

    fn is_cue(&self, i: usize) -> bool {
        let lower = self.lower(i);
        if !CUES.contains(&lower) && !FOREIGN_NEGATIVES.contains(&lower) {
            return false;
        }
        match lower {
            // "No." is a number, "Limited" a legal form (handled by not being a cue).
            "no" => self.next_char(i) != Some('.'),
            _ => true,
        }
    }

    /// "limited to", "restricted to", "n/a": restrictions spelt in two words.
    fn is_two_word_cue(&self, i: usize) -> Option<usize> {
        let lower = self.lower(i);
        let next = self.tokens.get(i + 1).map(|t| t.lower.as_str());
        if matches!(lower, "limited" | "restricted" | "confined" | "subject") && next == Some("to")
        {
            return Some(2);
        }
        if lower == "n" && next == Some("a") && self.gaps[i + 1].slash {
            return Some(2);
        }
        if lower == "not" && next == Some("applicable") {
            return Some(2);
        }
        None
    }

    /// Matches `marker` at word `i`, skipping cue words between its words (so that an inserted
    /// "only" cannot break "with the exception of"); returns the index after the match.
    fn match_marker(&self, i: usize, marker: &[&str], sentence: usize) -> Option<usize> {
        let mut j = i;
        for (k, word) in marker.iter().enumerate() {
            if k > 0 {
                while j < self.tokens.len()
                    && self.roles[j].sentence == sentence
                    && self.lower(j) != *word
                    && self.is_cue(j)
                    && !marker.contains(&self.lower(j))
                {
                    j += 1;
                }
            }
            if j >= self.tokens.len()
                || self.roles[j].sentence != sentence
                || self.lower(j) != *word
                || (k > 0 && self.paren[j] != self.paren[i])
            {
                return None;
            }
            j += 1;
        }
        Some(j)
    }

    /// A word naming the certificate itself ("certificate", "scope", "this"); upper-case "IT"
    /// is information technology, not the pronoun.
    fn self_reference(&self, i: usize) -> bool {
        SELF_REFERENCE.contains(&self.lower(i)) && self.tokens[i].term != "infotech"
    }

    fn content(&self, i: usize) -> bool {
        !self.tokens[i].stop && !self.roles[i].marker
    }

    /// The first word of the clause `i` is in, for a predicate reaching back: the sentence start,
    /// or after a contrast word, a colon, or the opening of `i`'s parenthesis.
    fn clause_start(&self, i: usize, sentence_start: usize) -> usize {
        let mut j = i;
        while j > sentence_start {
            if self.paren[i] != 0 && self.paren[j - 1] != self.paren[i] {
                return j;
            }
            if self.gaps[j].colon || CONTRAST.contains(&self.lower(j - 1)) {
                return j;
            }
            j -= 1;
        }
        sentence_start
    }

    /// The item just before word `i`: back to a comma, semicolon, colon or the sentence start.
    fn item_start(&self, i: usize, sentence_start: usize) -> usize {
        let mut j = i;
        while j > sentence_start {
            let g = self.gaps[j];
            if g.comma || g.semicolon || g.colon || self.item_marker[j - 1] {
                return j;
            }
            j -= 1;
        }
        sentence_start
    }

    /// One past the end of the clause starting at or after `i`: the next comma, semicolon,
    /// contrast word, closing parenthesis or the sentence end.
    fn clause_end(&self, i: usize, sentence_end: usize) -> usize {
        let mut j = i + 1;
        while j < sentence_end {
            let g = self.gaps[j];
            if g.comma
                || g.semicolon
                || g.colon
                || CONTRAST.contains(&self.lower(j))
                || self.item_marker[j]
                || (self.paren[j] != self.paren[i] && self.paren[i] != 0)
                || (self.paren[i] == 0 && self.paren[j] != 0 && g.open > 0)
            {
                return j;
            }
            j += 1;
        }
        sentence_end
    }

    /// Where the list after a forward marker ending before word `from` stops.
    fn list_end(&self, marker_start: usize, from: usize, sentence: (usize, usize)) -> usize {
        let (sentence_start, sentence_end) = sentence;
        let group = self.paren[marker_start];
        // A colon right after the marker introduces the whole list.
        let full = self.gaps[from.min(self.tokens.len())].colon;
        let leading = (sentence_start..marker_start).all(|k| !self.content(k));
        let mut items = 0;
        let mut j = from;
        while j < sentence_end {
            if group != 0 && self.paren[j] != group {
                return j;
            }
            let g = self.gaps[j];
            if j > from && CONTRAST.contains(&self.lower(j)) && self.lower(j) != "but"
                || (j > from && self.lower(j) == "but" && self.lower_at(j + 1) != Some("not"))
            {
                return j;
            }
            if j > from && (g.comma || g.semicolon) {
                let conjunction = matches!(self.lower(j), "and" | "or" | "plus");
                // Numbered items ("(a) x; and (b) y") are one list whatever the punctuation.
                let numbered = (from..j).any(|k| self.item_marker[k]);
                if conjunction && items == 0 && !full && g.comma && !numbered {
                    // "other than VoIP, and structured cabling": a new item of the outer list.
                    return j;
                }
                if leading
                    && !full
                    && g.comma
                    && matches!(
                        self.lower(j),
                        "the" | "this" | "our" | "all" | "its" | "it" | "we" | "these"
                    )
                {
                    // "Excluding X, the scope covers …": the main clause starts.
                    return j;
                }
                items += 1;
            }
            if j > from && matches!(self.lower(j), "and" | "or") {
                items += 1;
            }
            j += 1;
        }
        sentence_end
    }

    fn lower_at(&self, i: usize) -> Option<&str> {
        self.tokens.get(i).map(|t| t.lower.as_str())
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

    /// Assigns every word its polarity: headings, colons, markers, predicates, negations, then
    /// the cues left unresolved.
    fn polarity(&mut self) {
        let sentences = self.sentences.clone();
        // Heading context: (polarity, region) inherited by the items under a heading.
        let mut context: Option<(Polarity, usize)> = None;
        let mut items_mode = false;
        for (s, &(start, end)) in sentences.iter().enumerate() {
            if start == end {
                continue;
            }
            // Does the heading context still reach this sentence?
            if context.is_some() {
                let first = self.gaps[start];
                let ends = first.blank_line
                    || self.heading[s]
                    || (items_mode && self.line_start[s] && !self.line_item[s]);
                if ends {
                    context = None;
                }
            }
            if self.heading[s] {
                context = self.heading_context(start, end);
                items_mode = self.line_item.get(s + 1).copied().unwrap_or(false);
                continue;
            }
            if let Some((polarity, region)) = context {
                self.mark(start, end, polarity, region);
            }
            self.read_sentence(start, end);
        }
        for (sentence, region) in self.whole_scope_restrictions.clone() {
            for i in 0..self.tokens.len() {
                if self.roles[i].sentence != sentence {
                    self.mark(i, i + 1, Polarity::Unclear, region);
                }
            }
        }
        self.blankets();
    }

    /// Reads a heading line; returns the context its items inherit.
    fn heading_context(&mut self, start: usize, end: usize) -> Option<(Polarity, usize)> {
        let sentence = self.roles[start].sentence;
        let negative = (start..end).find(|&i| {
            self.negative_word(i)
                || FORWARD
                    .iter()
                    .any(|m| self.match_marker(i, m, sentence).is_some())
                || PREDICATES
                    .iter()
                    .any(|m| self.match_marker(i, m, sentence).is_some())
        });
        let unclear = (start..end).find(|&i| self.is_cue(i) || self.is_two_word_cue(i).is_some());
        let (polarity, from) = match (negative, unclear) {
            (Some(p), _) => (Polarity::Excluded, p),
            (None, Some(p)) => (Polarity::Unclear, p),
            (None, None) => {
                // An inclusion heading ("Development and hosting of:"): its items may borrow
                // its words; the sentence itself is read like any other.
                self.read_sentence(start, end);
                return None;
            }
        };
        // "Payroll processing, other than:": what precedes the marker is read as usual.
        let subject = (start..from).any(|k| self.content(k)) && polarity == Polarity::Excluded;
        let marker_from = if subject {
            self.read_sentence(start, from);
            from
        } else {
            start
        };
        let region = self.new_region(polarity, (marker_from, end), Reach::Heading);
        self.consume(marker_from, end);
        self.mark(marker_from, end, polarity, region);
        Some((polarity, region))
    }

    fn read_sentence(&mut self, start: usize, end: usize) {
        let sentence = self.roles[start].sentence;
        // An inline colon after a short negative phrase: "Exclusions: a; b and c", "Not
        // covered: …", "The following are not included: …", "Hors périmètre : …".
        if let Some(colon) = (start + 1..end).find(|&i| self.gaps[i].colon) {
            // The negative word opens the phrase ("Not covered", "The following are
            // excluded"); "Payroll hosting, excluding: …" is a marker, read below.
            let first_negative = (start..colon).find(|&i| self.negative_word(i));
            let opens = first_negative.is_some_and(|n| {
                (start..n).filter(|&k| self.content(k)).count() <= 2
                    && (start + 1..=n).all(|k| !self.gaps[k].comma)
            });
            let short = (start..colon).filter(|&i| self.content(i)).count() <= 8;
            if opens && short {
                let region = self.new_region(Polarity::Excluded, (start, colon), Reach::List);
                self.consume(start, colon);
                self.mark(start, end, Polarity::Excluded, region);
            }
        }
        let mut i = start;
        while i < end {
            if self.consumed[i] || self.item_marker[i] {
                i += 1;
                continue;
            }
            if i > start
                && self.lower(i) == "as"
                && matches!(self.lower_at(i + 1), Some("is" | "are"))
                && self.roles[i - 1].polarity == Polarity::Excluded
            {
                // "… are excluded, as is the logistics subsidiary".
                let region = self.roles[i - 1].region.unwrap_or(0);
                self.consume(i, i + 2);
                self.mark(i, end, Polarity::Excluded, region);
                i = end;
                continue;
            }
            if let Some(next) = self.forward_marker(i, start, end, sentence) {
                i = next;
                continue;
            }
            if let Some(next) = self.predicate(i, start, end, sentence) {
                i = next;
                continue;
            }
            if let Some(next) = self.negation(i, start, end) {
                i = next;
                continue;
            }
            i += 1;
        }
        // Whatever cue is left unresolved makes its clause unclear.
        for i in start..end {
            if self.consumed[i] {
                continue;
            }
            let width = if self.is_cue(i) {
                1
            } else if let Some(w) = self.is_two_word_cue(i) {
                w
            } else {
                continue;
            };
            if self.restricts_whole_scope(i, start) {
                // "The scope is limited to the production environment": every other part of
                // the scope is in doubt; what it is limited to stays included.
                let region = self.new_region(Polarity::Unclear, (i, i + width), Reach::Sentence);
                self.consume(i, i + width);
                self.whole_scope_restrictions
                    .push((self.roles[i].sentence, region));
                continue;
            }
            if self.restricts_places(i, start) {
                // "at the Oslo and Bergen data centres only": a restriction of sites, which the
                // site rules decide; the activities are untouched.
                self.consume(i, i + width);
                continue;
            }
            let (from, to) = if self.paren[i] != 0 {
                // A parenthesis and the item before it: "payroll (UK customers only)".
                let group = self.paren[i];
                let first = (start..=i).find(|&k| self.paren[k] == group).unwrap_or(i);
                let last = (i..end).rfind(|&k| self.paren[k] == group).unwrap_or(i) + 1;
                (self.item_start(first, start), last)
            } else {
                let from = self.item_start(i, start);
                let from = self.clause_start(from, start).min(from);
                (from, self.clause_end(i, end))
            };
            let region = self.new_region(Polarity::Unclear, (i, i + width), Reach::Sentence);
            for k in i..i + width {
                self.roles[k].marker = true;
            }
            self.mark(from, to, Polarity::Unclear, region);
        }
    }

    /// A restriction whose subject is the certificate or its scope ("The scope is limited to
    /// …", "This certificate applies only to …").
    fn restricts_whole_scope(&self, i: usize, start: usize) -> bool {
        let restriction = matches!(self.lower(i), "only" | "solely" | "exclusively")
            || self.is_two_word_cue(i).is_some() && self.lower(i) != "n" && self.lower(i) != "not";
        let subject: Vec<usize> = (start..i).filter(|&k| self.content(k)).collect();
        let sentence_end = self.sentences[self.roles[i].sentence].1;
        let clause_end = (i + 1..sentence_end)
            .find(|&k| self.gaps[k].semicolon)
            .unwrap_or(sentence_end);
        let about_sites = (i..clause_end).any(|k| names_places(self.lower(k)));
        restriction
            && !about_sites
            && subject.len() <= 5
            && subject.iter().any(|&k| self.self_reference(k))
    }

    /// "only", "exclusively" attached to a place phrase: "at the Oslo and Bergen data centres
    /// only", "exclusively the Kassel site".
    fn restricts_places(&self, i: usize, start: usize) -> bool {
        if !matches!(self.lower(i), "only" | "solely" | "exclusively") {
            return false;
        }
        let sentence_end = self.sentences[self.roles[i].sentence].1;
        let after_place = i > start && names_places(self.lower(i - 1));
        let before_place = (i + 1..(i + 4).min(sentence_end)).any(|k| names_places(self.lower(k)))
            && (i + 1..sentence_end).all(|k| !self.gaps[k].comma && !self.gaps[k].semicolon);
        after_place || before_place
    }

    fn forward_marker(
        &mut self,
        i: usize,
        start: usize,
        end: usize,
        sentence: usize,
    ) -> Option<usize> {
        let after = FORWARD
            .iter()
            .find_map(|m| self.match_marker(i, m, sentence))?;
        // "exclusion(s)" is a marker only when it opens the sentence or a colon follows.
        if matches!(self.lower(i), "exclusion" | "exclusions")
            && !(i == start || self.gaps[after.min(self.tokens.len())].colon)
        {
            return None;
        }
        let to = self.list_end(i, after, (start, end));
        let reach = if self.paren[i] != 0 {
            Reach::Parenthesis
        } else {
            Reach::List
        };
        let region = self.new_region(Polarity::Excluded, (i, after), reach);
        self.consume(i, after);
        self.mark(i, to, Polarity::Excluded, region);
        let g = self.gaps[i];
        let detached = g.comma || g.semicolon || g.colon || g.open > 0 || i == start;
        if self.paren[i] != 0 && (after..to).all(|k| !self.content(k)) {
            // "(excluding)" alone in a parenthesis: the item before it.
            let from = self.item_start(i, start);
            self.mark(from, i, Polarity::Excluded, region);
        } else if !detached && !matches!(self.lower(i), "but" | "and" | "or" | "nor") {
            // "network services other than VoIP": the item the exception is attached to is
            // only partly in scope.
            let from = self.item_start(i, start);
            let doubt = self.new_region(Polarity::Unclear, (i, after), Reach::Clause);
            self.mark(from, i, Polarity::Unclear, doubt);
        }
        Some(to.max(after))
    }

    fn predicate(&mut self, i: usize, start: usize, end: usize, sentence: usize) -> Option<usize> {
        let after = PREDICATES
            .iter()
            .find_map(|m| self.match_marker(i, m, sentence))?;
        // "not excluded", "not out of scope": a double negative, left unresolved.
        if i > start && (self.lower(i - 1) == "not" || CONTRACTIONS.contains(&self.lower(i - 1))) {
            return None;
        }
        let clause = self.clause_start(i, start);
        let opens_clause =
            (clause..i).all(|k| !self.content(k) || AUXILIARIES.contains(&self.lower(k)));
        let (from, to, reach) = if opens_clause && self.paren[i] == 0 {
            // "Excluded from the scope are …", "Out of scope: …".
            (i, self.list_end(i, after, (start, end)), Reach::List)
        } else if opens_clause {
            // "(excluded)": the item before the parenthesis.
            let first = (start..=i)
                .find(|&k| self.paren[k] == self.paren[i])
                .unwrap_or(i);
            let last = (i..end)
                .rfind(|&k| self.paren[k] == self.paren[i])
                .unwrap_or(i)
                + 1;
            (self.item_start(first, start), last, Reach::Parenthesis)
        } else {
            (clause, self.clause_end(after - 1, end), Reach::Clause)
        };
        let region = self.new_region(Polarity::Excluded, (i, after), reach);
        self.consume(i, after);
        self.mark_backward(from, i, to, Polarity::Excluded, region);
        Some(after)
    }

    /// Marks a predicate's reach `from..to` (its marker at `cue`): back over a list whose last
    /// items are joined by "; and" ("a; b; and c are excluded"), but otherwise only to the last
    /// semicolon ("Managed services; testing is excluded" leaves the managed services alone).
    fn mark_backward(
        &mut self,
        from: usize,
        cue: usize,
        to: usize,
        polarity: Polarity,
        region: usize,
    ) {
        let list = (from + 1..cue)
            .any(|k| self.gaps[k].semicolon && matches!(self.lower(k), "and" | "or"));
        let split = (from + 1..cue).rev().find(|&k| self.gaps[k].semicolon);
        let enclosed = self.paren[cue] != 0 && self.paren[from] == self.paren[cue];
        let from = match split {
            Some(split) if !list && !enclosed => split,
            _ => from,
        };
        // "save for the reselling activities, which are not certified": the subject is what was
        // already excluded, not the scope before it.
        let from = (from..cue)
            .rev()
            .find(|&k| self.roles[k].polarity == Polarity::Excluded)
            .map_or(from, |k| k + 1);
        self.mark(from, to, polarity, region);
    }

    /// "not", "no", "n't": resolved when the sentence says what is not covered.
    fn negation(&mut self, i: usize, start: usize, end: usize) -> Option<usize> {
        let lower = self.lower(i).to_string();
        let contraction = CONTRACTIONS.contains(&lower.as_str());
        if lower != "not" && lower != "no" && lower != "neither" && !contraction {
            return None;
        }
        let clause = self.clause_start(i, start);
        let subject: Vec<usize> = (clause..i)
            .filter(|&k| !AUXILIARIES.contains(&self.lower(k)))
            .collect();
        let subject_content = subject.iter().any(|&k| self.content(k));
        // The word after the negation, past auxiliaries such as "be" or "been".
        let mut j = i + 1;
        while j < end && (AUXILIARIES.contains(&self.lower(j)) || self.is_cue(j)) {
            j += 1;
        }
        let next = self.lower_at(j).filter(|_| j < end).unwrap_or("");
        let double = PREDICATES.iter().any(|m| m[0] == next) || next.starts_with("exclu");
        if double {
            return None;
        }
        if lower == "no" || lower == "neither" {
            // "No hosting services are included": the clause is out.
            let status = (i + 1..end).find(|&k| {
                matches!(
                    self.lower(k),
                    "included" | "covered" | "certified" | "scope" | "part" | "within"
                )
            });
            let status = status.filter(|_| !subject_content)?;
            let region = self.new_region(Polarity::Excluded, (i, i + 1), Reach::Clause);
            self.consume(i, i + 1);
            let to = self.clause_end(status, end);
            self.mark(i, to, Polarity::Excluded, region);
            return Some(i + 1);
        }
        // The subject's head: the words after the last comma or semicolon, a few at most.
        let head_start = (clause + 1..=i)
            .rev()
            .find(|&k| self.gaps[k].comma || self.gaps[k].semicolon)
            .unwrap_or(clause);
        let head: Vec<usize> = (head_start..i).filter(|&k| self.content(k)).collect();
        let self_reference = head.len() <= 5 && head.iter().any(|&k| self.self_reference(k));
        let (from, to, reach) = if !subject_content {
            // "Not covered are …", "Not included: …".
            (i, self.list_end(i, i + 1, (start, end)), Reach::List)
        } else if SCOPE_VERBS.contains(&next) || self_reference {
            // "The certificate does not extend to …", "Our services do not include …".
            (i, self.list_end(i, j.min(end), (start, end)), Reach::List)
        } else if STATUS_WORDS.contains(&next) {
            // "… are not included", "… do not form part of this certification".
            (clause, self.clause_end(j.min(end - 1), end), Reach::Clause)
        } else {
            return None;
        };
        let marker_end = (j + 1).min(end).max(i + 1);
        let region = self.new_region(Polarity::Excluded, (i, marker_end), reach);
        self.consume(i, i + 1);
        if reach == Reach::List {
            self.consume(i + 1, j.min(end));
            self.mark(from, to, Polarity::Excluded, region);
        } else {
            self.mark_backward(from, i, to, Polarity::Excluded, region);
        }
        Some(i + 1)
    }

    /// "all activities", "the whole organisation": a scope that names nothing specific.
    fn blankets(&mut self) {
        const ALL_OF: &[&str] = &[
            "activities",
            "activity",
            "operations",
            "services",
            "business",
            "processes",
            "functions",
            "products",
            "departments",
            "locations",
            "sites",
            "units",
            "areas",
        ];
        const WHOLE_OF: &[&str] = &[
            "organisation",
            "organization",
            "company",
            "business",
            "group",
            "enterprise",
        ];
        for i in 0..self.tokens.len() {
            let lower = self.lower(i);
            let window: Vec<usize> = (i + 1..(i + 4).min(self.tokens.len())).collect();
            let hit = if lower == "all" {
                window
                    .iter()
                    .find(|&&k| ALL_OF.contains(&self.lower(k)))
                    .copied()
            } else if matches!(lower, "entire" | "whole") {
                window
                    .iter()
                    .find(|&&k| WHOLE_OF.contains(&self.lower(k)))
                    .copied()
            } else {
                None
            };
            if let Some(last) = hit {
                for role in &mut self.roles[i..=last] {
                    role.blanket = true;
                }
            }
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
                if self.heading[prev] && self.roles[i - 1].polarity == Polarity::Included {
                    heading_run = Some(self.roles[i - 1].run);
                } else if self.gaps[i].blank_line
                    || self.heading[s]
                    || (self.line_start[s] && !self.line_item[s])
                {
                    heading_run = None;
                }
            }
            let breaks = new_sentence
                || self.gaps[i].semicolon
                || self.item_marker[i]
                || previous.is_some_and(|p| {
                    self.roles[p].polarity != self.roles[i].polarity
                        || self.roles[p].region != self.roles[i].region
                });
            if breaks && i > 0 {
                run += 1;
                let context = if self.line_item[s] || !self.line_start[s] && !self.heading[s] {
                    heading_run.filter(|h| *h != run)
                } else {
                    None
                };
                self.run_context
                    .push(if self.heading[s] { None } else { context });
            }
            self.roles[i].run = run;
            previous = Some(i);
        }
    }

    /// The public segments: sentences, clauses and list items, each with its polarity.
    fn segments(&mut self, chars: &[char]) -> Vec<Segment> {
        let mut out: Vec<Segment> = Vec::new();
        let mut current: Option<(usize, usize)> = None;
        let flush = |out: &mut Vec<Segment>, span: Option<(usize, usize)>| {
            let Some((from, to)) = span else { return };
            let role = self.roles[from];
            let region = role.region.map(|r| &self.regions[r]);
            out.push(Segment {
                start: self.tokens[from].start,
                end: self.tokens[to - 1].end,
                polarity: role.polarity,
                marker: region.map(|r| chars[r.marker.0..r.marker.1].iter().collect()),
                reach: region.map(|r| r.reach),
            });
        };
        for i in 0..self.tokens.len() {
            if self.roles[i].marker {
                flush(&mut out, current.take());
                continue;
            }
            let g = self.gaps[i];
            let separated = g.comma
                || g.semicolon
                || g.colon
                || g.newline
                || g.full_stop
                || g.open > 0
                || g.close > 0
                || matches!(self.lower(i), "and" | "or");
            let split = current.is_some_and(|(from, _)| {
                separated
                    || self.roles[from].polarity != self.roles[i].polarity
                    || self.roles[from].region != self.roles[i].region
                    || self.roles[from].sentence != self.roles[i].sentence
            });
            if split {
                flush(&mut out, current.take());
            }
            if matches!(self.lower(i), "and" | "or") && current.is_none() {
                continue;
            }
            current = Some((current.map_or(i, |(from, _)| from), i + 1));
        }
        flush(&mut out, current.take());
        let mut k = 0;
        for i in 0..self.tokens.len() {
            while k < out.len() && out[k].end <= self.tokens[i].start {
                k += 1;
            }
            if !self.roles[i].marker && k < out.len() && out[k].start <= self.tokens[i].start {
                self.roles[i].segment = k;
            }
        }
        out
    }

    /// The place after a preposition such as "in", "at" or "from": capitalised words (several
    /// places joined by commas or "and").
    fn locations(&self, chars: &[char]) -> Vec<Location> {
        let mut out = Vec::new();
        let n = self.tokens.len();
        let mut i = 0;
        while i < n {
            if !PLACE_PREPOSITIONS.contains(&self.lower(i)) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            if j < n && self.lower(j) == "the" {
                j += 1;
            }
            while j < n
                && self.tokens[j].capitalised
                && self.roles[j].sentence == self.roles[i].sentence
            {
                let from = j;
                while j < n
                    && self.tokens[j].capitalised
                    && self.roles[j].sentence == self.roles[i].sentence
                    && (j == from || !(self.gaps[j].comma || self.gaps[j].semicolon))
                {
                    j += 1;
                }
                let kind = place_kind(&self.tokens, &self.roles, &self.clause_stops(), from);
                out.push(Location {
                    text: chars[self.tokens[from].start..self.tokens[j - 1].end]
                        .iter()
                        .collect(),
                    start: self.tokens[from].start,
                    end: self.tokens[j - 1].end,
                    kind,
                });
                // "Spain and Portugal", "Spain, Portugal".
                if j < n && matches!(self.lower(j), "and" | "or") && !self.gaps[j].semicolon {
                    j += 1;
                } else if !(j < n && self.gaps[j].comma) {
                    break;
                }
            }
            i = j.max(i + 1);
        }
        out
    }

    /// Per word: a clause boundary (semicolon, colon, sentence) falls just before it.
    fn clause_stops(&self) -> Vec<bool> {
        self.gaps
            .iter()
            .map(|g| g.semicolon || g.colon || g.full_stop || g.newline)
            .collect()
    }

    /// Names ending in a legal form ("Fictitious Parent Group plc") other than the holder's.
    fn organisations(&self, chars: &[char], holder: Option<&str>) -> Vec<Organisation> {
        let holder = holder.map(normalize_entity_name);
        let mut out = Vec::new();
        for i in 0..self.tokens.len() {
            if !LEGAL_FORM_ENDINGS.contains(&self.lower(i))
                || i == 0
                || !self.tokens[i - 1].capitalised
            {
                continue;
            }
            let mut from = i;
            while from > 0
                && from + 6 > i
                && (self.tokens[from - 1].capitalised
                    || matches!(self.lower(from - 1), "and" | "of" | "de" | "von" | "van"))
                && self.roles[from - 1].sentence == self.roles[i].sentence
                && !(self.gaps[from].comma || self.gaps[from].semicolon)
            {
                from -= 1;
            }
            while from < i && !self.tokens[from].capitalised {
                from += 1;
            }
            if from == i {
                continue;
            }
            let text: String = chars[self.tokens[from].start..self.tokens[i].end]
                .iter()
                .collect();
            if holder.as_deref() == Some(normalize_entity_name(&text).as_str()) {
                continue;
            }
            out.push(Organisation {
                text,
                start: self.tokens[from].start,
                end: self.tokens[i].end,
            });
        }
        out
    }
}

/// Site or market for the place starting at word `i` (see [`ReadScope::place_kind`]); `stops`
/// marks the words before which a clause ends.
fn place_kind(tokens: &[Token], roles: &[WordRole], stops: &[bool], i: usize) -> LocationKind {
    let mut k = i;
    let mut steps = 0;
    while k > 0 && steps < 10 {
        if stops[k] || roles[k - 1].sentence != roles[i].sentence {
            break;
        }
        k -= 1;
        steps += 1;
        let lower = tokens[k].lower.as_str();
        if MARKET_CUES.contains(&lower) {
            return LocationKind::Market;
        }
        if SITE_CUES.contains(&lower) || PLACE_NOUNS.contains(&lower) || CONTRAST.contains(&lower) {
            return LocationKind::Site;
        }
    }
    LocationKind::Site
}

impl ReadScope {
    /// Site or market for the place whose first word is `i`: a customer word before it, in the
    /// same clause and before any word of work ("from", "office"), makes it a market.
    pub(crate) fn place_kind(&self, i: usize) -> LocationKind {
        place_kind(&self.tokens, &self.roles, &self.clause_stops, i)
    }
}

#[cfg(test)]
mod tests;

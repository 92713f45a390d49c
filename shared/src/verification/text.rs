//! The word level of scope reading: words with their character offsets and normalised terms
//! (case, accents, British/American spelling, plurals and common endings, abbreviations such as
//! SaaS = software as a service). How words form sentences, lists and exclusions is the scope
//! reader's job ([`super::reading`]).
//!
//! Offsets are counted in Unicode scalar values (Rust `char`s), end exclusive — in JavaScript,
//! index `Array.from(text)`, not the UTF-16 string.
//!
//! Every word of every scope and claim is split, folded and normalised, so this is the costliest
//! part of reading a scope: a word is walked once, a lower-case word (most words) is its own
//! folded form, and each word's normal form — with the scope reader's word lists it is in — is
//! worked out once and remembered per thread ([`tokenize`]).

use std::sync::{Arc, OnceLock};

use super::reading::Classes;

/// A table looked up by word: a hash with a fixed seed ([`foldhash`]), since every word of every
/// scope and claim is looked up in several (a binary search compared a word with half a dozen
/// others, and was a sixth of reading a scope). The scope reader's marker and class tables and the
/// accreditation bodies' listed names use it too.
pub(super) type WordTable<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// One normalised word (or a multi-word phrase merged into one term) of a source text: where it
/// stands, and its word's normal form.
#[derive(Clone)]
pub(crate) struct Token {
    /// The word's normal form: one pointer, shared with the remembered form of the word
    /// ([`Forms`]) and with every other token of it, not copied.
    form: Arc<Normal>,
    /// First character of the word in the source (char offset).
    pub start: usize,
    /// One past the last character (char offset).
    pub end: usize,
    /// A function word ("the", "of", "provision") that never has to be matched (its normal
    /// form's, kept beside it: asked of every word).
    pub stop: bool,
    /// Written with a capital first letter (a candidate place or organisation name).
    pub capitalised: bool,
    /// The scope reader's word lists the word is in (its normal form's, kept beside it: the
    /// reader asks about every word, often more than once).
    pub classes: Classes,
}

impl Token {
    /// The token of a word with normal form `form`, spanning chars `start..end`.
    fn of(form: Arc<Normal>, start: usize, end: usize, capitalised: bool) -> Token {
        Token {
            start,
            end,
            stop: form.stop,
            capitalised,
            classes: form.classes,
            form,
        }
    }

    /// The normalised term compared between claim and scope (`servic`, `saas`, `center`).
    pub fn term(&self) -> &str {
        &self.form.term
    }

    /// The folded lower-case word(s) before stemming, used to spot markers and cues.
    pub fn lower(&self) -> &str {
        &self.form.lower
    }

    /// Further terms this one stands for: `saas` also counts as `software` and `service`.
    pub fn also(&self) -> &'static [String] {
        self.form.also
    }

    /// True when this word counts as `term`.
    pub fn matches(&self, term: &str) -> bool {
        self.term() == term || self.also().iter().any(|t| t == term)
    }
}

/// Tokens are equal when they read the same: term, folded word, span, further terms, function
/// word, capital and word lists.
impl PartialEq for Token {
    fn eq(&self, other: &Token) -> bool {
        self.term() == other.term()
            && self.lower() == other.lower()
            && self.start == other.start
            && self.end == other.end
            && self.also() == other.also()
            && self.stop == other.stop
            && self.capitalised == other.capitalised
            && self.classes == other.classes
    }
}

impl Eq for Token {}

/// Every field but `classes`, which follows from `lower`: a token reads as it always has.
impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("term", &self.term())
            .field("lower", &self.lower())
            .field("start", &self.start)
            .field("end", &self.end)
            .field("also", &self.also())
            .field("stop", &self.stop)
            .field("capitalised", &self.capitalised)
            .finish()
    }
}

/// The significant terms of a short text such as a claimed activity or a city, in order, without
/// duplicates.
pub(crate) fn terms(text: &str) -> Vec<String> {
    significant_terms(&tokenize(text))
}

/// The terms of `tokens` that are not function words, in order, without duplicates.
pub(crate) fn significant_terms(tokens: &[Token]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for token in tokens {
        if !token.stop && !out.iter().any(|t| t == token.term()) {
            out.push(token.term().to_owned());
        }
    }
    out
}

/// The chars `start..end` of `text` as a string (empty when `end <= start`; cut at the end of
/// the text). Copied as one slice: an ASCII text's char offsets are its byte offsets, and other
/// texts are walked once to find the two byte offsets.
pub(crate) fn slice_chars(text: &str, start: usize, end: usize) -> String {
    if text.is_ascii() {
        let first = start.min(text.len());
        return text[first..end.clamp(first, text.len())].to_owned();
    }
    let byte = |from: usize, chars: usize| {
        text[from..]
            .char_indices()
            .nth(chars)
            .map_or(text.len(), |(at, _)| from + at)
    };
    let first = byte(0, start);
    text[first..byte(first, end.saturating_sub(start))].to_owned()
}

/// Lower-cases and strips accents from the Latin letters most used in company and place names.
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`] of an ASCII word, in place: the same as `fold_chars`, without decoding characters
/// one by one.
fn fold_ascii_in_place(word: &mut String) {
    word.make_ascii_lowercase();
    if word.contains('\'') {
        word.retain(|c| c != '\'');
    }
}

/// [`fold`] of `word` into `out` (cleared first): a buffer used for word after word, so that
/// folding a word allocates nothing.
fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        fold_ascii_in_place(out);
    } else {
        fold_chars_into(word, out);
    }
}

/// [`fold`], character by character (the proptests' reference).
#[cfg(all(test, not(target_arch = "wasm32")))]
fn fold_chars(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_chars_into(word, &mut out);
    out
}

/// [`fold`] of `word`, character by character, appended to `out`.
fn fold_chars_into(word: &str, out: &mut String) {
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'ă' => out.push('a'),
            'ç' | 'ć' | 'č' => out.push('c'),
            'ď' | 'đ' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => out.push('i'),
            'ł' | 'ľ' | 'ĺ' => out.push('l'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'ř' => out.push('r'),
            'ś' | 'š' | 'ş' | 'ș' => out.push('s'),
            'ť' | 'ţ' | 'ț' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            '\'' | '’' => {}
            other => out.push(other),
        }
    }
}

/// A word as written (a slice of the text), with its char span.
struct Word<'a> {
    raw: &'a str,
    start: usize,
    end: usize,
    /// Written in lower-case ASCII letters and digits only: its own folded form.
    plain: bool,
}

/// What [`for_each_word`] hands each word to: a closure, or the tokenizer ([`Tokenizer`]),
/// whose handling of a word is written into the walk through the text rather than called.
trait Words<'a> {
    fn word(&mut self, word: Word<'a>);
}

impl<'a, F: FnMut(Word<'a>)> Words<'a> for F {
    fn word(&mut self, word: Word<'a>) {
        self(word)
    }
}

/// Hands `each` every word of `text` in order: maximal runs of letters and digits, an
/// apostrophe between two letters staying inside the word. One walk through the text, each word
/// a slice of it (no list of its characters, no list of its words).
fn for_each_word<'a>(text: &'a str, mut each: impl Words<'a>) {
    if text.is_ascii() {
        return for_each_ascii_word(text, each);
    }
    // (char offset, byte offset, char), with the next one to look ahead at.
    let mut chars = text.char_indices().enumerate().peekable();
    while let Some((start, (from, c))) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + 1;
        let mut to = from + c.len_utf8();
        while let Some(&(_, (at, next))) = chars.peek() {
            let inside = next.is_alphanumeric()
                || (matches!(next, '\'' | '’')
                    && text[at + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic));
            if !inside {
                break;
            }
            chars.next();
            end += 1;
            to = at + next.len_utf8();
        }
        // Folded like any other word (one with accents is not plain).
        each.word(Word {
            raw: &text[from..to],
            start,
            end,
            plain: false,
        });
    }
}

/// What each byte is to [`for_each_ascii_word`]: a byte folding leaves as it is (a lower-case
/// letter or a digit), a capital, or another byte (0). One look-up per byte of the text.
static ASCII_KINDS: [u8; 256] = {
    let mut kinds = [0; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        kinds[b] = if byte.is_ascii_lowercase() || byte.is_ascii_digit() {
            PLAIN
        } else if byte.is_ascii_uppercase() {
            CAPITAL
        } else {
            0
        };
        b += 1;
    }
    kinds
};

/// [`ASCII_KINDS`]: a lower-case letter or a digit.
const PLAIN: u8 = 1;
/// [`ASCII_KINDS`]: an upper-case letter.
const CAPITAL: u8 = 2;

/// [`for_each_word`] of an ASCII text (most scopes), byte by byte: a char offset is a byte
/// offset, and the only apostrophe is `'`.
fn for_each_ascii_word<'a>(text: &'a str, mut each: impl Words<'a>) {
    let bytes = text.as_bytes();
    let kind = |b: u8| ASCII_KINDS[usize::from(b)];
    let mut i = 0;
    while i < bytes.len() {
        if kind(bytes[i]) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        let mut plain = true;
        while let Some(&b) = bytes.get(i) {
            match kind(b) {
                PLAIN => {}
                // Folding lower-cases it.
                CAPITAL => plain = false,
                // Folding drops an apostrophe between two letters.
                _ if b == b'\'' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                    plain = false;
                }
                _ => break,
            }
            i += 1;
        }
        each.word(Word {
            raw: &text[start..i],
            start,
            end: i,
            plain,
        });
    }
}

/// Words that carry no meaning of their own in a scope or a claim.
const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "for",
    "to",
    "in",
    "on",
    "at",
    "by",
    "with",
    "from",
    "as",
    "into",
    "its",
    "their",
    "our",
    "your",
    "this",
    "that",
    "these",
    "those",
    "which",
    "who",
    "all",
    "any",
    "other",
    "related",
    "associated",
    "relevant",
    "various",
    "including",
    "include",
    "includes",
    "provision",
    "provide",
    "provides",
    "provided",
    "providing",
    "solution",
    "solutions",
    "activity",
    "activities",
    "via",
    "within",
    "across",
    "under",
    "per",
    "be",
    "is",
    "are",
    "was",
    "were",
    "being",
    "been",
    "has",
    "have",
    "it",
    "us",
    "etc",
    "s",
    "such",
    "both",
    "also",
    "only",
];

/// Whole words spelt differently in British and American English (and a few synonyms, and
/// cities' local and English names: "Napoli" is "Naples"); the left-hand form becomes the
/// right-hand one after plural removal.
const VARIANTS: &[(&str, &str)] = &[
    ("centre", "center"),
    ("datacentre", "datacenter"),
    ("fibre", "fiber"),
    ("metre", "meter"),
    ("theatre", "theater"),
    ("licence", "license"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("catalogue", "catalog"),
    ("programme", "program"),
    ("analyse", "analyze"),
    ("behaviour", "behavior"),
    ("colour", "color"),
    ("labour", "labor"),
    ("favour", "favor"),
    ("harbour", "harbor"),
    ("neighbour", "neighbor"),
    ("enrolment", "enrollment"),
    ("fulfilment", "fulfillment"),
    ("aluminium", "aluminum"),
    ("grey", "gray"),
    ("cheque", "check"),
    ("tyre", "tire"),
    ("storey", "story"),
    ("onpremise", "onpremises"),
    ("apis", "api"),
    ("kpis", "kpi"),
    ("cpus", "cpu"),
    ("email", "email"),
    ("webmail", "webmail"),
    ("st", "street"),
    ("rd", "road"),
    ("ave", "avenue"),
    ("blvd", "boulevard"),
    ("sq", "square"),
    ("str", "strasse"),
    ("munchen", "munich"),
    ("koln", "cologne"),
    ("wien", "vienna"),
    ("praha", "prague"),
    ("warszawa", "warsaw"),
    ("lisboa", "lisbon"),
    ("milano", "milan"),
    ("roma", "rome"),
    ("firenze", "florence"),
    ("bruxelles", "brussels"),
    ("brussel", "brussels"),
    ("goteborg", "gothenburg"),
    ("kobenhavn", "copenhagen"),
    ("napoli", "naple"),
    ("sevilla", "seville"),
    ("torino", "turin"),
    ("venezia", "venice"),
    ("genova", "genoa"),
    ("padova", "padua"),
    ("nurnberg", "nuremberg"),
    ("hannover", "hanover"),
    ("geneve", "geneva"),
    ("genf", "geneva"),
    ("antwerpen", "antwerp"),
    ("anver", "antwerp"),
    ("cracow", "krakow"),
    ("bucuresti", "bucharest"),
    ("beograd", "belgrade"),
    ("athina", "athen"),
    ("moskva", "moscow"),
    ("kiev", "kyiv"),
];

/// Written in mixed case and never stemmed.
const PROTECTED: &[&str] = &[
    "saas", "paas", "iaas", "faas", "daas", "caas", "xaas", "devops",
];

/// Multi-word phrases merged into one term, and the term they become (before stemming).
const PHRASES: &[(&[&str], &str)] = &[
    (&["software", "as", "a", "service"], "saas"),
    (&["software", "as", "service"], "saas"),
    (&["platform", "as", "a", "service"], "paas"),
    (&["platform", "as", "service"], "paas"),
    (&["infrastructure", "as", "a", "service"], "iaas"),
    (&["infrastructure", "as", "service"], "iaas"),
    (&["information", "technology"], "infotech"),
    (&["human", "resources"], "hr"),
    (&["human", "resource"], "hr"),
    (&["data", "centre"], "datacenter"),
    (&["data", "center"], "datacenter"),
    (&["e", "mail"], "email"),
    (&["on", "premise"], "onpremises"),
    (&["on", "premises"], "onpremises"),
    (&["on", "prem"], "onpremises"),
    (&["off", "site"], "offsite"),
    (&["on", "site"], "onsite"),
    (&["back", "up"], "backup"),
    (&["customer", "relationship", "management"], "crm"),
    (&["enterprise", "resource", "planning"], "erp"),
    (&["research", "and", "development"], "rnd"),
    (&["r", "d"], "rnd"),
    (&["artificial", "intelligence"], "ai"),
    (&["united", "kingdom"], "uk"),
    (&["great", "britain"], "uk"),
    (&["united", "states", "of", "america"], "usa"),
    (&["united", "states"], "usa"),
    (&["new", "york"], "newyork"),
    (&["new", "zealand"], "newzealand"),
    (&["northern", "ireland"], "northernireland"),
    (&["south", "africa"], "southafrica"),
    (&["hong", "kong"], "hongkong"),
    (&["united", "arab", "emirates"], "uae"),
    (&["saudi", "arabia"], "saudiarabia"),
    (&["south", "korea"], "southkorea"),
    (&["czech", "republic"], "czechia"),
    (&["sri", "lanka"], "srilanka"),
    (&["den", "haag"], "thehague"),
    (&["the", "hague"], "thehague"),
];

/// Abbreviations that also count as each word they abbreviate ("SaaS" is software and a service).
const EXPANDS: &[(&str, &[&str])] = &[
    ("saas", &["software", "service"]),
    ("paas", &["platform", "service"]),
    ("iaas", &["infrastructure", "service"]),
    ("hr", &["human", "resources"]),
    ("infotech", &["information", "technology"]),
    ("datacenter", &["data", "center"]),
];

/// The stemmed words a stemmed term also stands for.
fn expansions(term: &str) -> &'static [String] {
    static TABLE: OnceLock<WordTable<String, Vec<String>>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            EXPANDS
                .iter()
                .map(|(term, words)| (stem(term), words.iter().map(|w| stem(w)).collect()))
                .collect()
        })
        .get(term)
        .map_or(&[], Vec::as_slice)
}

/// The normalised term for one folded lower-case word.
pub(crate) fn stem(lower: &str) -> String {
    if PROTECTED.contains(&lower) {
        return lower.to_string();
    }
    // At most three characters (an ASCII word longer than three bytes has more).
    if lower.len() <= 3 || (!lower.is_ascii() && lower.chars().count() <= 3) {
        let long = variant(lower);
        return if long == lower {
            long.to_string()
        } else {
            stem(long)
        };
    }
    let mut w = lower.to_string();
    // Plurals.
    if w.ends_with("ies") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if ["sses", "xes", "ches", "shes", "zes"]
        .iter()
        .any(|suffix| w.ends_with(suffix))
    {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(w.len() - 1);
    }
    // "transcriptionist", "receptionist": the person doing the work names the work.
    if w.ends_with("ionist") {
        w.truncate(w.len() - 3);
    }
    // Spelling variants (in place: most words have none).
    if let Some(to) = variant_of(&w) {
        w.clear();
        w.push_str(to);
    }
    for (british, american) in [
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ise", "ize"),
        ("iser", "izer"),
    ] {
        if w.ends_with(british) && w.len() >= british.len() + 2 {
            w.truncate(w.len() - british.len());
            w.push_str(american);
            break;
        }
    }
    // Common endings, only when a real stem remains.
    let has_vowel = |s: &str| s.chars().any(|c| "aeiouy".contains(c));
    for suffix in ["ing", "ed", "ment"] {
        if let Some(base) = w.strip_suffix(suffix)
            && base.len() >= 3
            && has_vowel(base)
        {
            w.truncate(base.len());
            break;
        }
    }
    if w.len() > 3 && w.ends_with('e') {
        w.pop();
    }
    let bytes = w.as_bytes();
    if bytes.len() > 3 {
        let (last, before) = (bytes[bytes.len() - 1], bytes[bytes.len() - 2]);
        if last == before && !b"aeiou".contains(&last) && last.is_ascii_alphabetic() {
            w.pop();
        }
    }
    w
}

fn variant(word: &str) -> &str {
    variant_of(word).unwrap_or(word)
}

/// The form `word` is written in after [`VARIANTS`], if it has another (a [`WordTable`]: every
/// word of every claim and scope is looked up).
fn variant_of(word: &str) -> Option<&'static str> {
    static TABLE: OnceLock<WordTable<&str, &str>> = OnceLock::new();
    TABLE
        .get_or_init(|| VARIANTS.iter().copied().collect())
        .get(word)
        .copied()
}

/// True for a function word of [`STOPWORDS`] (a [`WordTable`], as [`variant_of`]).
fn is_stopword(word: &str) -> bool {
    static TABLE: OnceLock<WordTable<&str, ()>> = OnceLock::new();
    TABLE
        .get_or_init(|| STOPWORDS.iter().map(|word| (*word, ())).collect())
        .contains_key(word)
}

/// A known phrase, its words stemmed, and the token it becomes.
#[derive(Debug, PartialEq, Eq)]
struct Phrase {
    /// The terms of its words, in order.
    words: Vec<String>,
    /// The normal form of the token it becomes, shared by every such token: its term is its
    /// folded word too, it is no function word, and it starts no phrase.
    form: Arc<Normal>,
}

/// The phrase table with every word stemmed, built once: phrases with the same first word
/// together, the longest first so that "united states of america" wins over "united states".
fn phrases() -> &'static [Phrase] {
    static PHRASE_TERMS: OnceLock<Vec<Phrase>> = OnceLock::new();
    PHRASE_TERMS.get_or_init(|| {
        let mut table: Vec<Phrase> = PHRASES
            .iter()
            .map(|(words, term)| {
                let term = stem(term);
                Phrase {
                    words: words.iter().map(|w| stem(w)).collect(),
                    form: Arc::new(Normal {
                        lower: term.as_str().into(),
                        also: expansions(&term),
                        classes: Classes::of(&term),
                        term: term.into(),
                        stop: false,
                        phrases: &[],
                    }),
                }
            })
            .collect();
        table.sort_by(|a, b| {
            (&a.words[0], std::cmp::Reverse(a.words.len()))
                .cmp(&(&b.words[0], std::cmp::Reverse(b.words.len())))
        });
        table
    })
}

/// The phrases a term starts (none for most terms), longest first.
fn phrases_starting(term: &str) -> &'static [Phrase] {
    static STARTS: OnceLock<WordTable<&'static str, &'static [Phrase]>> = OnceLock::new();
    STARTS
        .get_or_init(|| {
            let mut starts = WordTable::default();
            for group in phrases().chunk_by(|a, b| a.words[0] == b.words[0]) {
                starts.insert(group[0].words[0].as_str(), group);
            }
            starts
        })
        .get(term)
        .copied()
        .unwrap_or_default()
}

/// A word's normal form: its term, whether it is a function word, the terms it also stands
/// for, the known phrases it starts, the scope reader's word lists it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Normal {
    /// The folded word it is the normal form of.
    lower: Box<str>,
    term: Box<str>,
    stop: bool,
    also: &'static [String],
    /// The phrases the term starts, longest first.
    phrases: &'static [Phrase],
    /// Looked up with the rest, so that the reader does not look the word up again.
    classes: Classes,
}

impl Normal {
    fn of(lower: &str, term: String, stop: bool) -> Normal {
        Normal {
            lower: lower.into(),
            also: expansions(&term),
            phrases: phrases_starting(&term),
            classes: Classes::of(lower),
            term: term.into(),
            stop,
        }
    }
}

/// Upper-case "IT" and "US" are the abbreviations (information technology, the United States),
/// not the pronouns: their normal forms, built once.
fn abbreviation(raw: &str) -> Option<&'static Arc<Normal>> {
    static FORMS: OnceLock<[Arc<Normal>; 2]> = OnceLock::new();
    let at = match raw {
        "IT" => 0,
        "US" => 1,
        _ => return None,
    };
    let forms = FORMS.get_or_init(|| {
        [
            Arc::new(Normal::of("it", "infotech".to_owned(), false)),
            Arc::new(Normal::of("us", "usa".to_owned(), false)),
        ]
    });
    Some(&forms[at])
}

/// How many words' normal forms are remembered per thread before they are forgotten together.
const REMEMBERED_WORDS: usize = 4096;

/// A token that may start known phrases, and those phrases.
type PhraseStart = (usize, &'static [Phrase]);

/// How many words the front of [`Forms`] holds.
const FRONT_WORDS: usize = 1024;

/// The normal forms of the last few thousand words read on this thread: scopes use a small
/// vocabulary, and working a word out again (the stem's endings and spelling variants, and five
/// tables) cost half of splitting a scope into words.
struct Forms {
    /// The words of at most 16 bytes read last, each in the one place its key picks
    /// ([`front_place`]), a word read later taking the place of an earlier one: most words are
    /// found here with one comparison of their keys, before a table is asked.
    front: Box<[(u128, Option<Arc<Normal>>)]>,
    /// Words of at most 16 bytes (most words), keyed by their bytes ([`short_key`]): a key
    /// hashed and compared as one number, not as a string.
    short: WordTable<u128, Arc<Normal>>,
    /// Longer words, keyed by the folded word.
    long: WordTable<Box<str>, Arc<Normal>>,
    /// Plural acronyms ("APIs"), keyed by the folded word: they read as their singular.
    acronyms: WordTable<Box<str>, Arc<Normal>>,
}

impl Default for Forms {
    fn default() -> Forms {
        Forms {
            front: vec![(0, None); FRONT_WORDS].into_boxed_slice(),
            short: WordTable::default(),
            long: WordTable::default(),
            acronyms: WordTable::default(),
        }
    }
}

impl Forms {
    /// The normal form of the folded lower-case word `lower` ([`stem`], [`is_stopword`]).
    #[inline]
    fn normal(&mut self, lower: &str) -> Arc<Normal> {
        if let Some(key) = short_key(lower)
            && let (front_key, Some(form)) = &self.front[front_place(key)]
            && *front_key == key
        {
            return Arc::clone(form);
        }
        self.normal_from_tables(lower)
    }

    /// [`Self::normal`] for a word not at the front (kept out of line, so that the front's
    /// answer costs no more than it needs).
    #[inline(never)]
    fn normal_from_tables(&mut self, lower: &str) -> Arc<Normal> {
        let fresh = || Arc::new(Normal::of(lower, stem(lower), is_stopword(lower)));
        if let Some(key) = short_key(lower) {
            let place = front_place(key);
            let form = match self.short.get(&key) {
                Some(form) => Arc::clone(form),
                None => {
                    self.make_room();
                    Arc::clone(self.short.entry(key).or_insert_with(fresh))
                }
            };
            self.front[place] = (key, Some(Arc::clone(&form)));
            return form;
        }
        if let Some(form) = self.long.get(lower) {
            return Arc::clone(form);
        }
        self.make_room();
        Arc::clone(self.long.entry(lower.into()).or_insert_with(fresh))
    }

    /// The normal form of a plural acronym whose folded word is `folded` ("apis" of "APIs"):
    /// the singular's, but with its own folded word (and its lists), and never a function word.
    fn acronym(&mut self, folded: &str) -> Arc<Normal> {
        if let Some(form) = self.acronyms.get(folded) {
            return Arc::clone(form);
        }
        let singular = self.normal(&folded[..folded.len() - 1]);
        let form = Arc::new(Normal {
            stop: false,
            classes: Classes::of(folded),
            lower: folded.into(),
            ..Normal::clone(&singular)
        });
        self.make_room();
        self.acronyms.insert(folded.into(), Arc::clone(&form));
        form
    }

    /// Forgets every word when [`REMEMBERED_WORDS`] are remembered, before one more is.
    fn make_room(&mut self) {
        if self.short.len() + self.long.len() + self.acronyms.len() >= REMEMBERED_WORDS {
            self.front.fill((0, None));
            self.short.clear();
            self.long.clear();
            self.acronyms.clear();
        }
    }
}

/// The place of the front of [`Forms`] for the word whose key is `key`: its two halves mixed,
/// multiplied by an odd constant, and the top bits of the product taken.
fn front_place(key: u128) -> usize {
    let mixed = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FRONT_WORDS.trailing_zeros())) as usize
}

/// A word of at most 16 bytes as one number: its bytes, the first lowest, then zeros. No two
/// words have the same number, since no word holds a zero byte.
///
/// Read as a few overlapping loads rather than copied byte by byte into a buffer (a copy of a
/// length known only here is a call): every byte is read at its own place, so the bytes two
/// loads both hold are or-ed with themselves.
fn short_key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    let n = b.len();
    let byte = |at: usize| u64::from(b[at]);
    let four = |at: usize| u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]));
    let eight = |at: usize| {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(bytes)
    };
    let (low, high) = match n {
        0 => (0, 0),
        1..=3 => (
            byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1)),
            0,
        ),
        4..=7 => (four(0) | four(n - 4) << (8 * (n - 4)), 0),
        8 => (eight(0), 0),
        9..=16 => (eight(0), eight(n - 8) >> (8 * (16 - n))),
        _ => return None,
    };
    Some(u128::from(low) | u128::from(high) << 64)
}

/// What [`tokenize`] keeps per thread from one text to the next.
#[derive(Default)]
struct Remembered {
    /// The normal forms of the words read lately.
    forms: Forms,
    /// A buffer each word that is not its own folded form is folded into in turn.
    folded: String,
    /// A buffer for the tokens of a text that may start a known phrase.
    phrase_starts: Vec<PhraseStart>,
    /// A buffer the tokens of a text are made in, then moved out of into a list of just their
    /// number (a reading kept in memory keeps no spare room).
    tokens: Vec<Token>,
}

thread_local! {
    static REMEMBERED: std::cell::RefCell<Remembered> = std::cell::RefCell::default();
}

/// The normal form of `lower` from this thread's remembered words.
#[cfg(test)]
fn normal(lower: &str) -> Normal {
    REMEMBERED.with(|remembered| Normal::clone(&remembered.borrow_mut().forms.normal(lower)))
}

/// The words of a text made into tokens, one by one ([`tokenize`]).
struct Tokenizer<'r> {
    forms: &'r mut Forms,
    /// A buffer each word that is not its own folded form is folded into.
    folded: &'r mut String,
    /// The tokens that may start a known phrase.
    phrase_starts: &'r mut Vec<PhraseStart>,
    tokens: &'r mut Vec<Token>,
}

impl<'a> Words<'a> for Tokenizer<'_> {
    /// Written into the walk through the text: called for every word.
    #[inline(always)]
    fn word(&mut self, word: Word<'a>) {
        let (form, capitalised) = if word.plain {
            // Most words: lower case, so neither an abbreviation nor a plural acronym.
            (self.forms.normal(word.raw), false)
        } else {
            fold_into(word.raw, self.folded);
            let form = if let Some(form) = abbreviation(word.raw) {
                Arc::clone(form)
            } else if is_plural_acronym(word.raw) {
                // "APIs" reads as "API", but keeps its own folded word (and its lists).
                self.forms.acronym(self.folded)
            } else {
                self.forms.normal(self.folded)
            };
            let capitalised = word.raw.chars().next().is_some_and(char::is_uppercase);
            (form, capitalised)
        };
        if !form.phrases.is_empty() {
            self.phrase_starts.push((self.tokens.len(), form.phrases));
        }
        self.tokens
            .push(Token::of(form, word.start, word.end, capitalised));
    }
}

/// Splits `text` into normalised words, known phrases merged into one token.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    REMEMBERED.with(|remembered| {
        // Borrowed once per text, not once per word.
        let mut remembered = remembered.borrow_mut();
        let Remembered {
            forms,
            folded,
            phrase_starts,
            tokens,
        } = &mut *remembered;
        phrase_starts.clear();
        tokens.clear();
        for_each_word(
            text,
            Tokenizer {
                forms,
                folded,
                phrase_starts,
                tokens,
            },
        );
        if !phrase_starts.is_empty() {
            merge_phrases(tokens, phrase_starts);
        }
        let mut kept = Vec::with_capacity(tokens.len());
        kept.append(tokens);
        kept
    })
}

/// Merges the known phrases of `tokens` into one token spanning all their words, trying the
/// tokens `starts` lists (in order, each with the phrases its term starts, longest first).
fn merge_phrases(tokens: &mut Vec<Token>, starts: &[PhraseStart]) {
    // How many tokens the phrases merged so far took out, and the first word after the last.
    let (mut removed, mut next) = (0, 0);
    for &(start, phrases) in starts {
        if start < next {
            // A word of the phrase merged before.
            continue;
        }
        let i = start - removed;
        let phrase = phrases.iter().find(|phrase| {
            tokens
                .get(i..i + phrase.words.len())
                .is_some_and(|words| words.iter().zip(&phrase.words).all(|(t, w)| t.term() == w))
        });
        let Some(phrase) = phrase else { continue };
        let n = phrase.words.len();
        let end = tokens[i + n - 1].end;
        // The first word becomes the phrase (its start and capital stay); the others go.
        let first = &mut tokens[i];
        first.form = Arc::clone(&phrase.form);
        first.end = end;
        first.stop = false;
        first.classes = phrase.form.classes;
        tokens.drain(i + 1..i + n);
        removed += n - 1;
        next = start + n;
    }
}

/// "APIs", "VMs": an upper-case abbreviation ending in a plural s (three letters or more,
/// counting only letters). The s is the word's last character: "ABs²" is not one (its s taken
/// off would cut the word inside its last character).
fn is_plural_acronym(raw: &str) -> bool {
    // Most words start with a lower-case letter: a letter before the final `s` that is not
    // upper case, so not a plural acronym (and a lone `s` has no letters before it).
    if !raw.ends_with('s') || raw.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    let mut letters = raw.chars().filter(|c| c.is_alphabetic());
    let Some(last) = letters.next_back() else {
        return false;
    };
    let mut before = 0;
    last == 's'
        && letters.all(|c| {
            before += 1;
            c.is_uppercase()
        })
        && before >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    // proptest builds natively only (see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The shortcuts give what the character-by-character rules give, for any word.
        #[test]
        fn folding_and_plural_acronyms_agree_with_the_rules_for_any_word(
            word in proptest::prop_oneof![
                "[a-zA-Z'’0-9]{0,12}",
                "[A-Z]{0,5}s",
                "[a-zA-ZÀ-ÿŁłŒœßİı'’]{0,12}",
                proptest::prelude::any::<String>(),
            ],
        ) {
            proptest::prop_assert_eq!(fold(&word), fold_chars(&word));
            // Into a buffer that held another word before.
            let mut buffer = String::from("Previous Word");
            fold_into(&word, &mut buffer);
            proptest::prop_assert_eq!(buffer, fold_chars(&word));
            let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
            // The s must also be the word's last character ("AAs0", "ABs²" are not plurals).
            let expected = letters.len() >= 3
                && word.ends_with('s')
                && letters[letters.len() - 1] == 's'
                && letters[..letters.len() - 1].iter().all(|c| c.is_uppercase());
            proptest::prop_assert_eq!(is_plural_acronym(&word), expected, "{}", word);
        }
    }

    #[test]
    fn a_plural_acronym_is_capitals_and_a_final_s() {
        for word in ["APIs", "VMs", "ÉTAs"] {
            assert!(is_plural_acronym(word), "{word}");
        }
        // The s not last (the property test found "AAs0"), too few capitals, a lower-case start.
        for word in [
            "AAs0", "ABs²", "As", "s", "apis", "APIS", "Apis", "SaaS", "",
        ] {
            assert!(!is_plural_acronym(word), "{word}");
        }
    }

    /// Words as the character rules find them, over a list of the text's characters (as
    /// [`for_each_word`] did before it walked the text itself).
    #[cfg(not(target_arch = "wasm32"))]
    fn words_of_chars(text: &str) -> Vec<(String, usize, usize)> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || (matches!(chars[i], '\'' | '’')
                        && chars.get(i + 1).is_some_and(|c| c.is_alphabetic())))
            {
                i += 1;
            }
            out.push((chars[start..i].iter().collect(), start, i));
        }
        out
    }

    // proptest builds natively only (see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// One walk through the text finds the words, spans and texts the character rules
        /// find, for any text: apostrophes inside and around words, accents, other scripts.
        #[test]
        fn words_are_the_character_rules_words_for_any_text(
            text in proptest::prop_oneof![
                "[a-zA-Z0-9 '’,.-]{0,40}",
                "[a-zé✓ß'’İ ]{0,40}",
                // ASCII only: read byte by byte.
                "[a-zA-Z0-9 ',.;:()'-]{0,60}",
                "[ -~\t\n]{0,60}",
                proptest::prelude::any::<String>(),
            ],
        ) {
            let mut found: Vec<(String, usize, usize)> = Vec::new();
            let mut plain_but_folded = Vec::new();
            for_each_word(&text, |word: Word<'_>| {
                found.push((word.raw.to_owned(), word.start, word.end));
                // A word said to be plain is not folded: it must be its own folded form.
                if word.plain && fold_chars(word.raw) != word.raw {
                    plain_but_folded.push(word.raw.to_owned());
                }
            });
            proptest::prop_assert_eq!(found, words_of_chars(&text));
            proptest::prop_assert!(plain_but_folded.is_empty(), "{:?}", plain_but_folded);
        }
    }

    /// The tokens of `text` by the rules alone, as the tokenizer made them before it had its
    /// shortcuts: the words of the character rules, each folded char by char and its normal form
    /// worked out afresh (no remembered words), then every known phrase merged, the table's
    /// longest phrase first, trying every word.
    #[cfg(not(target_arch = "wasm32"))]
    fn tokens_by_the_rules(text: &str) -> Vec<Token> {
        let fresh = |lower: &str| Normal::of(lower, stem(lower), is_stopword(lower));
        let words: Vec<Token> = words_of_chars(text)
            .into_iter()
            .map(|(raw, start, end)| {
                let folded = fold_chars(&raw);
                let normal = match raw.as_str() {
                    "IT" => Normal::of(&folded, "infotech".to_owned(), false),
                    "US" => Normal::of(&folded, "usa".to_owned(), false),
                    _ if is_plural_acronym(&raw) => Normal {
                        stop: false,
                        classes: Classes::of(&folded),
                        lower: folded.as_str().into(),
                        ..fresh(&folded[..folded.len() - 1])
                    },
                    _ => fresh(&folded),
                };
                let capitalised = raw.chars().next().is_some_and(char::is_uppercase);
                Token::of(Arc::new(normal), start, end, capitalised)
            })
            .collect();
        let mut table: Vec<(Vec<String>, String)> = PHRASES
            .iter()
            .map(|(words, term)| (words.iter().map(|w| stem(w)).collect(), stem(term)))
            .collect();
        table.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let phrase = table.iter().find(|(phrase, _)| {
                words
                    .get(i..i + phrase.len())
                    .is_some_and(|w| w.iter().zip(phrase).all(|(t, p)| t.term() == p))
            });
            let Some((phrase, term)) = phrase else {
                out.push(words[i].clone());
                i += 1;
                continue;
            };
            let form = Normal {
                lower: term.as_str().into(),
                term: term.as_str().into(),
                stop: false,
                also: expansions(term),
                phrases: &[],
                classes: Classes::of(term),
            };
            out.push(Token::of(
                Arc::new(form),
                words[i].start,
                words[i + phrase.len() - 1].end,
                words[i].capitalised,
            ));
            i += phrase.len();
        }
        out
    }

    /// Texts of scope words and phrases, written in any case, with the letters, marks, quotes,
    /// punctuation and spaces scopes are written with (ASCII or not).
    #[cfg(not(target_arch = "wasm32"))]
    fn scope_like_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = prop_oneof![
            // Whole known phrases, written with spaces or hyphens, in lower or title case.
            (
                proptest::sample::select(PHRASES),
                proptest::sample::select(vec![" ", "-", "  "]),
                any::<bool>(),
            )
                .prop_map(|((words, _), between, title)| {
                    let words: Vec<String> = words
                        .iter()
                        .map(|w| match title {
                            true => w[..1].to_uppercase() + &w[1..],
                            false => (*w).to_owned(),
                        })
                        .collect();
                    words.join(between)
                }),
            // Words of phrases, abbreviations and plural acronyms, in any case.
            proptest::sample::select(
                "software as a service data centre center centres on premise premises united \
                 states of america the hague den haag e mail r d human resources IT US it us \
                 APIs VMs KPIs SaaS hosting services organisation licence Napoli don't n not \
                 limited to New York"
                    .split(' ')
                    .collect::<Vec<_>>(),
            )
            .prop_map(str::to_owned),
            "[a-zA-Z]{1,8}",
            "[a-zA-Zéüß]{1,6}",
            // Capitals that fold (İ, Œ), a combining accent, an apostrophe inside a word.
            "[A-Za-zİıŒœÀ-ÿ\u{301}'’]{1,8}",
            "[0-9]{1,3}",
            // Capitals and an s, then digits of any script ("ABs²", "VMs2"): a last letter s
            // that is not the word's last character.
            "[A-Z]{2,4}s[0-9²³¹٣]{0,2}",
        ];
        let gap = proptest::sample::select(vec![
            " ", " ", " ", ", ", "; ", ": ", ". ", "\n", "\n\n", " - ", "/", "(", ") ", "\t",
            "\u{a0}", "\u{2003}", "’", "'", " & ", "",
        ]);
        proptest::collection::vec((word, gap), 0..16).prop_map(|parts| {
            parts
                .into_iter()
                .flat_map(|(word, gap)| [word, gap.to_owned()])
                .collect()
        })
    }

    // proptest builds natively only (see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The tokenizer's shortcuts (plain words not folded, normal forms remembered, phrases
        /// tried only where they can start) make the tokens the rules make, for any text: ASCII
        /// or not, words in any case, phrases, abbreviations, plural acronyms, accents,
        /// combining marks, quotes, punctuation and spaces of every kind. Each text is read
        /// twice: the second time from the remembered words.
        #[test]
        fn tokens_are_the_rules_tokens_for_any_text(
            text in proptest::prop_oneof![
                scope_like_text(),
                "[a-zA-Z0-9 '’,.;:()/&-]{0,60}",
                "[ -~\t\n]{0,60}",
            ],
        ) {
            let expected = tokens_by_the_rules(&text);
            for _ in 0..2 {
                let tokens = tokenize(&text);
                proptest::prop_assert_eq!(&tokens, &expected, "{:?}", text);
                // Debug leaves the word lists out: they follow from the folded word.
                for token in &tokens {
                    proptest::prop_assert_eq!(token.classes, Classes::of(token.lower()));
                }
            }
        }
    }

    // proptest builds natively only (see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The slice is the chars counted one by one, for any text (ASCII or not) and any
        /// offsets (inside, past the end, reversed).
        #[test]
        fn a_slice_of_chars_is_the_chars_counted_one_by_one(
            text in proptest::prop_oneof![
                "[a-z ,.]{0,40}",
                "[a-zé✓ ]{0,40}",
                proptest::prelude::any::<String>(),
            ],
            start in 0usize..50,
            end in 0usize..50,
        ) {
            let counted: String = text
                .chars()
                .skip(start)
                .take(end.saturating_sub(start))
                .collect();
            proptest::prop_assert_eq!(slice_chars(&text, start, end), counted);
        }
    }

    // proptest builds natively only (see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// A word's key is its bytes, the first lowest, then zeros, for any word of up to 16
        /// bytes (of any script); a longer word has none.
        #[test]
        fn a_short_key_is_the_words_bytes_as_one_number(
            word in proptest::prop_oneof![
                "[a-z0-9']{0,20}",
                "[a-zéü✓ß]{0,12}",
                proptest::prelude::any::<String>(),
            ],
        ) {
            let bytes = word.as_bytes();
            let expected = (bytes.len() <= 16).then(|| {
                let mut key = [0; 16];
                key[..bytes.len()].copy_from_slice(bytes);
                u128::from_le_bytes(key)
            });
            proptest::prop_assert_eq!(short_key(&word), expected);
        }
    }

    /// A remembered normal form is the one worked out afresh, for every word of a stream longer
    /// than what is remembered, seen twice (remembered, then forgotten and worked out again).
    #[test]
    fn remembered_words_read_as_words_worked_out_afresh() {
        // Words of up to 16 bytes and longer ones, remembered apart.
        let stems = [
            "servic",
            "host",
            "organisation",
            "centre",
            "the",
            "api",
            "it",
            "telecommunication",
            "abcdefghijklmn",
        ];
        let words: Vec<String> = (0..REMEMBERED_WORDS + 500)
            .map(|i| format!("{}{}", stems[i % stems.len()], i / stems.len()))
            .chain(STOPWORDS.iter().map(|w| (*w).to_owned()))
            .chain(VARIANTS.iter().map(|(from, _)| (*from).to_owned()))
            .chain(
                PHRASES
                    .iter()
                    .flat_map(|(words, _)| words.iter().map(|w| (*w).to_owned())),
            )
            .collect();
        for _ in 0..2 {
            for word in &words {
                assert_eq!(
                    normal(word),
                    Normal::of(word, stem(word), is_stopword(word)),
                    "{word}"
                );
            }
        }
    }

    #[test]
    fn a_city_reads_the_same_in_its_local_and_english_names() {
        let pairs = [
            ("München", "Munich"),
            ("Köln", "Cologne"),
            ("Napoli", "Naples"),
            ("Sevilla", "Seville"),
            ("Torino", "Turin"),
            ("Venezia", "Venice"),
            ("Genova", "Genoa"),
            ("Padova", "Padua"),
            ("Nürnberg", "Nuremberg"),
            ("Hannover", "Hanover"),
            ("Genève", "Geneva"),
            ("Genf", "Geneva"),
            ("Antwerpen", "Antwerp"),
            ("Anvers", "Antwerp"),
            ("Kraków", "Cracow"),
            ("Bucureşti", "Bucharest"),
            ("Beograd", "Belgrade"),
            ("Athína", "Athens"),
            ("Moskva", "Moscow"),
            ("Kyiv", "Kiev"),
            ("Lisboa", "Lisbon"),
            ("København", "Copenhagen"),
            ("Göteborg", "Gothenburg"),
        ];
        for (local, english) in pairs {
            assert_eq!(terms(local), terms(english), "{local} / {english}");
            assert_eq!(
                terms(&local.to_uppercase()),
                terms(english),
                "{local} in capitals"
            );
        }
    }

    fn terms_of(text: &str) -> Vec<String> {
        let mut out = terms(text);
        out.sort();
        out
    }

    #[test]
    fn spelling_variants_and_plurals_meet() {
        assert_eq!(terms_of("data centres"), terms_of("Data Center"));
        assert_eq!(terms_of("organisations"), terms_of("organization"));
        assert_eq!(terms_of("licensing"), terms_of("licence"));
        assert_eq!(terms_of("hosted services"), terms_of("hosting service"));
        assert_eq!(terms_of("SaaS"), terms_of("software-as-a-service"));
        assert_eq!(terms_of("HR"), terms_of("Human Resources"));
        assert_eq!(terms_of("processes"), terms_of("processing"));
        assert_eq!(
            terms_of("software development"),
            terms_of("developing software")
        );
    }

    #[test]
    fn function_words_drop_but_acronyms_stay() {
        assert_eq!(
            terms("the provision of IT services"),
            vec!["infotech", "servic"]
        );
        assert_eq!(terms_of("APIs"), terms_of("API"));
        assert!(terms_of("it is").is_empty());
    }

    #[test]
    fn offsets_are_in_chars_not_bytes() {
        let tokens = tokenize("Zürich café hosting");
        let host = tokens.iter().find(|t| t.term() == "host").unwrap();
        assert_eq!((host.start, host.end), (12, 19));
        assert_eq!(
            slice_chars("Zürich café hosting", host.start, host.end),
            "hosting"
        );
    }

    /// The word tables answer as a walk through the lists would, for every word of every
    /// table and for near misses of each (one letter more, one less, another first letter).
    #[test]
    fn word_tables_answer_as_the_lists_read() {
        let mut words: Vec<String> = Vec::new();
        let tables = STOPWORDS
            .iter()
            .chain(VARIANTS.iter().flat_map(|(from, to)| [from, to]))
            .chain(
                PHRASES
                    .iter()
                    .flat_map(|(words, term)| words.iter().chain([term])),
            );
        for word in tables {
            words.push((*word).to_owned());
            words.push(format!("{word}s"));
            words.push(word[1..].to_owned());
            words.push(format!("x{}", &word[1..]));
        }
        words.push(String::new());
        for word in &words {
            let linear = VARIANTS
                .iter()
                .find(|(from, _)| from == word)
                .map(|(_, to)| *to);
            assert_eq!(variant_of(word), linear, "{word}");
            assert_eq!(
                is_stopword(word),
                STOPWORDS.contains(&word.as_str()),
                "{word}"
            );
        }
    }
}

//! The words the scope reader recognises: abbreviations, markers and predicates of
//! exclusion, negation and restriction cues (with the exclusion words of the other languages
//! bilingual certificates use), the words that make a place a site or a market, and legal
//! forms. Each list says what it is for; the reader in the parent module decides how far each
//! marker reaches.

use crate::verification::text::WordTable;

/// Words after which a full stop does not end the sentence.
pub(super) const ABBREVIATIONS: &[&str] = &[
    "excl", "incl", "eg", "e", "g", "ie", "i", "no", "nos", "st", "approx", "vs", "v", "dept",
    "nr", "ca", "cf", "ref", "viz", "al", "mr", "ms", "dr", "prof", "jr", "sr", "fig", "resp",
    "ver", "rev", "esp", "incl", "exc",
];

/// Words that start a new clause: a predicate's reach stops here.
pub(super) const CONTRAST: &[&str] = &[
    "but", "while", "whilst", "whereas", "however", "although", "though", "yet",
];

/// Negation and restriction cues; each one not consumed by a marker the reader resolves makes
/// its clause unclear.
pub(super) const CUES: &[&str] = &[
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

/// The negations the reader resolves besides the contractions below ([`CONTRACTIONS`]).
pub(super) const NEGATIONS: &[&str] = &["not", "no", "neither"];

/// The restrictions spelt in two words, each with whether a slash must join them: "limited
/// to", "restricted to", "confined to", "subject to", "n/a", "not applicable".
pub(super) const TWO_WORD_CUES: &[(&str, &str, bool)] = &[
    ("limited", "to", false),
    ("restricted", "to", false),
    ("confined", "to", false),
    ("subject", "to", false),
    ("n", "a", true),
    ("not", "applicable", false),
];

/// The conjunctions that join a list's items: a new segment starts at each.
pub(super) const CONJUNCTIONS: &[&str] = &["and", "or"];

/// Negations that combine an auxiliary verb with "not".
pub(super) const CONTRACTIONS: &[&str] = &[
    "doesnt", "dont", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "shant", "hasnt",
    "havent", "cant", "cannot", "shouldnt", "wouldnt",
];

/// Exclusion words of the other languages bilingual certificates are written in (French,
/// German, Dutch, Spanish, Portuguese, Italian, Scandinavian).
pub(super) const FOREIGN_NEGATIVES: &[&str] = &[
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
pub(super) const FORWARD: &[&[&str]] = &[
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
pub(super) const PREDICATES: &[&[&str]] = &[
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
pub(super) const SCOPE_VERBS: &[&str] = &[
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
pub(super) const STATUS_WORDS: &[&str] = &[
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
pub(super) const SELF_REFERENCE: &[&str] = &[
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

pub(super) const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "does", "do", "did", "shall", "will", "has",
    "have", "had", "can", "may", "might", "should", "must", "would", "could",
];

/// Words around a place that make it a market rather than a site.
pub(super) const MARKET_CUES: &[&str] = &[
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

/// Words around a place that make it a site, besides the nouns of [`PLACE_NOUNS`]. "located"
/// and "based" are not among them: customers are located somewhere too, so the words before
/// them decide ("Customers are located in Spain" is a market).
pub(super) const SITE_CUES: &[&str] = &[
    "from",
    "at",
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
pub(super) const PLACE_NOUNS: &[&str] = &[
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

/// Words besides [`PLACE_NOUNS`] that make a restriction one of places: "location(s)",
/// "branches" ([`Classes::NAMES_PLACES`]).
pub(super) const OTHER_PLACE_WORDS: &[&str] = &["location", "locations", "branches"];

/// The words that open a blanket phrase ("all activities", "the whole organisation"): the
/// reader's own lists say which nouns close one.
pub(super) const BLANKET_OPENERS: &[&str] = &["all", "entire", "whole"];

/// Prepositions that introduce a place.
pub(super) const PLACE_PREPOSITIONS: &[&str] =
    &["in", "at", "from", "across", "throughout", "within"];

/// Legal-form words that end an organisation's name.
pub(super) const LEGAL_FORM_ENDINGS: &[&str] = &[
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

pub(super) fn is_roman(word: &str) -> bool {
    matches!(
        word,
        "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix" | "x" | "xi" | "xii"
    )
}

/// Markers grouped by their first word (each group in list order, the groups in the order their
/// first words first appear), so that a word is tried only against the markers it can start (most
/// words start none). A word's group is found by its number, kept in the word's [`Classes`].
pub(super) type MarkerGroups = Vec<Vec<&'static [&'static str]>>;

fn group_markers(markers: &'static [&'static [&'static str]]) -> MarkerGroups {
    let mut groups = MarkerGroups::new();
    for marker in markers {
        match groups.iter_mut().find(|group| group[0][0] == marker[0]) {
            Some(group) => group.push(marker),
            None => groups.push(vec![marker]),
        }
    }
    groups
}

/// [`FORWARD`] by first word.
fn forward_groups() -> &'static MarkerGroups {
    static GROUPS: std::sync::OnceLock<MarkerGroups> = std::sync::OnceLock::new();
    GROUPS.get_or_init(|| group_markers(FORWARD))
}

/// [`PREDICATES`] by first word.
fn predicate_groups() -> &'static MarkerGroups {
    static GROUPS: std::sync::OnceLock<MarkerGroups> = std::sync::OnceLock::new();
    GROUPS.get_or_init(|| group_markers(PREDICATES))
}

/// The word lists above a word is in, one bit per list, and the markers it starts: looked up once
/// per word (one hash, and only the first time the word is seen: they are remembered with its
/// normal form, see [`crate::verification::text`]), so that the reader asks "is this a cue?" with
/// one test instead of comparing the word with a list each time it looks at it again, and finds
/// the markers a word starts without looking the word up.
///
/// Bits 0 to 18 are the lists; the number of the word's group of [`FORWARD`] markers (0 for
/// none, else its place + 1) is held in the 6 bits from [`Self::FORWARD_GROUP`], and that of its
/// group of [`PREDICATES`] in the 3 bits from [`Self::PREDICATE_GROUP`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Classes(u32);

impl Classes {
    /// [`ABBREVIATIONS`].
    pub(super) const ABBREVIATION: u32 = 1 << 0;
    /// [`CONTRAST`].
    pub(super) const CONTRAST: u32 = 1 << 1;
    /// [`CUES`].
    pub(super) const CUE: u32 = 1 << 2;
    /// [`CONTRACTIONS`].
    pub(super) const CONTRACTION: u32 = 1 << 3;
    /// [`FOREIGN_NEGATIVES`].
    pub(super) const FOREIGN_NEGATIVE: u32 = 1 << 4;
    /// [`SCOPE_VERBS`].
    pub(super) const SCOPE_VERB: u32 = 1 << 5;
    /// [`STATUS_WORDS`].
    pub(super) const STATUS_WORD: u32 = 1 << 6;
    /// [`SELF_REFERENCE`].
    pub(super) const SELF_REFERENCE: u32 = 1 << 7;
    /// [`AUXILIARIES`].
    pub(super) const AUXILIARY: u32 = 1 << 8;
    /// [`MARKET_CUES`].
    pub(super) const MARKET_CUE: u32 = 1 << 9;
    /// [`SITE_CUES`].
    pub(super) const SITE_CUE: u32 = 1 << 10;
    /// [`PLACE_NOUNS`].
    pub(super) const PLACE_NOUN: u32 = 1 << 11;
    /// A word that makes a restriction one of places: [`PLACE_NOUNS`] and
    /// [`OTHER_PLACE_WORDS`].
    pub(super) const NAMES_PLACES: u32 = 1 << 12;
    /// [`PLACE_PREPOSITIONS`].
    pub(super) const PLACE_PREPOSITION: u32 = 1 << 13;
    /// [`LEGAL_FORM_ENDINGS`].
    pub(super) const LEGAL_FORM_ENDING: u32 = 1 << 14;
    /// [`NEGATIONS`].
    pub(super) const NEGATION: u32 = 1 << 15;
    /// The first words of [`TWO_WORD_CUES`].
    pub(super) const TWO_WORD_CUE_START: u32 = 1 << 16;
    /// [`CONJUNCTIONS`].
    pub(super) const CONJUNCTION: u32 = 1 << 17;
    /// [`BLANKET_OPENERS`].
    pub(super) const BLANKET_OPENER: u32 = 1 << 18;
    /// Where the number of the word's group of [`FORWARD`] markers starts (6 bits).
    const FORWARD_GROUP: u32 = 19;
    /// Where the number of the word's group of [`PREDICATES`] starts (3 bits).
    const PREDICATE_GROUP: u32 = 25;
    /// The first word of a marker of [`FORWARD`]: a word with a group of them.
    pub(super) const FORWARD_START: u32 = 0b11_1111 << Self::FORWARD_GROUP;
    /// The first word of a marker of [`PREDICATES`]: a word with a group of them.
    pub(super) const PREDICATE_START: u32 = 0b111 << Self::PREDICATE_GROUP;

    /// The lists `word` (folded lower case) is in.
    pub(crate) fn of(word: &str) -> Classes {
        static TABLE: std::sync::OnceLock<WordTable<&'static str, u32>> =
            std::sync::OnceLock::new();
        let table = TABLE.get_or_init(|| {
            let mut table = WordTable::default();
            let mut add = |words: &mut dyn Iterator<Item = &'static str>, class: u32| {
                for word in words {
                    *table.entry(word).or_default() |= class;
                }
            };
            add(&mut ABBREVIATIONS.iter().copied(), Classes::ABBREVIATION);
            add(&mut CONTRAST.iter().copied(), Classes::CONTRAST);
            add(&mut CUES.iter().copied(), Classes::CUE);
            add(&mut CONTRACTIONS.iter().copied(), Classes::CONTRACTION);
            add(
                &mut FOREIGN_NEGATIVES.iter().copied(),
                Classes::FOREIGN_NEGATIVE,
            );
            add(&mut SCOPE_VERBS.iter().copied(), Classes::SCOPE_VERB);
            add(&mut STATUS_WORDS.iter().copied(), Classes::STATUS_WORD);
            add(&mut SELF_REFERENCE.iter().copied(), Classes::SELF_REFERENCE);
            add(&mut AUXILIARIES.iter().copied(), Classes::AUXILIARY);
            add(&mut MARKET_CUES.iter().copied(), Classes::MARKET_CUE);
            add(&mut SITE_CUES.iter().copied(), Classes::SITE_CUE);
            add(&mut PLACE_NOUNS.iter().copied(), Classes::PLACE_NOUN);
            add(
                &mut PLACE_NOUNS.iter().chain(OTHER_PLACE_WORDS).copied(),
                Classes::NAMES_PLACES,
            );
            add(
                &mut PLACE_PREPOSITIONS.iter().copied(),
                Classes::PLACE_PREPOSITION,
            );
            add(
                &mut LEGAL_FORM_ENDINGS.iter().copied(),
                Classes::LEGAL_FORM_ENDING,
            );
            add(&mut NEGATIONS.iter().copied(), Classes::NEGATION);
            add(
                &mut TWO_WORD_CUES.iter().map(|&(first, _, _)| first),
                Classes::TWO_WORD_CUE_START,
            );
            add(&mut CONJUNCTIONS.iter().copied(), Classes::CONJUNCTION);
            add(
                &mut BLANKET_OPENERS.iter().copied(),
                Classes::BLANKET_OPENER,
            );
            let mut number = |groups: &'static MarkerGroups, at: u32, most: usize| {
                assert!(
                    groups.len() <= most,
                    "{} marker groups: too many",
                    groups.len()
                );
                for (place, group) in groups.iter().enumerate() {
                    *table.entry(group[0][0]).or_default() |= (place as u32 + 1) << at;
                }
            };
            number(forward_groups(), Classes::FORWARD_GROUP, 0b11_1111);
            number(predicate_groups(), Classes::PREDICATE_GROUP, 0b111);
            table
        });
        Classes(table.get(word).copied().unwrap_or(0))
    }

    /// Whether the word is in any of the lists `classes` (bits above, or-ed) names.
    pub(crate) fn any(self, classes: u32) -> bool {
        self.0 & classes != 0
    }

    /// The markers of [`FORWARD`] the word starts, in list order.
    pub(super) fn forward_markers(self) -> &'static [&'static [&'static str]] {
        Self::group(
            forward_groups(),
            self.0 & Self::FORWARD_START,
            Self::FORWARD_GROUP,
        )
    }

    /// The markers of [`PREDICATES`] the word starts, in list order.
    pub(super) fn predicate_markers(self) -> &'static [&'static [&'static str]] {
        Self::group(
            predicate_groups(),
            self.0 & Self::PREDICATE_START,
            Self::PREDICATE_GROUP,
        )
    }

    /// The group of `groups` whose number (bits from `at`) is `bits`.
    fn group(
        groups: &'static MarkerGroups,
        bits: u32,
        at: u32,
    ) -> &'static [&'static [&'static str]] {
        match (bits >> at) as usize {
            0 => &[],
            number => &groups[number - 1],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each class answers as a walk through its list would, for every word of every list and
    /// for near misses of each (one letter more, one less, another first letter); the markers a
    /// word starts are those of the lists that start with it, in list order.
    #[test]
    fn classes_answer_as_the_lists_read() {
        let firsts = |markers: &'static [&'static [&'static str]]| -> Vec<&'static str> {
            markers.iter().filter_map(|m| m.first().copied()).collect()
        };
        let (forward, predicate) = (firsts(FORWARD), firsts(PREDICATES));
        let two_word_starts: Vec<&str> = TWO_WORD_CUES.iter().map(|&(first, _, _)| first).collect();
        let lists: [(&[&str], u32); 19] = [
            (ABBREVIATIONS, Classes::ABBREVIATION),
            (CONTRAST, Classes::CONTRAST),
            (CUES, Classes::CUE),
            (CONTRACTIONS, Classes::CONTRACTION),
            (FOREIGN_NEGATIVES, Classes::FOREIGN_NEGATIVE),
            (&forward, Classes::FORWARD_START),
            (&predicate, Classes::PREDICATE_START),
            (SCOPE_VERBS, Classes::SCOPE_VERB),
            (STATUS_WORDS, Classes::STATUS_WORD),
            (SELF_REFERENCE, Classes::SELF_REFERENCE),
            (AUXILIARIES, Classes::AUXILIARY),
            (MARKET_CUES, Classes::MARKET_CUE),
            (SITE_CUES, Classes::SITE_CUE),
            (PLACE_NOUNS, Classes::PLACE_NOUN),
            (PLACE_PREPOSITIONS, Classes::PLACE_PREPOSITION),
            (NEGATIONS, Classes::NEGATION),
            (&two_word_starts, Classes::TWO_WORD_CUE_START),
            (CONJUNCTIONS, Classes::CONJUNCTION),
            (BLANKET_OPENERS, Classes::BLANKET_OPENER),
        ];
        let mut words: Vec<String> = vec![String::new()];
        for word in lists
            .iter()
            .flat_map(|(list, _)| list.iter())
            .chain(LEGAL_FORM_ENDINGS)
            .chain(OTHER_PLACE_WORDS)
            .chain(FORWARD.iter().chain(PREDICATES).flat_map(|m| m.iter()))
        {
            words.push((*word).to_owned());
            words.push(format!("{word}s"));
            words.push(word[1..].to_owned());
            words.push(format!("x{}", &word[1..]));
        }
        for word in &words {
            let classes = Classes::of(word);
            for (list, class) in &lists {
                assert_eq!(classes.any(*class), list.contains(&word.as_str()), "{word}");
            }
            assert_eq!(
                classes.any(Classes::LEGAL_FORM_ENDING),
                LEGAL_FORM_ENDINGS.contains(&word.as_str()),
                "{word}"
            );
            let names_places =
                PLACE_NOUNS.contains(&word.as_str()) || OTHER_PLACE_WORDS.contains(&word.as_str());
            assert_eq!(classes.any(Classes::NAMES_PLACES), names_places, "{word}");
            let starting = |markers: &'static [&'static [&'static str]]| -> Vec<&[&str]> {
                markers.iter().copied().filter(|m| m[0] == word).collect()
            };
            assert_eq!(classes.forward_markers(), starting(FORWARD), "{word}");
            assert_eq!(classes.predicate_markers(), starting(PREDICATES), "{word}");
        }
    }
}

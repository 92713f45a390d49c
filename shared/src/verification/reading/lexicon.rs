//! The words the scope reader recognises: abbreviations, markers and predicates of
//! exclusion, negation and restriction cues (with the exclusion words of the other languages
//! bilingual certificates use), the words that make a place a site or a market, and legal
//! forms. Each list says what it is for; the reader in the parent module decides how far each
//! marker reaches.

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

/// True when `word` makes a restriction one of places: a place noun, or "location(s)",
/// "branches".
pub(super) fn names_places(word: &str) -> bool {
    PLACE_NOUNS.contains(&word) || matches!(word, "location" | "locations" | "branches")
}

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

/// Markers grouped by their first word, so that a word is tried only against the markers it can
/// start (most words start none).
pub(super) type MarkerIndex = std::collections::HashMap<&'static str, Vec<&'static [&'static str]>>;

fn index_markers(markers: &'static [&'static [&'static str]]) -> MarkerIndex {
    let mut index = MarkerIndex::new();
    for marker in markers {
        if let Some(first) = marker.first() {
            index.entry(*first).or_default().push(marker);
        }
    }
    index
}

/// [`FORWARD`] by first word, in list order.
pub(super) fn forward_index() -> &'static MarkerIndex {
    static INDEX: std::sync::OnceLock<MarkerIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| index_markers(FORWARD))
}

/// [`PREDICATES`] by first word, in list order.
pub(super) fn predicate_index() -> &'static MarkerIndex {
    static INDEX: std::sync::OnceLock<MarkerIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| index_markers(PREDICATES))
}

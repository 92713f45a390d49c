//! The frame of a scope statement: exclusion phrasings, intros and headings, market and
//! Statement of Applicability wording, list separators, and letter case.

/// Leading exclusions, a sentence (or fronted clause) of their own.
pub const LEADING: &[&str] = &[
    "Excluding",
    "Except for",
    "With the exception of",
    "Other than",
    "Save for",
    "Apart from",
    "Not including",
    "Excl.",
];

/// Leading exclusions that read naturally as a fronted clause before the inclusion.
pub const FRONTED: &[&str] = &[
    "Excluding",
    "Except for",
    "With the exception of",
    "Other than",
    "Save for",
    "Apart from",
];

/// The main clause after a fronted exclusion.
pub const FRONTED_OPENERS: &[&str] = &[
    "the certificate covers",
    "the scope includes",
    "the information security management system of Fictitious Nimbus Ltd covers",
    "this certification applies to",
];

/// Trailing exclusions, after the inclusion list; they reach to the end of the sentence.
pub const TRAILING: &[&str] = &[
    ", excluding",
    ", except",
    ", but not",
    ", other than",
    ", with the exception of",
    ", excepting",
    ", except for",
    ", not including",
    ", excl.",
];

/// Exclusion headings; they reach every item under them until a blank line or another heading.
pub const HEADINGS: &[&str] = &[
    "Exclusions:",
    "Not covered:",
    "Out of scope:",
    "Excluded from the scope:",
    "Not in scope:",
    "The following are excluded:",
];

/// Headings over the included services.
pub const IN_SCOPE_HEADINGS: &[&str] = &["Scope:", "In scope:", "Included:"];

/// Parenthetical exclusions: (label, text before the list, text after it).
pub const PARENTHESES: &[(&str, &str, &str)] = &[
    ("(excluding …)", "(excluding ", ")"),
    ("(except …)", "(except ", ")"),
    ("(not including …)", "(not including ", ")"),
    ("(… excluded)", "(", " excluded)"),
    ("(… out of scope)", "(", " out of scope)"),
];

/// Negated verbs before the list.
pub const NEGATED_FRONT: &[&str] = &[
    "The certificate does not extend to",
    "This certification does not cover",
    "The scope does not include",
];

/// Negated verbs after the list: (label, plural, singular). The last, with empty verbs, is
/// "No … are included in the scope".
pub const NEGATED_BACK: &[(&str, &str, &str)] = &[
    (
        "… do not form part of this certification",
        "do not form part of this certification",
        "does not form part of this certification",
    ),
    (
        "… are not part of the certified scope",
        "are not part of the certified scope",
        "is not part of the certified scope",
    ),
    (
        "… fall outside the scope",
        "fall outside the scope",
        "falls outside the scope",
    ),
    (
        "… is not covered by this certificate",
        "are not covered by this certificate",
        "is not covered by this certificate",
    ),
    (
        "… are excluded from this certification",
        "are excluded from this certification",
        "is excluded from this certification",
    ),
    ("… are out of scope", "are out of scope", "is out of scope"),
    (
        "… have been excluded",
        "have been excluded",
        "has been excluded",
    ),
    ("No … are included in the scope", "", ""),
];

/// Words that open a contrasting clause in the same sentence.
pub const CONTRASTS: &[&str] = &[", but", ", whereas", ", while"];

/// The infix of the over-caution shape "A other than B, and C" ("other than" three times as
/// often as the others).
pub const OVER_CAUTION: &[&str] = &[
    "other than",
    "other than",
    "other than",
    "except",
    "excluding",
    "but not",
];

/// Broad categories written before an over-caution exception; never claimed.
pub const CATEGORIES: &[&str] = &[
    "network infrastructure",
    "telecommunications",
    "professional consulting",
    "digital engineering",
];

/// Intros before an inline inclusion list.
pub const INTROS_INLINE: &[&str] = &[
    "",
    "The information security management system of Fictitious Nimbus Ltd for ",
    "Provision of ",
    "The certificate covers ",
    "This certification applies to ",
    "Scope: ",
];

/// Intros before a vertical inclusion list.
pub const INTROS_VERTICAL: &[&str] = &[
    "Scope:",
    "The information security management system of Fictitious Nimbus Ltd for:",
    "The certificate covers:",
    "In scope:",
];

/// Openers of a further sentence of included services.
pub const MORE_OPENERS: &[&str] = &[
    "The scope also includes",
    "It also covers",
    "In addition, the certificate covers",
    "Also in scope:",
];

/// Statement of Applicability wording after an inline inclusion.
pub const SOA_INLINE: &[&str] = &[
    " in accordance with the Statement of Applicability v3",
    ", as described in the Statement of Applicability version 2.1",
];

/// Statement of Applicability wording as a sentence of its own.
pub const SOA_SENTENCE: &str = "In accordance with the Statement of Applicability v3.";

/// Market mentions as a sentence of their own.
pub const MARKET_SENTENCES: &[&str] = &[
    "Serving clients in {}.",
    "For customers in {}.",
    "Customers are located in {}.",
    "Our clients are based across {}.",
    "Offered to customers located in {}.",
];

/// Market mentions after an inline inclusion.
pub const MARKET_INLINE: &[&str] = &[
    " for customers in {}",
    ", serving clients in {}",
    " for clients across {}",
];

/// Every frame text, for the check that no service word appears in the frame.
pub fn frame_texts() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for table in [
        LEADING,
        FRONTED_OPENERS,
        TRAILING,
        HEADINGS,
        IN_SCOPE_HEADINGS,
        NEGATED_FRONT,
        CONTRASTS,
        OVER_CAUTION,
        CATEGORIES,
        INTROS_INLINE,
        INTROS_VERTICAL,
        MORE_OPENERS,
        SOA_INLINE,
        MARKET_SENTENCES,
        MARKET_INLINE,
    ] {
        out.extend(table);
    }
    for (label, before, after) in PARENTHESES {
        out.extend([*label, *before, *after]);
    }
    for (label, plural, singular) in NEGATED_BACK {
        out.extend([*label, *plural, *singular]);
    }
    out.extend([SOA_SENTENCE, "no are is included in the scope"]);
    out
}

/// The distinct exclusion phrasings the grammar writes.
pub fn exclusion_phrasings() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    out.extend(LEADING);
    out.extend(TRAILING);
    out.extend(HEADINGS);
    out.extend(PARENTHESES.iter().map(|p| p.0));
    out.extend(NEGATED_FRONT);
    out.extend(NEGATED_BACK.iter().map(|p| p.0));
    out.extend(OVER_CAUTION);
    out.sort_unstable();
    out.dedup();
    out
}

/// How list items are numbered.
#[derive(Debug, Clone, Copy)]
pub enum Numbering {
    /// `1)`
    ArabicParen,
    /// `1.`
    ArabicDot,
    /// `(a)`
    LetterBoth,
    /// `a)`
    LetterParen,
    /// `i.`
    RomanDot,
    /// `(iv)`
    RomanBoth,
}

impl Numbering {
    fn label(self, n: usize) -> String {
        const LETTERS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];
        const ROMAN: [&str; 6] = ["i", "ii", "iii", "iv", "v", "vi"];
        match self {
            Numbering::ArabicParen => format!("{})", n + 1),
            Numbering::ArabicDot => format!("{}.", n + 1),
            Numbering::LetterBoth => format!("({})", LETTERS[n]),
            Numbering::LetterParen => format!("{})", LETTERS[n]),
            Numbering::RomanDot => format!("{}.", ROMAN[n]),
            Numbering::RomanBoth => format!("({})", ROMAN[n]),
        }
    }
}

/// How the items of a list are separated.
#[derive(Debug, Clone, Copy)]
pub enum Separator {
    /// "a, b and c"
    CommaAnd,
    /// "a, b, and c"
    CommaAndOxford,
    /// "a, b or c"
    CommaOr,
    /// "a, b, or c"
    CommaOrOxford,
    /// "a; b; c", "a; b and c", "a; b; and c"
    Semicolon,
    /// "a; b; and c" ("a and b" for two): a list even when it is the subject of a verb
    SemicolonAnd,
    /// "a (including b), c and d"
    ParenIncluding,
    /// "(a) x; (b) y; and (c) z" on one line
    Inline(Numbering),
    /// one item per line, no marker
    Lines,
    /// one item per line after a bullet
    Bullet(&'static str),
    /// one item per numbered line
    Vertical(Numbering),
}

/// `separators` followed by every inline numbering: "(a) … (b)", "1) … 2)", "(i) … (ii)", "a) … b)".
macro_rules! with_inline_numbering {
    ($($separator:expr),* $(,)?) => {
        &[
            $($separator,)*
            Separator::Inline(Numbering::LetterBoth),
            Separator::Inline(Numbering::ArabicParen),
            Separator::Inline(Numbering::RomanBoth),
            Separator::Inline(Numbering::LetterParen),
        ]
    };
}

/// Inline separators for included services.
pub const INCLUDED_INLINE: &[Separator] = with_inline_numbering![
    Separator::CommaAnd,
    Separator::CommaAndOxford,
    Separator::Semicolon,
    Separator::ParenIncluding
];

/// Inline separators for excluded services.
pub const EXCLUDED_INLINE: &[Separator] = with_inline_numbering![
    Separator::CommaAnd,
    Separator::CommaAndOxford,
    Separator::Semicolon
];

/// Inline separators for excluded services before a negated verb ("a, b and c are out of
/// scope"): a bare "a; b" would read as two clauses there, so semicolons always end in "; and".
pub const EXCLUDED_SUBJECT: &[Separator] = with_inline_numbering![
    Separator::CommaAnd,
    Separator::CommaAndOxford,
    Separator::SemicolonAnd
];

/// Separators for the excluded services of a fronted clause ("Except for a, b and c, the
/// certificate covers …"), where a semicolon would end the clause.
pub const EXCLUDED_FRONTED: &[Separator] = &[Separator::CommaAnd, Separator::CommaAndOxford];

/// Inline separators for excluded services after a negated verb ("does not cover a or b").
pub const EXCLUDED_INLINE_OR: &[Separator] = &[
    Separator::CommaAnd,
    Separator::CommaAndOxford,
    Separator::CommaOr,
    Separator::CommaOrOxford,
    Separator::Semicolon,
    Separator::Inline(Numbering::LetterBoth),
    Separator::Inline(Numbering::RomanBoth),
];

/// Separators after "No": "No a, b or c are included in the scope".
pub const NO_FORM: &[Separator] = &[Separator::CommaOr, Separator::CommaOrOxford];

/// Vertical lists: one item per line.
pub const VERTICAL: &[Separator] = &[
    Separator::Lines,
    Separator::Bullet("-"),
    Separator::Bullet("•"),
    Separator::Bullet("*"),
    Separator::Vertical(Numbering::ArabicParen),
    Separator::Vertical(Numbering::ArabicDot),
    Separator::Vertical(Numbering::LetterBoth),
    Separator::Vertical(Numbering::LetterParen),
    Separator::Vertical(Numbering::RomanDot),
    Separator::Vertical(Numbering::RomanBoth),
];

impl Separator {
    /// True for one item per line.
    pub fn is_vertical(self) -> bool {
        matches!(
            self,
            Separator::Lines | Separator::Bullet(_) | Separator::Vertical(_)
        )
    }

    /// The separator's name in failure reports ("single" for one inline item).
    pub fn label(self, items: usize) -> &'static str {
        if items == 1 && !self.is_vertical() {
            return "single";
        }
        if items == 2 && matches!(self, Separator::SemicolonAnd) {
            return "comma-and";
        }
        match self {
            Separator::CommaAnd => "comma-and",
            Separator::CommaAndOxford => "comma-and-oxford",
            Separator::CommaOr => "comma-or",
            Separator::CommaOrOxford => "comma-or-oxford",
            Separator::Semicolon => "semicolon",
            Separator::SemicolonAnd => "semicolon-and",
            Separator::ParenIncluding => "paren-including",
            Separator::Inline(n) => match n {
                Numbering::ArabicParen => "inline 1)",
                Numbering::ArabicDot => "inline 1.",
                Numbering::LetterBoth => "inline (a)",
                Numbering::LetterParen => "inline a)",
                Numbering::RomanDot => "inline i.",
                Numbering::RomanBoth => "inline (iv)",
            },
            Separator::Lines => "line-break",
            Separator::Bullet("-") => "bullet -",
            Separator::Bullet("•") => "bullet •",
            Separator::Bullet(_) => "bullet *",
            Separator::Vertical(n) => match n {
                Numbering::ArabicParen => "lines 1)",
                Numbering::ArabicDot => "lines 1.",
                Numbering::LetterBoth => "lines (a)",
                Numbering::LetterParen => "lines a)",
                Numbering::RomanDot => "lines i.",
                Numbering::RomanBoth => "lines (iv)",
            },
        }
    }

    /// Joins `items`; `endings` picks among the usual variants (final "and", line punctuation).
    pub fn join(self, items: &[String], endings: u8) -> String {
        let n = items.len();
        if n == 1 && !self.is_vertical() {
            return items[0].clone();
        }
        if n == 2 && matches!(self, Separator::SemicolonAnd) {
            return join_words(items, "and", false);
        }
        match self {
            Separator::CommaAnd => join_words(items, "and", false),
            Separator::CommaAndOxford => join_words(items, "and", true),
            Separator::CommaOr => join_words(items, "or", false),
            Separator::CommaOrOxford => join_words(items, "or", true),
            Separator::Semicolon | Separator::SemicolonAnd => {
                let mut out = items[0].clone();
                for (k, item) in items.iter().enumerate().skip(1) {
                    let last = k == n - 1;
                    let endings = if matches!(self, Separator::SemicolonAnd) {
                        2
                    } else {
                        endings
                    };
                    out.push_str(match (endings % 3, last) {
                        (1, true) if n > 2 => " and ",
                        (2, true) => "; and ",
                        _ => "; ",
                    });
                    out.push_str(item);
                }
                out
            }
            Separator::ParenIncluding => match items {
                [one] => one.clone(),
                [first, second, rest @ ..] => {
                    let mut out = format!("{first} (including {second})");
                    match rest {
                        [] => {}
                        [only] => out.push_str(&format!(" and {only}")),
                        _ => out.push_str(&format!(", {}", join_words(rest, "and", false))),
                    }
                    out
                }
                [] => String::new(),
            },
            Separator::Inline(numbering) => {
                let (join, last_join) = match endings % 3 {
                    0 => ("; ", "; and "),
                    1 => (", ", ", and "),
                    _ => (" ", " "),
                };
                let mut out = String::new();
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push_str(if k == n - 1 { last_join } else { join });
                    }
                    out.push_str(&format!("{} {item}", numbering.label(k)));
                }
                out
            }
            Separator::Lines | Separator::Bullet(_) | Separator::Vertical(_) => {
                let mut out = String::new();
                for (k, item) in items.iter().enumerate() {
                    let marker = match self {
                        Separator::Bullet(bullet) => format!("{bullet} "),
                        Separator::Vertical(numbering) => format!("{} ", numbering.label(k)),
                        _ => String::new(),
                    };
                    let last = k == n - 1;
                    let ending = match (endings % 4, last) {
                        (0, _) => "",
                        (_, true) => ".",
                        (2, false) if k == n - 2 => "; and",
                        (3, false) => ",",
                        _ => ";",
                    };
                    out.push_str(&format!("\n{marker}{item}{ending}"));
                }
                out
            }
        }
    }
}

/// "a", "a and b", "a, b and c" (or "a, b, and c" with the Oxford comma).
pub fn join_words<S: AsRef<str>>(items: &[S], conjunction: &str, oxford: bool) -> String {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [first, second] => format!("{first} {conjunction} {second}"),
        [init @ .., last] => {
            let comma = if oxford { "," } else { "" };
            format!("{}{comma} {conjunction} {last}", init.join(", "))
        }
    }
}

/// Upper-cases the first character when it is a letter.
pub fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_alphabetic() => first.to_uppercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

fn mix(a: u32, b: u32) -> u32 {
    let mut x = a ^ b.wrapping_mul(0x9E37_79B9);
    x ^= x >> 16;
    x = x.wrapping_mul(0x85EB_CA6B);
    x ^= x >> 13;
    x
}

/// Rewrites the letter case of `text` from `seed`: as written, lower, Title, UPPER, or each
/// word at random among the three.
pub fn apply_case(text: &str, seed: u32) -> String {
    let mode = seed % 5;
    if mode == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut index = 0u32;
    let flush = |word: &mut String, out: &mut String, index: &mut u32| {
        if word.is_empty() {
            return;
        }
        let style = if mode == 4 {
            1 + mix(seed, *index) % 3
        } else {
            mode
        };
        match style {
            1 => out.push_str(&word.to_lowercase()),
            2 => {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(&chars.as_str().to_lowercase());
                }
            }
            _ => out.push_str(&word.to_uppercase()),
        }
        word.clear();
        *index += 1;
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out, &mut index);
            out.push(c);
        }
    }
    flush(&mut word, &mut out, &mut index);
    out
}

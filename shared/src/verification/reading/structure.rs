//! The shape of a scope text: the punctuation between words, numbered and lettered items,
//! sentences, headings and parentheses.

use super::Reader;
use super::lexicon::{Classes, is_roman};

/// The punctuation between two words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Gap {
    pub(super) newline: bool,
    pub(super) blank_line: bool,
    /// A sentence-ending `.`, `!` or `?` followed by a space or the end.
    pub(super) full_stop: bool,
    pub(super) semicolon: bool,
    pub(super) comma: bool,
    pub(super) colon: bool,
    pub(super) open: u8,
    pub(super) close: u8,
    /// A bullet (`-`, `•`, `*` …) at the start of a line.
    pub(super) bullet: bool,
    /// `n/a`-style slash.
    pub(super) slash: bool,
    pub(super) ampersand: bool,
}

pub(super) fn gap(chars: &[char], from: usize, to: usize, at_text_start: bool) -> Gap {
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
    // Two line breaks with only spaces between them (most gaps hold no line break at all).
    g.blank_line = newlines >= 2 && blank_line(slice);
    g
}

/// Whether two of the line breaks in `slice` have only spaces between them.
fn blank_line(slice: &[char]) -> bool {
    let text: String = slice.iter().collect();
    text.split('\n')
        .skip(1)
        .collect::<Vec<_>>()
        .iter()
        .rev()
        .skip(1)
        .any(|line| line.trim().is_empty())
}

impl Reader<'_> {
    /// Finds bullets and numbers, sentences, headings and parentheses.
    pub(super) fn structure(&mut self) {
        let n = self.tokens.len();
        // Numbered and lettered items: "1)", "1.", "(a)", "a)", "iv." at a line start, or "(b)"
        // / "b)" inline after a separator.
        let mut line_label: Vec<u32> = Vec::new();
        let mut second_word_labels: Vec<usize> = Vec::new();
        for i in 0..n {
            let word = self.lower(i);
            let short = word.len() <= 3
                && (word.chars().all(|c| c.is_ascii_digit())
                    || (word.len() == 1 && word.chars().all(|c| c.is_ascii_lowercase()))
                    || is_roman(word));
            if !short {
                continue;
            }
            // Only short words are copied (the roles are written below).
            let word = word.to_owned();
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
            // "not 3. payroll" under "1. …" and "2. …": the next item, whatever word precedes
            // its label on the line.
            let second_word = i > 0
                && (1..=2).any(|k| i >= k && (i == k || self.gaps[i - k].newline))
                && (closes || dotted)
                && !(before.comma || before.semicolon || before.colon || before.newline)
                && label_values(&word)
                    .iter()
                    .any(|v| line_label.contains(&v.saturating_sub(1)));
            if at_line_start && (closes || dotted) || second_word {
                line_label = label_values(&word);
            }
            if second_word {
                second_word_labels.push(i);
            }
            if (at_line_start && (closes || dotted))
                || bracketed
                || (after_separator && closes)
                || second_word
            {
                self.item_marker[i] = true;
                self.roles[i].marker = true;
            }
        }
        let opens_before_label = self.inline_enumerations();
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
            let labelled = self.item_marker[from]
                || (from + 1..(from + 3).min(to)).any(|k| second_word_labels.contains(&k));
            self.line_item
                .push(at_line_start && (first.bullet || labelled));
            // A heading ends with a colon at the end of its line (or of the text).
            let colon_at_end = trailing.colon && (trailing.newline || to == self.tokens.len());
            self.heading.push(colon_at_end);
        }
        // Parentheses: a group id per word; the brackets of "(a)" belong to the item marker.
        // "(a)" owns both brackets. "b)" owns its `)` only while the text has more closing than
        // opening brackets: in "(bar b) …" the `)` closes the parenthesis "bar" opened.
        let mut open_adjust = vec![0_i32; n + 1];
        let mut close_adjust = vec![0_i32; n + 1];
        let label_closes = |i: usize| self.chars.get(self.tokens[i].end) == Some(&')');
        let mut pairs = 0;
        for i in 0..n {
            if self.item_marker[i]
                && self.gaps[i].open > 0
                && !opens_before_label[i]
                && label_closes(i)
            {
                open_adjust[i] = 1;
                close_adjust[i + 1] = 1;
                pairs += 1;
            }
        }
        let total = |count: fn(&Gap) -> u8| -> i32 {
            self.gaps.iter().map(|g| i32::from(count(g))).sum::<i32>() - pairs
        };
        let mut excess = total(|g| g.close) - total(|g| g.open);
        // Labels written "(word b)" are the likeliest to close the parenthesis that word opened:
        // they get the spare closing brackets last.
        let after_opened_word = |i: usize| {
            (i.saturating_sub(3)..i).rev().any(|k| {
                self.gaps[k].open > 0
                    && (k + 1..=i).all(|w| {
                        let g = self.gaps[w];
                        !(g.comma || g.semicolon || g.colon || g.newline || g.close > 0)
                    })
            })
        };
        for last in [false, true] {
            for i in 0..n {
                if excess > 0
                    && self.item_marker[i]
                    && open_adjust[i] == 0
                    && close_adjust[i + 1] == 0
                    && label_closes(i)
                    && after_opened_word(i) == last
                {
                    close_adjust[i + 1] = 1;
                    excess -= 1;
                }
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

    /// Marks inline enumerations whose labels carry only a closing bracket, wherever they stand:
    /// "(except 1) payroll; and 2) legal)". A label followed by `)` is an item only when the
    /// next label of its series ("2)" after "1)", "b)" after "a)", "ii)" after "i)") follows it
    /// in the same sentence; otherwise the `)` closes a parenthesis as usual.
    ///
    /// Returns, per word, whether the `(` before a label opens a parenthesis rather than
    /// belonging to the label: the series is written "1) … 2)", so "(1) a; and 2) b)" is a
    /// parenthesis holding two items.
    fn inline_enumerations(&mut self) -> Vec<bool> {
        let mut opens_before_label = vec![false; self.tokens.len()];
        let labels: Vec<(usize, Vec<u32>)> = (0..self.tokens.len())
            .filter(|&i| self.chars.get(self.tokens[i].end) == Some(&')'))
            .map(|i| (i, label_values(self.lower(i))))
            .filter(|(_, values)| !values.is_empty())
            .collect();
        for (k, (i, values)) in labels.iter().enumerate() {
            // The next label of the sentence, when it continues the series.
            let successor = labels.get(k + 1).filter(|(j, later)| {
                !(*i + 1..=*j).any(|w| self.gaps[w].newline || self.gaps[w].full_stop)
                    && values.iter().any(|v| later.contains(&(v + 1)))
            });
            if let Some(&(j, _)) = successor {
                for w in [*i, j] {
                    self.item_marker[w] = true;
                    self.roles[w].marker = true;
                }
                let bracketed = |w: usize| {
                    self.tokens[w].start > 0 && self.chars[self.tokens[w].start - 1] == '('
                };
                // "(not b)" is still the bracketed style, with a word inside.
                let unbracketed = !bracketed(j) && self.gaps[j - 1].open == 0;
                opens_before_label[*i] = bracketed(*i) && unbracketed;
            }
        }
        opens_before_label
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
        !(self.is(i - 1, Classes::ABBREVIATION) || initial)
    }
}

/// The positions an item label can stand for: "3" is 3; "b" is 2; "iv" is 4; "i" is 1 (roman)
/// or 9 (the ninth letter), "v" 5 or 22, "x" 10 or 24. Empty for anything else.
fn label_values(word: &str) -> Vec<u32> {
    let mut values = Vec::new();
    if (1..=2).contains(&word.len()) && word.chars().all(|c| c.is_ascii_digit()) {
        values.extend(word.parse::<u32>().ok());
    }
    if let [letter] = word.as_bytes()
        && letter.is_ascii_lowercase()
    {
        values.push(u32::from(letter - b'a') + 1);
    }
    if is_roman(word) {
        const NUMERALS: [&str; 12] = [
            "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
        ];
        values.extend(
            NUMERALS
                .iter()
                .position(|n| *n == word)
                .map(|p| p as u32 + 1),
        );
    }
    values
}

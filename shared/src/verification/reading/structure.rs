//! The shape of a scope text: the punctuation between words, numbered and lettered items,
//! sentences, headings and parentheses.

use super::lexicon::{Classes, is_roman};
use super::{Reader, Sentence};

/// The punctuation between two words: its marks as bits, so that asking whether a gap holds any
/// of several marks is one test.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Gap {
    /// The marks below the gap holds, or-ed.
    marks: u16,
    /// How many `(` or `[` it holds.
    pub(super) open: u8,
    /// How many `)` or `]` it holds.
    pub(super) close: u8,
}

impl Gap {
    /// A line break.
    const NEWLINE: u16 = 1 << 0;
    /// Two line breaks with only spaces between them.
    const BLANK_LINE: u16 = 1 << 1;
    /// A sentence-ending `.`, `!` or `?` followed by a space or the end.
    const FULL_STOP: u16 = 1 << 2;
    const SEMICOLON: u16 = 1 << 3;
    const COMMA: u16 = 1 << 4;
    const COLON: u16 = 1 << 5;
    /// A bullet (`-`, `•`, `*` …) at the start of a line.
    const BULLET: u16 = 1 << 6;
    /// `n/a`-style slash.
    const SLASH: u16 = 1 << 7;
    const AMPERSAND: u16 = 1 << 8;

    fn has(self, marks: u16) -> bool {
        self.marks & marks != 0
    }

    pub(super) fn newline(self) -> bool {
        self.has(Self::NEWLINE)
    }

    pub(super) fn blank_line(self) -> bool {
        self.has(Self::BLANK_LINE)
    }

    pub(super) fn full_stop(self) -> bool {
        self.has(Self::FULL_STOP)
    }

    pub(super) fn semicolon(self) -> bool {
        self.has(Self::SEMICOLON)
    }

    pub(super) fn comma(self) -> bool {
        self.has(Self::COMMA)
    }

    pub(super) fn colon(self) -> bool {
        self.has(Self::COLON)
    }

    pub(super) fn bullet(self) -> bool {
        self.has(Self::BULLET)
    }

    pub(super) fn slash(self) -> bool {
        self.has(Self::SLASH)
    }

    /// Whether the gap ends a clause: a semicolon, a colon, a full stop or a line break.
    pub(super) fn stops_clause(self) -> bool {
        self.has(Self::SEMICOLON | Self::COLON | Self::FULL_STOP | Self::NEWLINE)
    }

    /// Whether the gap separates two segments of the public reading: any punctuation but a
    /// slash, an ampersand or a bullet.
    pub(super) fn separates(self) -> bool {
        self.has(Self::COMMA | Self::SEMICOLON | Self::COLON | Self::NEWLINE | Self::FULL_STOP)
            || self.open > 0
            || self.close > 0
    }
}

/// The punctuation of `between`, the text between two words (or before the first, or after the
/// last); `at_text_start` when it starts the text. The most common gap by far, one space, is
/// answered by the reader without asking ([`super::Source::is_one_space`]).
pub(super) fn gap(between: &str, at_text_start: bool) -> Gap {
    let mut g = Gap::default();
    let mut newlines = 0;
    let mut line_start = at_text_start;
    let mut chars = between.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek();
        match c {
            '\n' => {
                newlines += 1;
                line_start = true;
                continue;
            }
            '.' | '!' | '?' if next.is_none_or(|n| n.is_whitespace()) => g.marks |= Gap::FULL_STOP,
            ';' => g.marks |= Gap::SEMICOLON,
            ',' => g.marks |= Gap::COMMA,
            ':' => g.marks |= Gap::COLON,
            '(' | '[' => g.open += 1,
            ')' | ']' => g.close += 1,
            '/' => g.marks |= Gap::SLASH,
            '&' => g.marks |= Gap::AMPERSAND,
            '-' | '•' | '*' | '–' | '—' | '·' | '▪' | '◦' | '‣' | '○' | '■' | '►' | '→' | '>'
                if line_start && next.is_none_or(|n| n.is_whitespace()) =>
            {
                g.marks |= Gap::BULLET
            }
            _ => {}
        }
        if !c.is_whitespace() {
            line_start = false;
        }
    }
    if newlines > 0 {
        g.marks |= Gap::NEWLINE;
    }
    // Two line breaks with only spaces between them (most gaps hold no line break at all).
    if newlines >= 2 && blank_line(between) {
        g.marks |= Gap::BLANK_LINE;
    }
    g
}

/// Whether two of the line breaks in `between` have only spaces between them: one of the lines
/// between its first and its last line break is blank.
fn blank_line(between: &str) -> bool {
    let mut lines = between.split('\n');
    lines.next();
    lines.next_back();
    lines.any(|line| line.trim().is_empty())
}

impl Reader<'_> {
    /// Finds bullets and numbers, sentences, headings and parentheses.
    pub(super) fn structure(&mut self) {
        let n = self.tokens.len();
        // Numbered and lettered items: "1)", "1.", "(a)", "a)", "iv." at a line start, or "(b)"
        // / "b)" inline after a separator.
        let mut line_label = Labels::default();
        let mut second_word_labels: Vec<usize> = Vec::new();
        for i in 0..n {
            // A label is followed by ")", or by "." and a space: most words by neither.
            let after_gap = self.gaps[i + 1];
            if after_gap.close == 0 && !after_gap.full_stop() {
                continue;
            }
            let word = self.lower(i);
            let short = word.len() <= 3
                && (word.chars().all(|c| c.is_ascii_digit())
                    || (word.len() == 1 && word.chars().all(|c| c.is_ascii_lowercase()))
                    || is_roman(word));
            if !short {
                continue;
            }
            // What the word can be as a label, read before the roles are written below.
            let (labels, roman, single) = (Labels::of(word), is_roman(word), word.len() == 1);
            let before = self.gaps[i];
            let at_line_start = i == 0 || before.newline() || before.bullet();
            let (start, end) = (self.tokens[i].start, self.tokens[i].end);
            let after = self.source.char_at(end);
            let opened =
                start > 0 && self.source.char_at(start - 1) == Some('(') && before.open == 1;
            let closes = after == Some(')');
            let dotted = after == Some('.')
                && self
                    .source
                    .char_at(end + 1)
                    .is_some_and(|c| c.is_whitespace());
            let after_separator = before.semicolon() || before.colon() || before.comma();
            let bracketed =
                opened && closes && (at_line_start || after_separator || roman || single);
            // "not 3. payroll" under "1. …" and "2. …": the next item, whatever word precedes
            // its label on the line.
            let second_word = i > 0
                && (1..=2).any(|k| i >= k && (i == k || self.gaps[i - k].newline()))
                && (closes || dotted)
                && !(before.comma() || before.semicolon() || before.colon() || before.newline())
                && labels.continues(line_label);
            if at_line_start && (closes || dotted) || second_word {
                line_label = labels;
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
        // Most texts hold no bracket: then no label carries one, and every word keeps group 0
        // (below).
        let brackets = self.gaps.iter().any(|g| g.open > 0 || g.close > 0);
        let opens_before_label = if brackets {
            self.inline_enumerations()
        } else {
            Vec::new()
        };
        // Sentences.
        let mut start = 0;
        for i in 1..=n {
            let ends = i == n || self.gaps[i].newline() || self.full_stop_before(i);
            if !ends {
                continue;
            }
            for role in &mut self.roles[start..i] {
                role.sentence = self.sentences.len();
            }
            let first = self.gaps[start];
            let trailing = self.gaps[i];
            let line_start = start == 0 || first.newline();
            let labelled = self.item_marker[start]
                || (start + 1..(start + 3).min(i)).any(|k| second_word_labels.contains(&k));
            self.sentences.push(Sentence {
                start,
                end: i,
                // A heading ends with a colon at the end of its line (or of the text).
                heading: trailing.colon() && (trailing.newline() || i == n),
                line_item: line_start && (first.bullet() || labelled),
                line_start,
            });
            start = i;
        }
        // Parentheses: a group id per word; the brackets of "(a)" belong to the item marker.
        if !brackets {
            return;
        }
        // Most texts have no item label: then no bracket belongs to one.
        let (open_adjust, close_adjust) = if self.item_marker.contains(&true) {
            self.label_brackets(&opens_before_label)
        } else {
            (Vec::new(), Vec::new())
        };
        let adjust = |list: &[i32], i: usize| list.get(i).copied().unwrap_or(0);
        let (mut depth, mut group, mut groups) = (0_i32, 0, 0);
        for i in 0..n {
            let g = self.gaps[i];
            depth = (depth - (i32::from(g.close) - adjust(&close_adjust, i))).max(0);
            if depth == 0 {
                group = 0;
            }
            let opens = i32::from(g.open) - adjust(&open_adjust, i);
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

    /// The brackets that belong to item labels rather than to parentheses, as (per word, the
    /// `(` before it; per word, the `)` before it). "(a)" owns both brackets. "b)" owns its `)`
    /// only while the text has more closing than opening brackets: in "(bar b) …" the `)`
    /// closes the parenthesis "bar" opened. `opens_before_label`: the labels whose `(` opens a
    /// parenthesis ([`Self::inline_enumerations`]).
    fn label_brackets(&self, opens_before_label: &[usize]) -> (Vec<i32>, Vec<i32>) {
        let n = self.tokens.len();
        let mut open_adjust = vec![0_i32; n + 1];
        let mut close_adjust = vec![0_i32; n + 1];
        let label_closes = |i: usize| self.source.char_at(self.tokens[i].end) == Some(')');
        let mut pairs = 0;
        for i in 0..n {
            if self.item_marker[i]
                && self.gaps[i].open > 0
                && !opens_before_label.contains(&i)
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
                        !(g.comma() || g.semicolon() || g.colon() || g.newline() || g.close > 0)
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
        (open_adjust, close_adjust)
    }

    /// Marks inline enumerations whose labels carry only a closing bracket, wherever they stand:
    /// "(except 1) payroll; and 2) legal)". A label followed by `)` is an item only when the
    /// next label of its series ("2)" after "1)", "b)" after "a)", "ii)" after "i)") follows it
    /// in the same sentence; otherwise the `)` closes a parenthesis as usual.
    ///
    /// Returns the labels whose `(` opens a parenthesis rather than belonging to the label: the
    /// series is written "1) … 2)", so "(1) a; and 2) b)" is a parenthesis holding two items.
    fn inline_enumerations(&mut self) -> Vec<usize> {
        let mut opens_before_label = Vec::new();
        let labels: Vec<(usize, Labels)> = (0..self.tokens.len())
            .filter(|&i| self.source.char_at(self.tokens[i].end) == Some(')'))
            .map(|i| (i, Labels::of(self.lower(i))))
            .filter(|(_, labels)| !labels.is_empty())
            .collect();
        for (k, &(i, values)) in labels.iter().enumerate() {
            // The next label of the sentence, when it continues the series.
            let successor = labels.get(k + 1).filter(|&&(j, later)| {
                !(i + 1..=j).any(|w| self.gaps[w].newline() || self.gaps[w].full_stop())
                    && later.follows(values)
            });
            if let Some(&(j, _)) = successor {
                for w in [i, j] {
                    self.item_marker[w] = true;
                    self.roles[w].marker = true;
                }
                let bracketed = |w: usize| {
                    let start = self.tokens[w].start;
                    start > 0 && self.source.char_at(start - 1) == Some('(')
                };
                // "(not b)" is still the bracketed style, with a word inside.
                let unbracketed = !bracketed(j) && self.gaps[j - 1].open == 0;
                if bracketed(i) && unbracketed {
                    opens_before_label.push(i);
                }
            }
        }
        opens_before_label
    }

    /// True when a full stop between words `i - 1` and `i` ends a sentence: not after an
    /// abbreviation ("excl.", "e.g.", "No."), an initial or an item number.
    fn full_stop_before(&self, i: usize) -> bool {
        if !self.gaps[i].full_stop() || self.item_marker[i - 1] {
            return false;
        }
        let previous = &self.tokens[i - 1];
        // "S.A. " is an initial; "A/S. " ends a sentence.
        let initial =
            previous.end - previous.start == 1 && previous.capitalised && !self.gaps[i - 1].slash();
        !(self.is(i - 1, Classes::ABBREVIATION) || initial)
    }
}

/// The positions an item label can stand for, one bit per position: "3" is 3; "b" is 2; "iv" is
/// 4; "i" is 1 (roman) or 9 (the ninth letter), "v" 5 or 22, "x" 10 or 24. None for anything
/// else. A label has at most two digits, so every position is below 128: a set of them is a
/// number, with no list to allocate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Labels(u128);

impl Labels {
    /// The positions `word` can stand for as a label.
    fn of(word: &str) -> Labels {
        let mut positions = 0_u128;
        if (1..=2).contains(&word.len()) && word.chars().all(|c| c.is_ascii_digit()) {
            positions |= word.parse::<u32>().map_or(0, |p| 1 << p);
        }
        if let [letter] = word.as_bytes()
            && letter.is_ascii_lowercase()
        {
            positions |= 1 << (letter - b'a' + 1);
        }
        if is_roman(word) {
            const NUMERALS: [&str; 12] = [
                "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
            ];
            positions |= NUMERALS
                .iter()
                .position(|n| *n == word)
                .map_or(0, |p| 1 << (p + 1));
        }
        Labels(positions)
    }

    fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether one of these positions is one after one of `earlier`'s ("2" after "1", "b" after
    /// "a").
    fn follows(self, earlier: Labels) -> bool {
        (self.0 >> 1) & earlier.0 != 0
    }

    /// Whether these positions continue a list whose last label had `earlier`'s: one of them is
    /// one after one of `earlier`'s, or both hold 0.
    fn continues(self, earlier: Labels) -> bool {
        self.follows(earlier) || self.0 & earlier.0 & 1 != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The positions of a label, as the list the reader made of them before: "3" is 3; "b" is
    /// 2; "i" 1 or 9; "v" 5 or 22; "x" 10 or 24.
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
        let numerals = [
            "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
        ];
        values.extend(
            numerals
                .iter()
                .position(|n| *n == word)
                .map(|p| p as u32 + 1),
        );
        values
    }

    /// The sets of positions answer as the lists did, for every pair of short words (digits,
    /// letters, numerals and others).
    #[test]
    fn labels_answer_as_lists_of_positions() {
        let mut words: Vec<String> = (0..100).map(|n| n.to_string()).collect();
        words.extend((0..10).map(|n| format!("0{n}")));
        words.extend(('a'..='z').map(String::from));
        words.extend(["ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"].map(String::from));
        words.extend(["", "100", "ab", "A", "xiii", "é"].map(String::from));
        for word in &words {
            let values = label_values(word);
            let labels = Labels::of(word);
            assert_eq!(labels.is_empty(), values.is_empty(), "{word}");
            for other in &words {
                let earlier = label_values(other);
                let earlier_labels = Labels::of(other);
                assert_eq!(
                    labels.follows(earlier_labels),
                    earlier.iter().any(|v| values.contains(&(v + 1))),
                    "{word} after {other}"
                );
                assert_eq!(
                    labels.continues(earlier_labels),
                    values
                        .iter()
                        .any(|v| earlier.contains(&v.saturating_sub(1))),
                    "{word} continuing {other}"
                );
            }
        }
    }
}

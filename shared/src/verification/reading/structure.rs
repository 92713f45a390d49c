//! The shape of a scope text: the punctuation between words, numbered and lettered items,
//! sentences, headings and parentheses.

use super::Reader;
use super::lexicon::{ABBREVIATIONS, is_roman};

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

impl Reader<'_> {
    /// Finds bullets and numbers, sentences, headings and parentheses.
    pub(super) fn structure(&mut self) {
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
}

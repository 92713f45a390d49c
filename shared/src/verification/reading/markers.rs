//! Polarity: which words a heading, a marker, a predicate, a negation or an unresolved cue
//! takes out of the scope or puts in doubt, and how far each reaches.

use super::lexicon::{Classes, TWO_WORD_CUES};
use super::{Polarity, Reach, Reader};

/// The two marker lists a word may start a marker of.
#[derive(Debug, Clone, Copy)]
enum Markers {
    /// [`super::lexicon::FORWARD`]: the list after the marker is out.
    Forward,
    /// [`super::lexicon::PREDICATES`]: the subject before the marker is out.
    Predicates,
}

impl Reader<'_> {
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
            || self.is(i, Classes::CONTRACTION | Classes::FOREIGN_NEGATIVE)
            || self
                .match_marker(i, &["out", "of", "scope"], self.roles[i].sentence)
                .is_some()
            || self
                .match_marker(i, &["out", "of", "the", "scope"], self.roles[i].sentence)
                .is_some()
    }

    /// Asked of most words, often more than once: the word's lists answer for most words here.
    #[inline(always)]
    fn is_cue(&self, i: usize) -> bool {
        // "No." is a number, "Limited" a legal form (handled by not being a cue).
        self.is(i, Classes::CUE | Classes::FOREIGN_NEGATIVE)
            && (self.lower(i) != "no" || self.next_char(i) != Some('.'))
    }

    /// "limited to", "restricted to", "n/a": restrictions spelt in two words. Asked of every
    /// word: the word's lists answer for most words here ([`Self::two_word_cue`]).
    #[inline(always)]
    fn is_two_word_cue(&self, i: usize) -> Option<usize> {
        if !self.is(i, Classes::TWO_WORD_CUE_START) {
            // Most words start none.
            return None;
        }
        self.two_word_cue(i)
    }

    /// [`Self::is_two_word_cue`] for a word that may start one.
    fn two_word_cue(&self, i: usize) -> Option<usize> {
        let lower = self.lower(i);
        let next = self.lower_at(i + 1);
        TWO_WORD_CUES
            .iter()
            .any(|&(first, second, slash)| {
                lower == first && next == Some(second) && (!slash || self.gaps[i + 1].slash())
            })
            .then_some(2)
    }

    /// The first of `markers` (grouped by first word) that matches at word `i`; returns the
    /// index after the match. Asked of every word twice: the word's lists answer for most
    /// words here, and only a word that starts a marker is looked up ([`Self::first_marker`]).
    #[inline(always)]
    fn marker_at(&self, markers: Markers, i: usize, sentence: usize) -> Option<usize> {
        let first = match markers {
            Markers::Forward => Classes::FORWARD_START,
            Markers::Predicates => Classes::PREDICATE_START,
        };
        if !self.is(i, first) {
            // Most words start no marker.
            return None;
        }
        self.first_marker(markers, i, sentence)
    }

    /// [`Self::marker_at`] for a word that starts a marker of `markers`.
    fn first_marker(&self, markers: Markers, i: usize, sentence: usize) -> Option<usize> {
        let classes = self.tokens[i].classes;
        let starting = match markers {
            Markers::Forward => classes.forward_markers(),
            Markers::Predicates => classes.predicate_markers(),
        };
        starting
            .iter()
            .find_map(|m| self.match_marker(i, m, sentence))
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
        self.is(i, Classes::SELF_REFERENCE) && self.tokens[i].term() != "infotech"
    }

    /// The first word of the clause `i` is in, for a predicate reaching back: the sentence start,
    /// or after a contrast word, a colon, or the opening of `i`'s parenthesis.
    pub(super) fn clause_start(&self, i: usize, sentence_start: usize) -> usize {
        let mut j = i;
        while j > sentence_start {
            if self.paren[i] != 0 && self.paren[j - 1] != self.paren[i] {
                return j;
            }
            if self.gaps[j].colon() || self.is(j - 1, Classes::CONTRAST) {
                return j;
            }
            j -= 1;
        }
        sentence_start
    }

    /// The item just before word `i`: back to a comma, semicolon, colon or the sentence start.
    pub(super) fn item_start(&self, i: usize, sentence_start: usize) -> usize {
        let mut j = i;
        while j > sentence_start {
            let g = self.gaps[j];
            if g.comma() || g.semicolon() || g.colon() || self.item_marker[j - 1] {
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
            if g.comma()
                || g.semicolon()
                || g.colon()
                || self.is(j, Classes::CONTRAST)
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
        let full = self.gaps[from.min(self.tokens.len())].colon();
        let leading = (sentence_start..marker_start).all(|k| !self.content(k));
        let mut items = 0;
        let mut j = from;
        while j < sentence_end {
            if group != 0 && self.paren[j] != group {
                return j;
            }
            let g = self.gaps[j];
            if j > from && self.is(j, Classes::CONTRAST) && self.lower(j) != "but"
                || (j > from && self.lower(j) == "but" && self.lower_at(j + 1) != Some("not"))
            {
                return j;
            }
            if j > from && (g.comma() || g.semicolon()) {
                let conjunction = matches!(self.lower(j), "and" | "or" | "plus");
                // Numbered items ("(a) x; and (b) y") are one list whatever the punctuation.
                let numbered = (from..j).any(|k| self.item_marker[k]);
                if conjunction && items == 0 && !full && g.comma() && !numbered {
                    // "other than VoIP, and structured cabling": a new item of the outer list.
                    return j;
                }
                if leading
                    && !full
                    && g.comma()
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

    /// Assigns every word its polarity: headings, colons, markers, predicates, negations, then
    /// the cues left unresolved.
    pub(super) fn polarity(&mut self) {
        // Heading context: (polarity, region) inherited by the items under a heading.
        let mut context: Option<(Polarity, usize)> = None;
        let mut items_mode = false;
        for s in 0..self.sentences.len() {
            let sentence = self.sentences[s];
            let (start, end) = (sentence.start, sentence.end);
            if start == end {
                continue;
            }
            // Does the heading context still reach this sentence?
            if context.is_some() {
                let first = self.gaps[start];
                // A line of its own label ("Scope: …") starts a new part too.
                let labelled = sentence.line_start
                    && (start + 1..end.min(start + 4)).any(|i| self.gaps[i].colon());
                // A line that is no item ends a list of items, unless items follow it: then it
                // is an item whose label we could not read ("not 2) payroll").
                // A list whose line ends with "," or ";" or "and" goes on.
                let continued = first.comma()
                    || first.semicolon()
                    || matches!(self.lower_at(start.wrapping_sub(1)), Some("and" | "or"));
                let ends = first.blank_line()
                    || sentence.heading
                    || labelled
                    || (items_mode
                        && sentence.line_start
                        && !sentence.line_item
                        && !continued
                        && !self.items_follow(s));
                if ends {
                    context = None;
                }
            }
            if sentence.heading {
                context = self.heading_context(start, end);
                items_mode = self.sentences.get(s + 1).is_some_and(|next| next.line_item);
                continue;
            }
            if let Some((polarity, region)) = context {
                self.mark(start, end, polarity, region);
            }
            self.read_sentence(start, end);
        }
        for k in 0..self.whole_scope_restrictions.len() {
            let (sentence, region) = self.whole_scope_restrictions[k];
            for i in 0..self.tokens.len() {
                if self.roles[i].sentence != sentence {
                    self.mark(i, i + 1, Polarity::Unclear, region);
                }
            }
        }
        self.blankets();
    }

    /// True when the next line after sentence `s` (before a blank line or a heading) is an item.
    fn items_follow(&self, s: usize) -> bool {
        for sentence in &self.sentences[s + 1..] {
            if sentence.start == sentence.end {
                continue;
            }
            if self.gaps[sentence.start].blank_line() || sentence.heading {
                return false;
            }
            if sentence.line_start {
                return sentence.line_item;
            }
        }
        false
    }

    /// Reads a heading line; returns the context its items inherit.
    fn heading_context(&mut self, start: usize, end: usize) -> Option<(Polarity, usize)> {
        let sentence = self.roles[start].sentence;
        let negative = (start..end).find(|&i| {
            self.negative_word(i)
                || self.marker_at(Markers::Forward, i, sentence).is_some()
                || self.marker_at(Markers::Predicates, i, sentence).is_some()
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
        if let Some(colon) = (start + 1..end).find(|&i| self.gaps[i].colon()) {
            // The negative word opens the phrase ("Not covered", "The following are
            // excluded"); "Payroll hosting, excluding: …" is a marker, read below.
            let first_negative = (start..colon).find(|&i| self.negative_word(i));
            let opens = first_negative.is_some_and(|n| {
                (start..n).filter(|&k| self.content(k)).count() <= 2
                    && (start + 1..=n).all(|k| !self.gaps[k].comma())
            });
            let short = (start..colon).filter(|&i| self.content(i)).count() <= 8;
            if opens && short {
                let region = self.new_region(Polarity::Excluded, (start, colon), Reach::List);
                self.consume(start, colon);
                self.mark(start, end, Polarity::Excluded, region);
            }
        }
        // The words a marker, a predicate or a negation can start at (most words start none).
        const STARTS: u32 = Classes::FORWARD_START
            | Classes::PREDICATE_START
            | Classes::NEGATION
            | Classes::CONTRACTION;
        let mut i = start;
        while i < end {
            if self.consumed[i] || self.item_marker[i] {
                i += 1;
                continue;
            }
            if i > start
                && self.roles[i - 1].polarity == Polarity::Excluded
                && self.lower(i) == "as"
                && matches!(self.lower_at(i + 1), Some("is" | "are"))
            {
                // "… are excluded, as is the logistics subsidiary".
                let region = self.roles[i - 1].region.unwrap_or(0);
                self.consume(i, i + 2);
                self.mark(i, end, Polarity::Excluded, region);
                i = end;
                continue;
            }
            if !self.is(i, STARTS) {
                i += 1;
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
        const CUES: u32 = Classes::CUE | Classes::FOREIGN_NEGATIVE | Classes::TWO_WORD_CUE_START;
        for i in start..end {
            if self.consumed[i] || !self.is(i, CUES) {
                // Most words are no cue.
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
                let g = self.gaps[i];
                let item = self.item_start(i, start);
                let from = if i > start && (g.semicolon() || g.colon()) {
                    // "…; no statutory audit services": the cue opens its own item.
                    i
                } else {
                    self.clause_start(item, start).min(item)
                };
                // A cue that opens its clause ("Other n/a than a, b and c, …", "…, with n/a
                // the exception of a; b") may introduce a list like a marker: it reaches as far.
                // With at most one word before it in its item ("Other n/a than", "with n/a
                // the exception of") it may be splitting a marker phrase.
                let detached = i <= item + 1
                    || (item..i).all(|k| !self.content(k))
                    || self.is(i - 1, Classes::CONTRAST);
                let clause_end = self.clause_end(i, end);
                // A cue in a label before a colon ("Out of n/a scope: …") reaches what the label
                // introduces.
                let to = if detached || self.gaps[clause_end].colon() {
                    clause_end.max(self.list_end(i, i + width, (start, end)))
                } else {
                    clause_end
                };
                (from, to)
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
        if !restriction {
            return false;
        }
        let sentence_end = self.sentences[self.roles[i].sentence].end;
        let clause_end = (i + 1..sentence_end)
            .find(|&k| self.gaps[k].semicolon())
            .unwrap_or(sentence_end);
        let about_sites = (i..clause_end).any(|k| self.is(k, Classes::NAMES_PLACES));
        let subject = (start..i).filter(|&k| self.content(k));
        !about_sites
            && subject.clone().count() <= 5
            && subject.clone().any(|k| self.self_reference(k))
    }

    /// "only", "exclusively" attached to a place phrase: "at the Oslo and Bergen data centres
    /// only", "exclusively the Kassel site".
    fn restricts_places(&self, i: usize, start: usize) -> bool {
        if !matches!(self.lower(i), "only" | "solely" | "exclusively") {
            return false;
        }
        let sentence_end = self.sentences[self.roles[i].sentence].end;
        let after_place = i > start && self.is(i - 1, Classes::NAMES_PLACES);
        let before_place = (i + 1..(i + 4).min(sentence_end))
            .any(|k| self.is(k, Classes::NAMES_PLACES))
            && (i + 1..sentence_end).all(|k| !self.gaps[k].comma() && !self.gaps[k].semicolon());
        after_place || before_place
    }

    fn forward_marker(
        &mut self,
        i: usize,
        start: usize,
        end: usize,
        sentence: usize,
    ) -> Option<usize> {
        let after = self.marker_at(Markers::Forward, i, sentence)?;
        // "exclusion(s)" is a marker only when it opens the sentence or a colon follows.
        if matches!(self.lower(i), "exclusion" | "exclusions")
            && !(i == start || self.gaps[after.min(self.tokens.len())].colon())
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
        let detached = g.comma() || g.semicolon() || g.colon() || g.open > 0 || i == start;
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
        // "a, bar b, and c are out of scope": a predicate inside the list still reads back.
        let predicate =
            (after..to).find(|&k| self.marker_at(Markers::Predicates, k, sentence).is_some());
        Some(predicate.unwrap_or(to.max(after)))
    }

    fn predicate(&mut self, i: usize, start: usize, end: usize, sentence: usize) -> Option<usize> {
        let after = self.marker_at(Markers::Predicates, i, sentence)?;
        // "not excluded", "not out of scope": a double negative, left unresolved.
        if i > start && (self.lower(i - 1) == "not" || self.is(i - 1, Classes::CONTRACTION)) {
            return None;
        }
        let clause = self.clause_start(i, start);
        let opens_clause = (clause..i).all(|k| !self.content(k) || self.is(k, Classes::AUXILIARY));
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
        // Numbered items ("(a) x; (b) y are excluded") are one list whatever the punctuation.
        // "a; b; and c" (also with a word before the "and") or numbered items.
        let joined = |k: usize| matches!(self.lower_at(k), Some("and" | "or"));
        let list = (from + 1..cue).any(|k| {
            self.gaps[k].semicolon() && (joined(k) || joined(k + 1) && k + 1 < cue)
                || self.item_marker[k]
        });
        let split = (from + 1..cue).rev().find(|&k| self.gaps[k].semicolon());
        let enclosed = self.paren[cue] != 0 && self.paren[from] == self.paren[cue];
        let from = match split {
            Some(split) if !list && !enclosed => split,
            _ => from,
        };
        // "save for the reselling activities, which are not certified": when a relative clause
        // carries the predicate, its subject is what was already excluded, not the scope before
        // it. Without one ("a, bar b, and c are excluded") the predicate reaches the whole list.
        let relative = (from + 1..cue)
            .rev()
            .find(|&r| matches!(self.lower(r), "which" | "that" | "who"));
        let from = match relative {
            Some(r) if !enclosed && self.roles[r - 1].polarity == Polarity::Excluded => r,
            _ => from,
        };
        self.mark(from, to, polarity, region);
    }

    /// "not", "no", "n't": resolved when the sentence says what is not covered.
    fn negation(&mut self, i: usize, start: usize, end: usize) -> Option<usize> {
        if !self.is(i, Classes::NEGATION | Classes::CONTRACTION) {
            return None;
        }
        let lower = self.lower(i);
        let no_or_neither = matches!(lower, "no" | "neither");
        let clause = self.clause_start(i, start);
        let subject_content =
            (clause..i).any(|k| !self.is(k, Classes::AUXILIARY) && self.content(k));
        // The word after the negation, past auxiliaries such as "be" or "been".
        let mut j = i + 1;
        while j < end && (self.is(j, Classes::AUXILIARY) || self.is_cue(j)) {
            j += 1;
        }
        let next = self.lower_at(j).filter(|_| j < end).unwrap_or("");
        // The lists of the word after it (none past the sentence's end).
        let next_is = |classes: u32| j < end && self.is(j, classes);
        let double = next_is(Classes::PREDICATE_START) || next.starts_with("exclu");
        if double {
            return None;
        }
        if no_or_neither {
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
            .find(|&k| self.gaps[k].comma() || self.gaps[k].semicolon())
            .unwrap_or(clause);
        let head = (head_start..i).filter(|&k| self.content(k));
        let self_reference =
            head.clone().count() <= 5 && head.clone().any(|k| self.self_reference(k));
        let (from, to, reach) = if !subject_content {
            // "Not covered are …", "Not included: …".
            (i, self.list_end(i, i + 1, (start, end)), Reach::List)
        } else if next_is(Classes::SCOPE_VERB) || self_reference {
            // "The certificate does not extend to …", "Our services do not include …".
            (i, self.list_end(i, j.min(end), (start, end)), Reach::List)
        } else if next_is(Classes::STATUS_WORD) {
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
        let mut next = 0;
        while let Some(i) = self.next_in(next, Classes::BLANKET_OPENER) {
            next = i + 1;
            let nouns = match self.lower(i) {
                "all" => ALL_OF,
                "entire" | "whole" => WHOLE_OF,
                _ => continue,
            };
            let hit =
                (i + 1..(i + 4).min(self.tokens.len())).find(|&k| nouns.contains(&self.lower(k)));
            if let Some(last) = hit {
                for role in &mut self.roles[i..=last] {
                    role.blanket = true;
                }
            }
        }
    }
}

//! Places and organisations in a scope: which places are sites (where the work is done) and
//! which are markets (where customers are), and which organisations other than the holder are
//! named.

use super::lexicon::Classes;
use super::{Location, LocationKind, Organisation, ReadScope, Reader, WordRole};
use crate::verification::entity::normalize_entity_name;
use crate::verification::text::Token;

impl Reader<'_> {
    /// The place after a preposition such as "in", "at" or "from": capitalised words (several
    /// places joined by commas or "and"). `stops`: [`Self::clause_stops`].
    pub(super) fn locations(&self, stops: &[bool]) -> Vec<Location> {
        let mut out = Vec::new();
        let n = self.tokens.len();
        let mut next = 0;
        while let Some(i) = self.next_in(next, Classes::PLACE_PREPOSITION) {
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
                    && (j == from || !(self.gaps[j].comma() || self.gaps[j].semicolon()))
                {
                    j += 1;
                }
                let kind = place_kind(&self.tokens, &self.roles, stops, from);
                out.push(Location {
                    text: self
                        .source
                        .slice(self.tokens[from].start, self.tokens[j - 1].end)
                        .to_owned(),
                    start: self.tokens[from].start,
                    end: self.tokens[j - 1].end,
                    kind,
                });
                // "Spain and Portugal", "Spain, Portugal".
                if j < n && matches!(self.lower(j), "and" | "or") && !self.gaps[j].semicolon() {
                    j += 1;
                } else if !(j < n && self.gaps[j].comma()) {
                    break;
                }
            }
            next = j.max(i + 1);
        }
        out
    }

    /// Per word: a clause boundary (semicolon, colon, sentence) falls just before it.
    pub(super) fn clause_stops(&self) -> Vec<bool> {
        self.gaps.iter().map(|g| g.stops_clause()).collect()
    }

    /// Names ending in a legal form ("Fictitious Parent Group plc") other than the holder's.
    pub(super) fn organisations(&self, holder: Option<&str>) -> Vec<Organisation> {
        // The holder's name is read apart only when the scope names an organisation (most
        // name none).
        let mut holder_name: Option<Option<String>> = None;
        let mut out = Vec::new();
        let mut next = 0;
        while let Some(i) = self.next_in(next, Classes::LEGAL_FORM_ENDING) {
            next = i + 1;
            if i == 0 || !self.tokens[i - 1].capitalised {
                continue;
            }
            let mut from = i;
            while from > 0
                && from + 6 > i
                && (self.tokens[from - 1].capitalised
                    || matches!(self.lower(from - 1), "and" | "of" | "de" | "von" | "van"))
                && self.roles[from - 1].sentence == self.roles[i].sentence
                && !(self.gaps[from].comma() || self.gaps[from].semicolon())
            {
                from -= 1;
            }
            while from < i && !self.tokens[from].capitalised {
                from += 1;
            }
            if from == i {
                continue;
            }
            let text = self
                .source
                .slice(self.tokens[from].start, self.tokens[i].end)
                .to_owned();
            let holder = holder_name.get_or_insert_with(|| holder.map(normalize_entity_name));
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
        let classes = tokens[k].classes;
        if classes.any(Classes::MARKET_CUE) {
            return LocationKind::Market;
        }
        if classes.any(Classes::SITE_CUE | Classes::PLACE_NOUN | Classes::CONTRAST) {
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

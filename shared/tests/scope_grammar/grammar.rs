//! The rendering of a plan into scope text, together with the parts — each service with the
//! polarity it was written with — that claims are drawn from.

use super::phrasing::{
    CATEGORIES, CONTRASTS, EXCLUDED_FRONTED, EXCLUDED_INLINE, EXCLUDED_INLINE_OR, EXCLUDED_SUBJECT,
    FRONTED, FRONTED_OPENERS, HEADINGS, IN_SCOPE_HEADINGS, INCLUDED_INLINE, INTROS_INLINE,
    INTROS_VERTICAL, LEADING, MARKET_INLINE, MARKET_SENTENCES, MORE_OPENERS, NEGATED_BACK,
    NEGATED_FRONT, NO_FORM, OVER_CAUTION, PARENTHESES, SOA_INLINE, SOA_SENTENCE, Separator,
    TRAILING, VERTICAL, apply_case, capitalise_first, join_words,
};
use super::plan::{Family, ItemDraw, ListPlan, MarketPlan, TextPlan};
use super::vocabulary::{MARKET_PLACES, SERVICES, Service};

/// The polarity a part was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    Included,
    Excluded,
}

/// A service as it stands in a statement, and the claim drawn from it.
#[derive(Debug, Clone)]
pub struct Part {
    pub polarity: Polarity,
    pub family: &'static str,
    pub phrasing: &'static str,
    pub separator: &'static str,
    /// As the certification body wrote it (before the statement's letter case).
    pub written: String,
    /// As the buyer claims it.
    pub claim: String,
    /// The site whose own scope holds it; `None` for the certificate's scope.
    pub site: Option<usize>,
}

/// A rendered scope text.
#[derive(Debug, Clone)]
pub struct RenderedText {
    pub text: String,
    pub parts: Vec<Part>,
    /// Indices into [`MARKET_PLACES`] named as markets.
    pub markets: Vec<usize>,
}

/// Hands out each service at most once per record, so no two parts share a significant word.
pub struct Allocator {
    used: Vec<bool>,
}

impl Allocator {
    pub fn new() -> Allocator {
        Allocator {
            used: vec![false; SERVICES.len()],
        }
    }

    /// The first unused service at or after `wanted`.
    pub fn take(&mut self, wanted: usize) -> usize {
        let n = self.used.len();
        let index = (0..n)
            .map(|k| (wanted + k) % n)
            .find(|i| !self.used[*i])
            .expect("a record uses fewer services than the vocabulary holds");
        self.used[index] = true;
        index
    }
}

/// A service written from `seed`: the word order (bit 0) and a spelling for each word.
pub fn service_text(service: &Service, seed: u32) -> String {
    let words: Vec<&str> = service
        .slots
        .iter()
        .enumerate()
        .map(|(k, spellings)| spellings[(seed >> (1 + 4 * k)) as usize % spellings.len()])
        .collect();
    match service.reordered {
        Some(template) if seed & 1 == 1 => {
            let mut out = template.to_string();
            for (k, word) in words.iter().enumerate() {
                out = out.replace(&format!("{{{k}}}"), word);
            }
            out
        }
        _ => words.join(" "),
    }
}

/// A claim drawn from a service: a written form in its own letter case.
pub fn claim_text(service: &Service, seed: u32) -> String {
    apply_case(&service_text(service, seed), seed >> 24)
}

/// A piece of text between two joins.
struct Block {
    text: String,
    /// Ends a paragraph: whatever follows starts after a blank line (a vertical list or a
    /// heading's list reaches until a blank line).
    closes: bool,
    /// Overrides the join before this block.
    join_before: Option<&'static str>,
}

impl Block {
    fn sentence(text: String) -> Block {
        Block {
            text,
            closes: false,
            join_before: None,
        }
    }
}

/// A rendered list.
struct Written {
    text: String,
    vertical: bool,
}

struct Writer<'a> {
    alloc: &'a mut Allocator,
    plan: &'a TextPlan,
    parts: Vec<Part>,
    family: &'static str,
    phrasing: &'static str,
    market_inline_used: bool,
    soa_inline_used: bool,
}

impl Writer<'_> {
    fn list(&mut self, plan: &ListPlan, seps: &[&[Separator]], polarity: Polarity) -> Written {
        let all: Vec<Separator> = seps.iter().flat_map(|s| s.iter().copied()).collect();
        let separator = all[plan.separator as usize % all.len()];
        let items: Vec<String> = plan
            .items
            .iter()
            .map(|draw| self.item(draw, polarity, separator.label(plan.items.len())))
            .collect();
        Written {
            text: separator.join(&items, plan.endings),
            vertical: separator.is_vertical(),
        }
    }

    fn item(&mut self, draw: &ItemDraw, polarity: Polarity, separator: &'static str) -> String {
        let service = self.alloc.take(draw.service);
        let written = service_text(&SERVICES[service], draw.written);
        self.parts.push(Part {
            polarity,
            family: self.family,
            phrasing: self.phrasing,
            separator,
            written: written.clone(),
            claim: claim_text(&SERVICES[service], draw.claimed),
            site: None,
        });
        written
    }

    /// The market and Statement of Applicability wording that may follow an inline inclusion.
    fn suffixes(&mut self) -> String {
        let plan = self.plan;
        let mut out = String::new();
        if let Some(market) = &plan.market
            && market.position % 3 == 2
            && !self.market_inline_used
        {
            self.market_inline_used = true;
            let template = MARKET_INLINE[market.phrasing as usize % MARKET_INLINE.len()];
            out.push_str(&template.replace("{}", &market_places(market)));
        }
        if matches!(plan.soa % 4, 1 | 2) && !self.soa_inline_used {
            self.soa_inline_used = true;
            out.push_str(SOA_INLINE[plan.soa as usize % 2]);
        }
        out
    }

    /// The inclusion as the start of a sentence: intro and inline list.
    fn inclusion_phrase(&mut self) -> String {
        let plan = self.plan;
        let intro = INTROS_INLINE[plan.intro as usize % INTROS_INLINE.len()];
        let list = self.list(&plan.included, &[INCLUDED_INLINE], Polarity::Included);
        format!("{intro}{}", list.text)
    }

    /// The inclusion as a sentence of its own, inline or as a vertical list under an intro.
    fn inclusion_sentence(&mut self, allow_vertical: bool) -> Block {
        let seps: &[&[Separator]] = if allow_vertical {
            &[INCLUDED_INLINE, VERTICAL]
        } else {
            &[INCLUDED_INLINE]
        };
        let plan = self.plan;
        let list = self.list(&plan.included, seps, Polarity::Included);
        if list.vertical {
            let intro = INTROS_VERTICAL[plan.intro as usize % INTROS_VERTICAL.len()];
            Block {
                text: format!("{intro}{}", list.text),
                closes: true,
                join_before: None,
            }
        } else {
            let intro = INTROS_INLINE[plan.intro as usize % INTROS_INLINE.len()];
            let suffixes = self.suffixes();
            Block::sentence(format!("{intro}{}{suffixes}.", list.text))
        }
    }

    /// "Marker list." or "Marker:" over a vertical list.
    fn marker_block(
        &mut self,
        marker: &str,
        list: &ListPlan,
        seps: &[&[Separator]],
        colon: bool,
    ) -> Block {
        let written = self.list(list, seps, Polarity::Excluded);
        if written.vertical {
            Block {
                text: format!("{marker}:{}", written.text),
                closes: true,
                join_before: None,
            }
        } else if colon {
            Block::sentence(format!("{marker}: {}.", written.text))
        } else {
            Block::sentence(format!("{marker} {}.", written.text))
        }
    }

    /// A further sentence of included services after the exclusion.
    fn more_block(&mut self, after_heading: bool) -> Option<Block> {
        let plan = self.plan;
        let more = plan.more.as_ref()?;
        let opener = MORE_OPENERS[plan.more_opener as usize % MORE_OPENERS.len()];
        let is_heading = opener.ends_with(':');
        let seps: &[&[Separator]] = if is_heading {
            &[INCLUDED_INLINE, VERTICAL]
        } else {
            &[INCLUDED_INLINE]
        };
        let list = self.list(more, seps, Polarity::Included);
        // After an exclusion heading only a blank line or another heading ends its reach.
        let join_before = (after_heading && is_heading).then_some("\n");
        Some(if list.vertical {
            Block {
                text: format!("{opener}{}", list.text),
                closes: true,
                join_before,
            }
        } else {
            Block {
                text: format!("{opener} {}.", list.text),
                closes: false,
                join_before,
            }
        })
    }
}

/// The market places of a mention, as written: "Spain and Portugal".
fn market_places(market: &MarketPlan) -> String {
    let mut names: Vec<&str> = Vec::new();
    for place in &market.places {
        let name = MARKET_PLACES[*place].name;
        if !names.contains(&name) {
            names.push(name);
        }
    }
    join_words(&names, "and", false)
}

/// Renders one scope text, taking its services from `alloc`.
pub fn render_text(plan: &TextPlan, alloc: &mut Allocator) -> RenderedText {
    let exclusion = &plan.exclusion;
    let p = exclusion.phrasing as usize;
    let layout = exclusion.layout as usize;
    let phrasing: &'static str = match exclusion.family {
        Family::None => "-",
        Family::Leading => LEADING[p % LEADING.len()],
        Family::LeadingFronted => FRONTED[p % FRONTED.len()],
        Family::Trailing => TRAILING[p % TRAILING.len()],
        Family::Heading => HEADINGS[p % HEADINGS.len()],
        Family::Parenthetical => PARENTHESES[p % PARENTHESES.len()].0,
        Family::NegatedFront => NEGATED_FRONT[p % NEGATED_FRONT.len()],
        Family::NegatedBack => NEGATED_BACK[p % NEGATED_BACK.len()].0,
        Family::OverCaution => OVER_CAUTION[p % OVER_CAUTION.len()],
    };
    let mut w = Writer {
        alloc,
        plan,
        parts: Vec::new(),
        family: exclusion.family.name(),
        phrasing,
        market_inline_used: false,
        soa_inline_used: false,
    };
    let mut blocks: Vec<Block> = Vec::new();
    let mut more_after_heading = false;
    let mut more_used = false;
    match exclusion.family {
        Family::None => blocks.push(w.inclusion_sentence(true)),
        Family::Leading | Family::NegatedFront => {
            let incl = w.inclusion_sentence(true);
            let seps: &[&[Separator]] = match (exclusion.family, phrasing) {
                (Family::Leading, "Excl.") => &[EXCLUDED_INLINE],
                (Family::Leading, _) => &[EXCLUDED_INLINE, VERTICAL],
                _ => &[EXCLUDED_INLINE_OR, VERTICAL],
            };
            let colon = layout & 2 != 0 && phrasing != "Excl.";
            let excl = w.marker_block(phrasing, &exclusion.list, seps, colon);
            if layout & 1 == 1 {
                blocks.extend([excl, incl]);
            } else {
                blocks.extend([incl, excl]);
            }
        }
        Family::LeadingFronted => {
            let excl = w.list(&exclusion.list, &[EXCLUDED_FRONTED], Polarity::Excluded);
            let opener = FRONTED_OPENERS[layout % FRONTED_OPENERS.len()];
            let incl = w.list(&plan.included, &[INCLUDED_INLINE], Polarity::Included);
            let suffixes = w.suffixes();
            blocks.push(Block::sentence(format!(
                "{phrasing} {}, {opener} {}{suffixes}.",
                excl.text, incl.text
            )));
        }
        Family::Trailing => {
            let phrase = w.inclusion_phrase();
            let suffixes = w.suffixes();
            let seps: &[&[Separator]] = if phrasing == ", excl." {
                &[EXCLUDED_INLINE]
            } else {
                &[EXCLUDED_INLINE, VERTICAL]
            };
            let excl = w.list(&exclusion.list, seps, Polarity::Excluded);
            blocks.push(if excl.vertical {
                Block {
                    text: format!("{phrase}{suffixes}{phrasing}:{}", excl.text),
                    closes: true,
                    join_before: None,
                }
            } else {
                Block::sentence(format!("{phrase}{suffixes}{phrasing} {}.", excl.text))
            });
        }
        Family::Heading => {
            let heading = {
                let excl = w.list(
                    &exclusion.list,
                    &[EXCLUDED_INLINE, VERTICAL],
                    Polarity::Excluded,
                );
                let text = if excl.vertical {
                    format!("{phrasing}{}", excl.text)
                } else {
                    format!("{phrasing} {}.", excl.text)
                };
                Block {
                    text,
                    closes: true,
                    join_before: None,
                }
            };
            match layout % 4 {
                0 => {
                    blocks.extend([w.inclusion_sentence(true), heading]);
                    more_after_heading = true;
                }
                1 => {
                    let incl = w.inclusion_sentence(false);
                    blocks.extend([
                        incl,
                        Block {
                            join_before: Some("\n"),
                            ..heading
                        },
                    ]);
                    more_after_heading = true;
                }
                other => {
                    let in_scope = IN_SCOPE_HEADINGS[plan.intro as usize % IN_SCOPE_HEADINGS.len()];
                    let incl = w.list(
                        &plan.included,
                        &[INCLUDED_INLINE, VERTICAL],
                        Polarity::Included,
                    );
                    let join_before = (other == 3).then_some("\n");
                    let block = if incl.vertical {
                        Block {
                            text: format!("{in_scope}{}", incl.text),
                            closes: true,
                            join_before,
                        }
                    } else {
                        let suffixes = w.suffixes();
                        Block {
                            text: format!("{in_scope} {}{suffixes}.", incl.text),
                            closes: false,
                            join_before,
                        }
                    };
                    blocks.extend([heading, block]);
                }
            }
        }
        Family::Parenthetical => {
            let (_, before, after) = PARENTHESES[p % PARENTHESES.len()];
            let phrase = w.inclusion_phrase();
            let excl = w.list(&exclusion.list, &[EXCLUDED_INLINE], Polarity::Excluded);
            let mut text = format!("{phrase} {before}{}{after}", excl.text);
            if let Some(more) = &plan.more {
                let join = [", and ", " and ", ", ", "; "][layout % 4];
                let more = w.list(more, &[INCLUDED_INLINE], Polarity::Included);
                text.push_str(join);
                text.push_str(&more.text);
                more_used = true;
            }
            let suffixes = w.suffixes();
            blocks.push(Block::sentence(format!("{text}{suffixes}.")));
        }
        Family::NegatedBack => {
            let (_, plural, singular) = NEGATED_BACK[p % NEGATED_BACK.len()];
            let no_form = plural.is_empty();
            let seps: &[&[Separator]] = if no_form {
                &[NO_FORM]
            } else {
                &[EXCLUDED_SUBJECT]
            };
            let excl = w.list(&exclusion.list, seps, Polarity::Excluded);
            let many = exclusion.list.items.len() > 1;
            let clause = if no_form {
                format!(
                    "no {} {} included in the scope",
                    excl.text,
                    if many { "are" } else { "is" }
                )
            } else {
                format!("{} {}", excl.text, if many { plural } else { singular })
            };
            match layout % 3 {
                0 => blocks.extend([
                    w.inclusion_sentence(true),
                    Block::sentence(format!("{clause}.")),
                ]),
                1 => {
                    let excl = Block::sentence(format!("{clause}."));
                    blocks.extend([excl, w.inclusion_sentence(true)]);
                }
                _ => {
                    let contrast = CONTRASTS[(layout / 3) % CONTRASTS.len()];
                    let phrase = w.inclusion_phrase();
                    let suffixes = w.suffixes();
                    blocks.push(Block::sentence(format!(
                        "{phrase}{suffixes}{contrast} {clause}."
                    )));
                }
            }
        }
        Family::OverCaution => {
            let intro = INTROS_INLINE[plan.intro as usize % INTROS_INLINE.len()];
            let category = CATEGORIES[layout % CATEGORIES.len()];
            let excluded = w.item(&exclusion.list.items[0], Polarity::Excluded, "over-caution");
            let included = w.item(&plan.included.items[0], Polarity::Included, "over-caution");
            let suffixes = w.suffixes();
            blocks.push(Block::sentence(format!(
                "{intro}{category} {phrasing} {excluded}, and {included}{suffixes}."
            )));
        }
    }
    if !more_used && let Some(more) = w.more_block(more_after_heading) {
        blocks.push(more);
    }
    let mut markets = Vec::new();
    if let Some(market) = &plan.market {
        markets.extend(market.places.iter().copied());
        if !w.market_inline_used {
            let template = MARKET_SENTENCES[market.phrasing as usize % MARKET_SENTENCES.len()];
            let sentence = Block::sentence(template.replace("{}", &market_places(market)));
            if market.position % 3 == 1 {
                blocks.insert(0, sentence);
            } else {
                blocks.push(sentence);
            }
        }
    }
    if !plan.soa.is_multiple_of(4) && !w.soa_inline_used {
        blocks.push(Block::sentence(SOA_SENTENCE.to_string()));
    }
    let mut text = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            let join = block.join_before.unwrap_or(if blocks[i - 1].closes {
                "\n\n"
            } else if plan.line_breaks {
                "\n"
            } else {
                " "
            });
            text.push_str(join);
        }
        text.push_str(&capitalise_first(&block.text));
    }
    RenderedText {
        text: apply_case(&text, plan.case),
        parts: w.parts,
        markets,
    }
}

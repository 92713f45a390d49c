//! The plan of one scope text: what a certification body decided to write (which services are
//! in and which are out, how the exclusion is phrased, which list separators, which letter
//! case), and the proptest strategies that draw it.
//!
//! Plans are made of small numbers that proptest shrinks towards 0, and 0 always means the
//! plainest choice, so a shrunk failure reads like the simplest statement that still fails.

use proptest::prelude::*;

use super::vocabulary::{MARKET_PLACES, SERVICES};

/// One service placed in a statement: which one (before de-duplication), how the certification
/// body wrote it, and how the buyer claims it.
#[derive(Debug, Clone)]
pub struct ItemDraw {
    pub service: usize,
    pub written: u32,
    pub claimed: u32,
}

/// A list of services and how its items are separated.
#[derive(Debug, Clone)]
pub struct ListPlan {
    pub items: Vec<ItemDraw>,
    pub separator: u8,
    pub endings: u8,
}

/// How a statement takes services out of its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Nothing is excluded.
    None,
    /// A sentence of its own: "Excluding a and b."
    Leading,
    /// A fronted clause: "With the exception of a, the scope includes b."
    LeadingFronted,
    /// At the end of the inclusion: "a and b, excluding c."
    Trailing,
    /// A heading over a list: "Exclusions:" and bullet lines.
    Heading,
    /// Inside parentheses: "a (excluding c) and b".
    Parenthetical,
    /// A negated verb before the list: "The certificate does not extend to c."
    NegatedFront,
    /// A negated verb after the list: "c and d fall outside the scope."
    NegatedBack,
    /// "network infrastructure other than c, and b": b stays covered.
    OverCaution,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::None => "none",
            Family::Leading => "leading",
            Family::LeadingFronted => "leading-fronted",
            Family::Trailing => "trailing",
            Family::Heading => "heading",
            Family::Parenthetical => "parenthetical",
            Family::NegatedFront => "negated-verb-front",
            Family::NegatedBack => "negated-verb-back",
            Family::OverCaution => "over-caution",
        }
    }
}

/// The exclusion construct of one text.
#[derive(Debug, Clone)]
pub struct ExclusionPlan {
    pub family: Family,
    pub phrasing: u8,
    pub layout: u8,
    pub list: ListPlan,
}

/// A mention of where customers are.
#[derive(Debug, Clone)]
pub struct MarketPlan {
    pub phrasing: u8,
    pub places: Vec<usize>,
    pub position: u8,
}

/// One scope text: the certificate's, or a site's own.
#[derive(Debug, Clone)]
pub struct TextPlan {
    pub intro: u8,
    pub soa: u8,
    pub included: ListPlan,
    pub exclusion: ExclusionPlan,
    pub more: Option<ListPlan>,
    pub more_opener: u8,
    pub market: Option<MarketPlan>,
    pub line_breaks: bool,
    pub case: u32,
}

fn item_draw() -> impl Strategy<Value = ItemDraw> {
    (0..SERVICES.len(), any::<u32>(), any::<u32>()).prop_map(|(service, written, claimed)| {
        ItemDraw {
            service,
            written,
            claimed,
        }
    })
}

fn list_plan(max: usize) -> impl Strategy<Value = ListPlan> {
    (
        prop::collection::vec(item_draw(), 1..=max),
        any::<u8>(),
        any::<u8>(),
    )
        .prop_map(|(items, separator, endings)| ListPlan {
            items,
            separator,
            endings,
        })
}

fn family() -> impl Strategy<Value = Family> {
    prop_oneof![
        1 => Just(Family::None),
        3 => Just(Family::Leading),
        2 => Just(Family::LeadingFronted),
        4 => Just(Family::Trailing),
        4 => Just(Family::Heading),
        3 => Just(Family::Parenthetical),
        2 => Just(Family::NegatedFront),
        4 => Just(Family::NegatedBack),
        2 => Just(Family::OverCaution),
    ]
}

/// Draws the plan of one scope text.
pub fn text_plan() -> impl Strategy<Value = TextPlan> {
    let exclusion = (family(), any::<u8>(), any::<u8>(), list_plan(4)).prop_map(
        |(family, phrasing, layout, list)| ExclusionPlan {
            family,
            phrasing,
            layout,
            list,
        },
    );
    let market = (
        any::<u8>(),
        prop::collection::vec(0..MARKET_PLACES.len(), 1..=3),
        any::<u8>(),
    )
        .prop_map(|(phrasing, places, position)| MarketPlan {
            phrasing,
            places,
            position,
        });
    (
        any::<u8>(),
        any::<u8>(),
        list_plan(3),
        exclusion,
        prop::option::weighted(0.4, list_plan(2)),
        any::<u8>(),
        prop::option::weighted(0.5, market),
        any::<bool>(),
        any::<u32>(),
    )
        .prop_map(
            |(intro, soa, included, exclusion, more, more_opener, market, line_breaks, case)| {
                TextPlan {
                    intro,
                    soa,
                    included,
                    exclusion,
                    more,
                    more_opener,
                    market,
                    line_breaks,
                    case,
                }
            },
        )
}

//! A scope text with its reading drawn on it, and the legend that explains the marks.
//!
//! Colour is never the only sign: excluded and unclear parts open with a written label, the
//! words that support an item carry the item's number, and sites and markets are underlined
//! differently (solid, dashed).

use annexa_shared::verification::{CoverageItem, ItemVerdict, LocationKind, Polarity};
use yew::prelude::*;

use crate::scope_marks::{Piece, TextReading, pieces};

/// Properties of [`ScopeText`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct ScopeTextProps {
    /// The text.
    pub text: AttrValue,
    /// Its pointer in the record, as evidence names it.
    pub source: AttrValue,
    /// Its reading.
    pub reading: annexa_shared::verification::ScopeReading,
    /// The claimed items, numbered from 1 in this order.
    pub items: Vec<CoverageItem>,
}

fn piece_html(piece: &Piece, items: &[CoverageItem]) -> Html {
    let part = match piece.polarity {
        Some(Polarity::Included) => Some("part-included"),
        Some(Polarity::Excluded) => Some("part-excluded"),
        Some(Polarity::Unclear) => Some("part-unclear"),
        None => None,
    };
    let place = match piece.place {
        Some(LocationKind::Site) => Some("place-site"),
        Some(LocationKind::Market) => Some("place-market"),
        None => None,
    };
    let label = piece.opens_part.as_ref().map(|label| {
        let (words, class) = match label.polarity {
            Polarity::Excluded => ("Excluded", "tag tag-excluded"),
            _ => ("Unclear", "tag tag-unclear"),
        };
        let by = label
            .marker
            .as_deref()
            .map(|m| {
                format!(
                    " (“{}”)",
                    m.split_whitespace().collect::<Vec<_>>().join(" ")
                )
            })
            .unwrap_or_default();
        html! { <span class={class}>{words}{by}</span> }
    });
    let classes = classes!(part, place, piece.organisation.then_some("organisation"));
    let body = if piece.supports.is_empty() {
        html! { {piece.text.clone()} }
    } else {
        let numbers: Vec<String> = piece.closes.iter().map(usize::to_string).collect();
        let numbers = numbers.join(",");
        // Evidence decides an item either way: the words that take an item out of the scope
        // are drawn as such, not as support.
        let supports = piece.supports.iter().any(|n| {
            items
                .get(n - 1)
                .is_some_and(|item| item.verdict == ItemVerdict::Covered)
        });
        let (class, words) = if supports {
            ("support", " (supports item ")
        } else {
            ("against", " (decides against item ")
        };
        html! {
            <mark class={class}>{piece.text.clone()}
                if !numbers.is_empty() {
                    <sup class="item-ref"><span class="visually-hidden">{words}</span>{numbers}
                        <span class="visually-hidden">{")"}</span></sup>
                }
            </mark>
        }
    };
    html! { <>{label}<span class={classes}>{body}</span></> }
}

/// The text with its marks.
#[component]
pub fn ScopeText(props: &ScopeTextProps) -> Html {
    let reading = TextReading {
        text: &props.text,
        source: &props.source,
        segments: &props.reading.segments,
        locations: &props.reading.locations,
        organisations: &props.reading.organisations,
    };
    let pieces = pieces(reading, &props.items);
    html! {
        <p class="scope-text">{ for pieces.iter().map(|p| piece_html(p, &props.items)) }</p>
    }
}

/// The legend for [`ScopeText`].
#[component]
pub fn ScopeLegend() -> Html {
    html! {
        <ul class="legend" aria-label="How to read the marks">
            <li><mark class="support">{"words"}<sup class="item-ref">{"1"}</sup></mark>
                {" support the item with that number in the list above"}</li>
            <li><mark class="against">{"words"}<sup class="item-ref">{"2"}</sup></mark>
                {" decide against the item with that number (they exclude it or leave it unclear)"}</li>
            <li><span class="tag tag-excluded">{"Excluded"}</span><span class="part-excluded">{"struck through"}</span>
                {": taken out of the certificate by the words in quotes"}</li>
            <li><span class="tag tag-unclear">{"Unclear"}</span><span class="part-unclear">{"dotted"}</span>
                {": worded in a way that must be read by a person"}</li>
            <li><span class="place-site">{"Solid underline"}</span>{": a site, where the work is done"}</li>
            <li><span class="place-market">{"Dashed underline"}</span>{": a market, where customers are (not a site)"}</li>
            <li><span class="organisation">{"Boxed"}</span>{": another organisation, not certified by this certificate"}</li>
        </ul>
    }
}

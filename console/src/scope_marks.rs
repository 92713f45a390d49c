//! The reading of a scope text, cut into pieces that each carry one set of marks, so the page can
//! draw the text with the reading on it: which part is included, excluded or unclear, which words
//! support which claimed item, which places are sites or markets, which organisations are named.
//!
//! Pure (offsets are Unicode characters, as in the API's reading and evidence).

use annexa_shared::verification::{
    CoverageItem, Location, LocationKind, Organisation, Polarity, Segment,
};

/// One piece of a scope text with the same marks throughout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The text of the piece.
    pub text: String,
    /// How the part it belongs to stands; `None` between parts (spaces, punctuation).
    pub polarity: Option<Polarity>,
    /// The first piece of an excluded or unclear part: the page labels the part here, with
    /// the words that made it so.
    pub opens_part: Option<PartLabel>,
    /// Numbers (1-based, as in the item list) of the claimed items these words are evidence
    /// for.
    pub supports: Vec<usize>,
    /// The items whose evidence ends with this piece: the page numbers the evidence once, at
    /// its end, even when marks of other kinds cut it into several pieces.
    pub closes: Vec<usize>,
    /// A place named here, and whether it is a site or a market.
    pub place: Option<LocationKind>,
    /// An organisation other than the holder is named here.
    pub organisation: bool,
}

/// The label at the start of an excluded or unclear part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartLabel {
    /// Excluded or unclear.
    pub polarity: Polarity,
    /// The words that made it so, as written ("excluding").
    pub marker: Option<String>,
}

/// The reading of one text, borrowed from a verification.
#[derive(Debug, Clone, Copy)]
pub struct TextReading<'a> {
    /// The text read (the certificate scope, or a site's own scope).
    pub text: &'a str,
    /// Its JSON pointer in the record, as evidence names it (`/scope`, `/sites/0/scope`).
    pub source: &'a str,
    /// Its parts.
    pub segments: &'a [Segment],
    /// The places it names.
    pub locations: &'a [Location],
    /// The organisations it names.
    pub organisations: &'a [Organisation],
}

/// `reading`'s text cut at every mark's edge, with the evidence of `items` that quotes it.
pub fn pieces(reading: TextReading<'_>, items: &[CoverageItem]) -> Vec<Piece> {
    let chars: Vec<char> = reading.text.chars().collect();
    let len = chars.len();
    let support: Vec<(usize, usize, usize)> = items
        .iter()
        .enumerate()
        .flat_map(|(i, item)| {
            item.evidence
                .iter()
                .filter(|e| e.source == reading.source)
                .map(move |e| (e.start, e.end, i + 1))
        })
        .collect();
    let mut edges = vec![0, len];
    edges.extend(reading.segments.iter().flat_map(|s| [s.start, s.end]));
    edges.extend(reading.locations.iter().flat_map(|l| [l.start, l.end]));
    edges.extend(reading.organisations.iter().flat_map(|o| [o.start, o.end]));
    edges.extend(support.iter().flat_map(|(start, end, _)| [*start, *end]));
    let mut edges: Vec<usize> = edges.into_iter().map(|e| e.min(len)).collect();
    edges.sort_unstable();
    edges.dedup();

    let inside = |start: usize, end: usize, at: usize| start <= at && at < end;
    edges
        .windows(2)
        .map(|w| {
            let (start, end) = (w[0], w[1]);
            let segment = reading
                .segments
                .iter()
                .find(|s| inside(s.start, s.end, start));
            let polarity = segment.map(|s| s.polarity);
            let opens_part = segment
                .filter(|s| s.start == start && s.polarity != Polarity::Included)
                .map(|s| PartLabel {
                    polarity: s.polarity,
                    marker: s.marker.clone(),
                });
            let mut supports: Vec<usize> = support
                .iter()
                .filter(|(s, e, _)| inside(*s, *e, start))
                .map(|(_, _, item)| *item)
                .collect();
            supports.dedup();
            let mut closes: Vec<usize> = support
                .iter()
                .filter(|(s, e, _)| inside(*s, *e, start) && (*e).min(len) == end)
                .map(|(_, _, item)| *item)
                .collect();
            closes.dedup();
            Piece {
                text: chars[start..end].iter().collect(),
                polarity,
                opens_part,
                supports,
                closes,
                place: reading
                    .locations
                    .iter()
                    .find(|l| inside(l.start, l.end, start))
                    .map(|l| l.kind),
                organisation: reading
                    .organisations
                    .iter()
                    .any(|o| inside(o.start, o.end, start)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use annexa_shared::verification::{Evidence, ItemKind, ItemVerdict};

    const SCOPE: &str =
        "Payroll software in Dublin for clients in Spain, excluding hardware repair.";

    fn segment(start: usize, end: usize, polarity: Polarity, marker: Option<&str>) -> Segment {
        Segment {
            start,
            end,
            polarity,
            marker: marker.map(String::from),
            reach: None,
        }
    }

    fn at(word: &str) -> (usize, usize) {
        let byte = SCOPE.find(word).expect("word in scope");
        let start = SCOPE[..byte].chars().count();
        (start, start + word.chars().count())
    }

    #[test]
    fn the_excluded_part_supporting_words_and_places_are_marked() {
        let (hw, _) = at("hardware");
        let segments = [
            segment(0, hw - 11, Polarity::Included, None),
            segment(hw, SCOPE.len() - 1, Polarity::Excluded, Some("excluding")),
        ];
        let (dublin, dublin_end) = at("Dublin");
        let (spain, spain_end) = at("Spain");
        let locations = [
            Location {
                text: "Dublin".into(),
                start: dublin,
                end: dublin_end,
                kind: LocationKind::Site,
            },
            Location {
                text: "Spain".into(),
                start: spain,
                end: spain_end,
                kind: LocationKind::Market,
            },
        ];
        let (payroll, payroll_end) = at("Payroll software");
        let items = [CoverageItem {
            item: "payroll".into(),
            kind: ItemKind::Activity,
            verdict: ItemVerdict::Covered,
            evidence: vec![Evidence {
                source: "/scope".into(),
                text: "Payroll software".into(),
                start: payroll,
                end: payroll_end,
            }],
        }];
        let reading = TextReading {
            text: SCOPE,
            source: "/scope",
            segments: &segments,
            locations: &locations,
            organisations: &[],
        };
        let pieces = pieces(reading, &items);

        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, SCOPE, "no text lost or repeated");
        let find = |text: &str| pieces.iter().find(|p| p.text == text).expect(text);
        assert_eq!(find("Payroll software").supports, [1]);
        assert_eq!(find("Payroll software").closes, [1]);
        assert_eq!(find("Dublin").place, Some(LocationKind::Site));
        assert_eq!(find("Spain").place, Some(LocationKind::Market));
        let excluded = find("hardware repair");
        assert_eq!(excluded.polarity, Some(Polarity::Excluded));
        assert_eq!(
            excluded.opens_part,
            Some(PartLabel {
                polarity: Polarity::Excluded,
                marker: Some("excluding".into())
            })
        );
        assert_eq!(find(".").polarity, None);
    }

    #[test]
    fn evidence_of_another_text_and_offsets_past_the_end_are_ignored() {
        let items = [CoverageItem {
            item: "payroll".into(),
            kind: ItemKind::Activity,
            verdict: ItemVerdict::Covered,
            evidence: vec![Evidence {
                source: "/sites/0/scope".into(),
                text: "Payroll".into(),
                start: 0,
                end: 7,
            }],
        }];
        let segments = [segment(0, 10_000, Polarity::Unclear, Some("only"))];
        let reading = TextReading {
            text: SCOPE,
            source: "/scope",
            segments: &segments,
            locations: &[],
            organisations: &[],
        };
        let pieces = pieces(reading, &items);
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].text, SCOPE);
        assert!(pieces[0].supports.is_empty());
        assert_eq!(pieces[0].polarity, Some(Polarity::Unclear));
    }
}

//! The leads inbox's filters, as the form holds them and as the API's query (`GET
//! /api/v1/leads` and the CSV export take the same one, so the download is exactly what is
//! shown). Pure.

/// The inbox's filters, as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeadFilter {
    /// `A`, `B`, `C`, or empty for every tier.
    pub tier: String,
    /// Only this widget key; empty for all.
    pub widget_key: String,
    /// Only this e-mail address; empty for all.
    pub email: String,
    /// Received on or after this day (`YYYY-MM-DD`); empty for no limit.
    pub from: String,
    /// Received on or before this day; empty for no limit.
    pub to: String,
}

/// Leads per page in the inbox.
pub const PER_PAGE: u32 = 25;

impl LeadFilter {
    /// The query pairs for the API (empty filters left out), without paging.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("tier", &self.tier),
            ("widget_key", &self.widget_key),
            ("email", &self.email),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .map(|(name, value)| (name, value.trim().to_string()))
        .filter(|(_, value)| !value.is_empty())
        .collect()
    }

    /// The pairs for one page of the list.
    pub fn page_pairs(&self, page: u32) -> Vec<(&'static str, String)> {
        let mut pairs = self.pairs();
        pairs.push(("page", page.max(1).to_string()));
        pairs.push(("per_page", PER_PAGE.to_string()));
        pairs
    }
}

/// How many pages `total` leads fill (at least one, so "page 1 of 1" reads right when empty).
pub fn page_count(total: u64) -> u32 {
    let pages = total.div_ceil(u64::from(PER_PAGE)).max(1);
    u32::try_from(pages).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_and_the_export_get_the_same_filters() {
        let filter = LeadFilter {
            tier: "A".into(),
            email: " ana@example.com ".into(),
            from: "2026-11-01".into(),
            ..LeadFilter::default()
        };
        let expected = vec![
            ("tier", "A".to_string()),
            ("email", "ana@example.com".to_string()),
            ("from", "2026-11-01".to_string()),
        ];
        assert_eq!(filter.pairs(), expected);
        let page = filter.page_pairs(2);
        assert_eq!(page[..3], expected[..]);
        assert_eq!(page[3..], [("page", "2".into()), ("per_page", "25".into())]);
    }

    #[test]
    fn pages_round_up_and_an_empty_inbox_has_one_page() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(25), 1);
        assert_eq!(page_count(26), 2);
    }
}

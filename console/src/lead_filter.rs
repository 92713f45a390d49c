//! The leads inbox's filters, search, sort and page: one [`LeadFilter`] (the wire contract's,
//! `annexa_shared::wire`) is the API's query (`GET /api/v1/leads`), the CSV export's (the same
//! without the page, so the download is exactly what is filtered) and the console page's
//! address (so a link or a reload shows the same list). Pure.

use annexa_shared::Band;
use annexa_shared::wire::leads::{BAND_CODES, band_in_words};
use annexa_shared::wire::{LeadFilter, LeadSort, SalesStatus, SortDirection};

/// Leads per page in the inbox.
pub const PER_PAGE: u32 = 25;

/// The address query name of the open lead (beside the filter's own names).
pub const OPEN_LEAD: &str = "lead";

/// The pairs for one page of the list (the page and [`PER_PAGE`] always set).
pub fn list_pairs(filter: &LeadFilter) -> Vec<(&'static str, String)> {
    LeadFilter {
        page: Some(filter.page.unwrap_or(1).max(1)),
        per_page: Some(PER_PAGE),
        ..filter.clone()
    }
    .query_pairs()
}

/// The pairs of the CSV export: every lead filtered, in the list's order, without paging.
pub fn export_pairs(filter: &LeadFilter) -> Vec<(&'static str, String)> {
    LeadFilter {
        page: None,
        per_page: None,
        ..filter.clone()
    }
    .query_pairs()
}

/// The pairs of the page's address: the filter, and the open lead when there is one.
pub fn address_pairs(filter: &LeadFilter, open: Option<&str>) -> Vec<(&'static str, String)> {
    let mut pairs = LeadFilter {
        per_page: None,
        page: filter.page.filter(|p| *p > 1),
        ..filter.clone()
    }
    .query_pairs();
    if let Some(id) = open {
        pairs.push((OPEN_LEAD, id.to_string()));
    }
    pairs
}

/// The filter and open lead a page address holds.
pub fn from_address(pairs: &[(String, String)]) -> (LeadFilter, Option<String>) {
    let filter = LeadFilter::from_query_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let open = pairs
        .iter()
        .find(|(name, value)| name == OPEN_LEAD && !value.trim().is_empty())
        .map(|(_, value)| value.trim().to_string());
    (
        LeadFilter {
            per_page: None,
            ..filter
        },
        open,
    )
}

/// The filter after a click on the column heading of `sort`: the same column turns its
/// direction round, another starts in its natural direction; back to the first page.
pub fn sorted_by(filter: &LeadFilter, sort: LeadSort) -> LeadFilter {
    let (current, direction) = filter.ordering();
    let direction = if current == sort {
        Some(match direction {
            SortDirection::Asc => SortDirection::Desc,
            SortDirection::Desc => SortDirection::Asc,
        })
    } else {
        None
    };
    LeadFilter {
        sort: (sort != LeadSort::Received || direction.is_some()).then_some(sort),
        direction,
        page: None,
        ..filter.clone()
    }
}

/// The filters a person chose (search, tier, band, status, key, days) are those of `form`; the
/// sort stays; back to the first page.
pub fn applied(form: &LeadFilter, current: &LeadFilter) -> LeadFilter {
    LeadFilter {
        sort: current.sort,
        direction: current.direction,
        page: None,
        per_page: None,
        ..form.clone()
    }
}

/// Whether `filter` narrows the list (anything but sort and page).
pub fn narrows(filter: &LeadFilter) -> bool {
    let bare = LeadFilter {
        sort: None,
        direction: None,
        page: None,
        per_page: None,
        ..filter.clone()
    };
    !bare.query_pairs().is_empty()
}

/// A text field's value as the filter holds it: empty is no filter.
pub fn text(value: &str) -> Option<String> {
    Some(value.to_string()).filter(|v| !v.trim().is_empty())
}

/// The band a select's value names.
pub fn band_of(value: &str) -> Option<Band> {
    BAND_CODES
        .iter()
        .find(|(_, code)| *code == value)
        .map(|(band, _)| *band)
}

/// The options of the band select: value and words.
pub fn band_options() -> Vec<(&'static str, &'static str)> {
    BAND_CODES
        .iter()
        .map(|(band, code)| (*code, band_in_words(*band)))
        .collect()
}

/// The status a select's value names.
pub fn status_of(value: &str) -> Option<SalesStatus> {
    SalesStatus::from_code(value)
}

/// How many pages `total` leads fill (at least one, so "page 1 of 1" reads right when empty).
pub fn page_count(total: u64) -> u32 {
    let pages = total.div_ceil(u64::from(PER_PAGE)).max(1);
    u32::try_from(pages).unwrap_or(u32::MAX)
}

/// The column heading's `aria-sort` for `sort` under `filter`.
pub fn aria_sort(filter: &LeadFilter, sort: LeadSort) -> &'static str {
    match filter.ordering() {
        (current, SortDirection::Asc) if current == sort => "ascending",
        (current, SortDirection::Desc) if current == sort => "descending",
        _ => "none",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_list_the_export_and_the_address_get_the_same_filters() {
        let filter = LeadFilter {
            q: Some("freight".into()),
            tier: Some("A".into()),
            status: Some(SalesStatus::Won),
            sort: Some(LeadSort::Company),
            page: Some(2),
            ..LeadFilter::default()
        };
        let common = vec![
            ("q", "freight".to_string()),
            ("tier", "A".to_string()),
            ("status", "won".to_string()),
            ("sort", "company".to_string()),
        ];
        let mut list = common.clone();
        list.extend([("page", "2".to_string()), ("per_page", "25".to_string())]);
        assert_eq!(list_pairs(&filter), list);
        assert_eq!(export_pairs(&filter), common);
        let mut address = common.clone();
        address.extend([("page", "2".to_string()), ("lead", "l-1".to_string())]);
        assert_eq!(address_pairs(&filter, Some("l-1")), address);
    }

    #[test]
    fn an_address_opens_the_same_list_and_lead() {
        let (filter, open) = from_address(&owned(&[
            ("q", "ana"),
            ("band", "nearly_ready"),
            ("sort", "score"),
            ("direction", "desc"),
            ("lead", "l-7"),
            ("per_page", "200"),
        ]));
        assert_eq!(filter.search(), Some("ana"));
        assert_eq!(filter.band, Some(Band::NearlyReady));
        assert_eq!(filter.ordering(), (LeadSort::Score, SortDirection::Desc));
        assert_eq!(filter.per_page, None, "the console's own page size");
        assert_eq!(open.as_deref(), Some("l-7"));
        assert_eq!(from_address(&[]), (LeadFilter::default(), None));
    }

    #[test]
    fn a_heading_sorts_and_a_second_click_turns_the_order_round() {
        let start = LeadFilter {
            page: Some(3),
            ..LeadFilter::default()
        };
        assert_eq!(aria_sort(&start, LeadSort::Received), "descending");
        let by_score = sorted_by(&start, LeadSort::Score);
        assert_eq!(by_score.ordering(), (LeadSort::Score, SortDirection::Asc));
        assert_eq!(by_score.page, None);
        assert_eq!(aria_sort(&by_score, LeadSort::Score), "ascending");
        assert_eq!(aria_sort(&by_score, LeadSort::Received), "none");
        let again = sorted_by(&by_score, LeadSort::Score);
        assert_eq!(again.ordering(), (LeadSort::Score, SortDirection::Desc));
        let oldest_first = sorted_by(&start, LeadSort::Received);
        assert_eq!(
            oldest_first.ordering(),
            (LeadSort::Received, SortDirection::Asc)
        );
    }

    #[test]
    fn new_filters_keep_the_sort_and_start_at_page_one() {
        let current = LeadFilter {
            sort: Some(LeadSort::Tier),
            page: Some(4),
            ..LeadFilter::default()
        };
        let form = LeadFilter {
            q: text("bo"),
            band: band_of("early"),
            ..LeadFilter::default()
        };
        let next = applied(&form, &current);
        assert_eq!(next.sort, Some(LeadSort::Tier));
        assert_eq!(next.page, None);
        assert!(narrows(&next));
        assert!(!narrows(&current));
        assert_eq!(text("  "), None);
        assert_eq!(status_of("lost"), Some(SalesStatus::Lost));
        assert_eq!(band_options()[3], ("nearly_ready", "Nearly ready"));
    }

    #[test]
    fn pages_round_up_and_an_empty_inbox_has_one_page() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(25), 1);
        assert_eq!(page_count(26), 2);
    }
}

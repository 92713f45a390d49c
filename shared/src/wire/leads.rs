//! The leads inbox's contract between the API and the console: a lead in a list
//! ([`LeadSummary`]) and whole ([`Lead`]), a page of them ([`LeadPage`]), the inbox's filters,
//! search and sort ([`LeadFilter`], which is also the console page's address), and the sales
//! follow-up — a [`SalesStatus`] and notes, each change kept as a [`LeadActivity`].

use serde::{Deserialize, Serialize};

use crate::answers::AnswersDocument;
use crate::date::Date;
use crate::lead::LeadQualification;
use crate::scoring::{Band, Report};
use crate::wire::{Consent, Contact};

/// Largest page of leads.
pub const MAX_LEADS_PER_PAGE: u32 = 200;
/// Leads per page when the query does not say.
pub const DEFAULT_LEADS_PER_PAGE: u32 = 50;
/// Longest search text, in characters.
pub const MAX_LEAD_SEARCH_CHARS: usize = 200;
/// Longest sales note, in characters.
pub const MAX_LEAD_NOTE_CHARS: usize = 5000;

/// Where a lead stands in the sales team's follow-up.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SalesStatus {
    /// Not yet contacted (every lead starts here).
    #[default]
    New,
    /// Someone reached out.
    Contacted,
    /// A real opportunity.
    Qualified,
    /// Became a customer.
    Won,
    /// Will not buy.
    Lost,
}

impl SalesStatus {
    /// Every status, in the order of the follow-up.
    pub const ALL: [SalesStatus; 5] = [
        SalesStatus::New,
        SalesStatus::Contacted,
        SalesStatus::Qualified,
        SalesStatus::Won,
        SalesStatus::Lost,
    ];

    /// Its stored and query value (`contacted`): an identifier, never shown to people.
    pub const fn code(self) -> &'static str {
        match self {
            SalesStatus::New => "new",
            SalesStatus::Contacted => "contacted",
            SalesStatus::Qualified => "qualified",
            SalesStatus::Won => "won",
            SalesStatus::Lost => "lost",
        }
    }

    /// The status for people (`Contacted`).
    pub const fn in_words(self) -> &'static str {
        match self {
            SalesStatus::New => "New",
            SalesStatus::Contacted => "Contacted",
            SalesStatus::Qualified => "Qualified",
            SalesStatus::Won => "Won",
            SalesStatus::Lost => "Lost",
        }
    }

    /// The status stored as `code`.
    pub fn from_code(code: &str) -> Option<SalesStatus> {
        SalesStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A lead in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadSummary {
    /// Lead id.
    pub id: String,
    /// When it was received (UTC).
    pub created_at: String,
    /// The widget key it came through.
    pub widget_key: String,
    /// Contact details.
    pub contact: Contact,
    /// Sales tier.
    pub tier: String,
    /// Overall readiness 0–100, computed by the server.
    pub overall: f64,
    /// The readiness band of the server's report.
    pub band: Band,
    /// Where the sales team's follow-up stands.
    pub sales_status: SalesStatus,
}

/// One change in a lead's follow-up: a new status, or a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadActivity {
    /// When (UTC).
    pub at: String,
    /// Who: the name of the API key used, directly or through a console session.
    pub by: String,
    /// The status set, for a status change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SalesStatus>,
    /// The status before, for a status change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_status: Option<SalesStatus>,
    /// The note's text, for a note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A whole lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Lead {
    /// The summary fields.
    #[serde(flatten)]
    pub summary: LeadSummary,
    /// The consent given.
    pub consent: Consent,
    /// The answers document.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answers: AnswersDocument,
    /// The server's readiness report.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub report: Report,
    /// The tier with its reasons.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub qualification: LeadQualification,
    /// Status changes and notes, oldest first.
    #[serde(default)]
    pub activity: Vec<LeadActivity>,
}

/// One page of leads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeadPage {
    /// The leads, in the order asked for (newest first by default).
    pub items: Vec<LeadSummary>,
    /// This page number.
    pub page: u32,
    /// Page size.
    pub per_page: u32,
    /// Leads matching the filter in all pages.
    pub total: u64,
}

/// What the inbox sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LeadSort {
    /// When the lead was received.
    #[default]
    Received,
    /// The company's name (case-insensitive).
    Company,
    /// The overall readiness score.
    Score,
    /// The sales tier.
    Tier,
}

impl LeadSort {
    /// Every sort, in column order.
    pub const ALL: [LeadSort; 4] = [
        LeadSort::Received,
        LeadSort::Company,
        LeadSort::Score,
        LeadSort::Tier,
    ];

    /// Its query value (`score`).
    pub const fn code(self) -> &'static str {
        match self {
            LeadSort::Received => "received",
            LeadSort::Company => "company",
            LeadSort::Score => "score",
            LeadSort::Tier => "tier",
        }
    }
}

/// Which way a sort runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortDirection {
    /// Smallest, earliest or A first.
    Asc,
    /// Largest, latest or Z first.
    Desc,
}

impl SortDirection {
    /// Its query value (`asc`).
    pub const fn code(self) -> &'static str {
        match self {
            SortDirection::Asc => "asc",
            SortDirection::Desc => "desc",
        }
    }
}

/// Filters, search, sort and page of the inbox: the query of `GET /api/v1/leads` and of the CSV
/// export (which ignores the page), and the console page's address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct LeadFilter {
    /// Only leads whose person's name, e-mail address or company contains this text, letter
    /// case and accents ignored ("muller" finds "Müller").
    pub q: Option<String>,
    /// Only this tier (`A`, `B` or `C`).
    pub tier: Option<String>,
    /// Only this readiness band.
    #[cfg_attr(feature = "openapi", param(inline))]
    pub band: Option<Band>,
    /// Only this sales status.
    #[cfg_attr(feature = "openapi", param(inline))]
    pub status: Option<SalesStatus>,
    /// Only leads received on or after this day (`YYYY-MM-DD`, UTC).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub from: Option<Date>,
    /// Only leads received on or before this day (`YYYY-MM-DD`, UTC).
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub to: Option<Date>,
    /// Only leads from this widget key.
    pub widget_key: Option<String>,
    /// Only leads of this e-mail address (case-insensitive): a data subject's access request.
    pub email: Option<String>,
    /// Sort by (default `received`).
    #[cfg_attr(feature = "openapi", param(inline))]
    pub sort: Option<LeadSort>,
    /// Sort direction (default: newest first for `received`, otherwise `asc`).
    #[cfg_attr(feature = "openapi", param(inline))]
    pub direction: Option<SortDirection>,
    /// Page number, from 1 (default 1).
    pub page: Option<u32>,
    /// Leads per page, 1–200 (default 50).
    pub per_page: Option<u32>,
}

impl LeadFilter {
    /// Checks the values; the page and size with their defaults, or what is wrong, in words.
    pub fn validated(&self) -> Result<(u32, u32), String> {
        if let Some(tier) = &self.tier
            && !matches!(tier.as_str(), "A" | "B" | "C")
        {
            return Err(format!("tier must be A, B or C, not '{tier}'"));
        }
        if let Some(q) = &self.q
            && q.chars().count() > MAX_LEAD_SEARCH_CHARS
        {
            return Err(format!(
                "q (the search text) is longer than {MAX_LEAD_SEARCH_CHARS} characters"
            ));
        }
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_LEADS_PER_PAGE);
        if page == 0 {
            return Err("page starts at 1".into());
        }
        if !(1..=MAX_LEADS_PER_PAGE).contains(&per_page) {
            return Err(format!(
                "per_page must be between 1 and {MAX_LEADS_PER_PAGE}, not {per_page}"
            ));
        }
        Ok((page, per_page))
    }

    /// The search text, trimmed, when there is one.
    pub fn search(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }

    /// The sort with its direction (received: newest first unless asked otherwise).
    pub fn ordering(&self) -> (LeadSort, SortDirection) {
        let sort = self.sort.unwrap_or_default();
        let default = if sort == LeadSort::Received {
            SortDirection::Desc
        } else {
            SortDirection::Asc
        };
        (sort, self.direction.unwrap_or(default))
    }

    /// The query pairs (empty and absent values left out, page and size included when set), in
    /// a fixed order: the list, the CSV export and the console's address use the same.
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let text = |v: &Option<String>| v.as_deref().map(str::trim).map(str::to_string);
        [
            ("q", text(&self.q)),
            ("tier", text(&self.tier)),
            ("band", self.band.map(|b| band_code(b).to_string())),
            ("status", self.status.map(|s| s.code().to_string())),
            ("widget_key", text(&self.widget_key)),
            ("email", text(&self.email)),
            ("from", self.from.map(|d| d.to_string())),
            ("to", self.to.map(|d| d.to_string())),
            ("sort", self.sort.map(|s| s.code().to_string())),
            ("direction", self.direction.map(|d| d.code().to_string())),
            ("page", self.page.map(|p| p.to_string())),
            ("per_page", self.per_page.map(|p| p.to_string())),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.filter(|v| !v.is_empty()).map(|v| (name, v)))
        .collect()
    }

    /// The filter a page address holds (`pairs` decoded); names it does not know and values it
    /// cannot read are left out, so an old or edited link still opens the inbox.
    pub fn from_query_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut filter = LeadFilter::default();
        let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        for (name, value) in pairs {
            match name {
                "q" => filter.q = text(value),
                "tier" => {
                    filter.tier = text(value).filter(|t| matches!(t.as_str(), "A" | "B" | "C"))
                }
                "band" => {
                    filter.band = BAND_CODES
                        .iter()
                        .find(|(_, c)| *c == value)
                        .map(|(b, _)| *b)
                }
                "status" => filter.status = SalesStatus::from_code(value),
                "widget_key" => filter.widget_key = text(value),
                "email" => filter.email = text(value),
                "from" => filter.from = value.parse().ok(),
                "to" => filter.to = value.parse().ok(),
                "sort" => filter.sort = LeadSort::ALL.into_iter().find(|s| s.code() == value),
                "direction" => {
                    filter.direction = [SortDirection::Asc, SortDirection::Desc]
                        .into_iter()
                        .find(|d| d.code() == value)
                }
                "page" => filter.page = value.parse().ok().filter(|p| *p > 0),
                "per_page" => filter.per_page = value.parse().ok(),
                _ => {}
            }
        }
        filter
    }
}

/// Every band with its stored and query value.
pub const BAND_CODES: [(Band, &str); 5] = [
    (Band::NotReady, "not_ready"),
    (Band::Early, "early"),
    (Band::Progressing, "progressing"),
    (Band::NearlyReady, "nearly_ready"),
    (Band::Ready, "ready"),
];

/// A band's stored and query value (`nearly_ready`): an identifier, never shown to people.
pub fn band_code(band: Band) -> &'static str {
    BAND_CODES
        .iter()
        .find(|(b, _)| *b == band)
        .map_or("not_ready", |(_, code)| code)
}

/// The band for people (`Nearly ready`).
pub const fn band_in_words(band: Band) -> &'static str {
    match band {
        Band::NotReady => "Not ready",
        Band::Early => "Early",
        Band::Progressing => "Progressing",
        Band::NearlyReady => "Nearly ready",
        Band::Ready => "Ready",
    }
}

/// A new sales status for a lead (`PATCH /api/v1/leads/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SalesStatusChange {
    /// The new status.
    pub status: SalesStatus,
}

/// A note about a lead (`POST /api/v1/leads/{id}/notes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewLeadNote {
    /// The note, 1–5000 characters.
    pub text: String,
}

impl NewLeadNote {
    /// The note's text trimmed, or what is wrong with it, in words.
    pub fn checked_text(&self) -> Result<&str, String> {
        let text = self.text.trim();
        if text.is_empty() {
            Err("The note is empty: write something to keep.".into())
        } else if text.chars().count() > MAX_LEAD_NOTE_CHARS {
            Err(format!(
                "The note is longer than {MAX_LEAD_NOTE_CHARS} characters: shorten it or split it."
            ))
        } else {
            Ok(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_survives_the_page_address() {
        let filter = LeadFilter {
            q: Some(" Freight ".into()),
            tier: Some("A".into()),
            band: Some(Band::NearlyReady),
            status: Some(SalesStatus::Contacted),
            from: "2026-11-01".parse().ok(),
            sort: Some(LeadSort::Score),
            direction: Some(SortDirection::Desc),
            page: Some(3),
            ..LeadFilter::default()
        };
        let pairs = filter.query_pairs();
        assert_eq!(
            pairs,
            [
                ("q", "Freight".to_string()),
                ("tier", "A".into()),
                ("band", "nearly_ready".into()),
                ("status", "contacted".into()),
                ("from", "2026-11-01".into()),
                ("sort", "score".into()),
                ("direction", "desc".into()),
                ("page", "3".into()),
            ]
        );
        let back = LeadFilter::from_query_pairs(pairs.iter().map(|(n, v)| (*n, v.as_str())));
        assert_eq!(
            back,
            LeadFilter {
                q: Some("Freight".into()),
                ..filter
            }
        );
    }

    #[test]
    fn unreadable_address_values_are_left_out() {
        let filter = LeadFilter::from_query_pairs([
            ("tier", "Z"),
            ("band", "Ready"),
            ("status", "maybe"),
            ("from", "yesterday"),
            ("page", "0"),
            ("utm_source", "mail"),
        ]);
        assert_eq!(filter, LeadFilter::default());
    }

    #[test]
    fn received_sorts_newest_first_and_the_others_from_the_start() {
        assert_eq!(
            LeadFilter::default().ordering(),
            (LeadSort::Received, SortDirection::Desc)
        );
        let by_company = LeadFilter {
            sort: Some(LeadSort::Company),
            ..LeadFilter::default()
        };
        assert_eq!(
            by_company.ordering(),
            (LeadSort::Company, SortDirection::Asc)
        );
    }

    #[test]
    fn bad_filters_and_notes_are_explained() {
        let long = LeadFilter {
            q: Some("x".repeat(201)),
            ..LeadFilter::default()
        };
        assert_eq!(
            long.validated(),
            Err("q (the search text) is longer than 200 characters".into())
        );
        let huge = LeadFilter {
            per_page: Some(500),
            ..LeadFilter::default()
        };
        assert_eq!(
            huge.validated(),
            Err("per_page must be between 1 and 200, not 500".into())
        );
        assert_eq!(LeadFilter::default().validated(), Ok((1, 50)));
        let blank = NewLeadNote { text: "  ".into() };
        assert_eq!(
            blank.checked_text(),
            Err("The note is empty: write something to keep.".into())
        );
        let note = NewLeadNote {
            text: " Called, wants a quote ".into(),
        };
        assert_eq!(note.checked_text(), Ok("Called, wants a quote"));
    }

    #[test]
    fn statuses_and_bands_read_as_words() {
        assert_eq!(SalesStatus::from_code("won"), Some(SalesStatus::Won));
        assert_eq!(SalesStatus::Qualified.in_words(), "Qualified");
        assert_eq!(band_in_words(Band::NearlyReady), "Nearly ready");
        assert_eq!(band_code(Band::NotReady), "not_ready");
        for (band, code) in BAND_CODES {
            assert_eq!(band_code(band), code);
        }
    }
}

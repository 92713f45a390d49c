//! The registry pages' rules that need no browser: which registry page a path shows, the search
//! as the form holds it ⇄ the page's address ⇄ the API's query, what made a certificate match,
//! and which import format a file is. Pure.

use annexa_shared::CertificateRecord;
use annexa_shared::certificate::{identifier_label, same_identifier};
use serde::Deserialize;

/// A certificate as the registry's API sends it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RegistryEntry {
    /// Registry id (the record page's address).
    pub id: i64,
    /// The record.
    pub certificate: CertificateRecord,
    /// When the registry first held it (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// A page of search results, as the API sends it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ResultPage {
    /// The certificates on this page.
    pub items: Vec<RegistryEntry>,
    /// The page, from 1.
    pub page: u32,
    /// Matches counted (up to a cap).
    pub total: u64,
    /// True when there are more matches than `total`.
    #[serde(default)]
    pub total_capped: bool,
}

/// Which registry page a console path shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryView {
    /// `/console/registry`: search.
    Search,
    /// `/console/registry/import`: import a file.
    Import,
    /// `/console/registry/{id}`: one certificate.
    Record(i64),
    /// `/console/registry/…` that names no certificate.
    Unknown,
}

impl RegistryView {
    /// The registry page for `path`, or `None` when the path is another part of the console.
    pub fn for_path(path: &str) -> Option<RegistryView> {
        let rest = path
            .trim_end_matches('/')
            .strip_prefix("/console/registry")?;
        Some(match rest.strip_prefix('/') {
            None if rest.is_empty() => RegistryView::Search,
            None => return None,
            Some("import") => RegistryView::Import,
            Some(id) => id
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map_or(RegistryView::Unknown, RegistryView::Record),
        })
    }
}

/// What the search looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchBy {
    /// The certificate number.
    #[default]
    Number,
    /// The holder's name (or its beginning).
    Name,
    /// A VAT, D-U-N-S, LEI or registration number.
    Identifier,
    /// Words of the holder's name or the scope.
    Text,
}

impl SearchBy {
    /// Every choice, in the form's order.
    pub const ALL: [SearchBy; 4] = [
        SearchBy::Number,
        SearchBy::Name,
        SearchBy::Identifier,
        SearchBy::Text,
    ];

    /// The name of the query parameter, in the API and in the page's address alike.
    pub fn parameter(self) -> &'static str {
        match self {
            SearchBy::Number => "number",
            SearchBy::Name => "name",
            SearchBy::Identifier => "identifier",
            SearchBy::Text => "q",
        }
    }

    /// The choice in the form.
    pub fn words(self) -> &'static str {
        match self {
            SearchBy::Number => "Certificate number",
            SearchBy::Name => "Holder's name",
            SearchBy::Identifier => "VAT, D-U-N-S, LEI or registration number",
            SearchBy::Text => "Words of the name or the scope",
        }
    }

    /// The choice for a query parameter name.
    pub fn from_parameter(name: &str) -> Option<SearchBy> {
        SearchBy::ALL.into_iter().find(|by| by.parameter() == name)
    }
}

/// A registry search, as the form and the page's address hold it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RegistrySearch {
    /// What to look at.
    pub by: SearchBy,
    /// What to look for.
    pub text: String,
    /// The page of results, from 1.
    pub page: u32,
}

/// Certificates per page of results.
pub const PER_PAGE: u32 = 20;

impl RegistrySearch {
    /// The search a page address describes (`?name=acme&page=2`); `None` without a criterion.
    pub fn from_pairs(pairs: &[(String, String)]) -> Option<RegistrySearch> {
        let (by, text) = pairs.iter().find_map(|(name, value)| {
            let by = SearchBy::from_parameter(name)?;
            (!value.trim().is_empty()).then(|| (by, value.trim().to_string()))
        })?;
        let page = pairs
            .iter()
            .find(|(name, _)| name == "page")
            .and_then(|(_, v)| v.parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1);
        Some(RegistrySearch { by, text, page })
    }

    /// The page's address query (the criterion and the page when past the first).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![(self.by.parameter(), self.text.trim().to_string())];
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }

    /// The API's query for this page of results.
    pub fn api_pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            (self.by.parameter(), self.text.trim().to_string()),
            ("page", self.page.max(1).to_string()),
            ("per_page", PER_PAGE.to_string()),
        ]
    }

    /// Why the search cannot be sent as it is (the API refuses a text without a letter or digit).
    pub fn problem(&self) -> Option<&'static str> {
        if self.text.trim().is_empty() {
            Some("Enter what to look for.")
        } else if !self.text.chars().any(char::is_alphanumeric) {
            Some("Enter at least one letter or digit.")
        } else {
            None
        }
    }
}

/// How many pages `total` results fill (at least one).
pub fn page_count(total: u64) -> u32 {
    u32::try_from(total.div_ceil(u64::from(PER_PAGE)).max(1)).unwrap_or(u32::MAX)
}

/// Characters of scope shown on either side of a matching word.
const EXCERPT_SPAN: usize = 40;

/// What made `record` a result of `search`, in words: the number, the name, which identifier,
/// or the words found and where (with a short excerpt of the scope).
pub fn match_words(search: &RegistrySearch, record: &CertificateRecord) -> String {
    match search.by {
        SearchBy::Number => "Certificate number".into(),
        SearchBy::Name => "Holder's name".into(),
        SearchBy::Identifier => record
            .entity
            .identifiers
            .present()
            .into_iter()
            .find(|(kind, value)| same_identifier(kind, value, &search.text))
            .map_or_else(
                || "An identifier".into(),
                |(kind, _)| capitalised(identifier_label(kind)),
            ),
        SearchBy::Text => {
            let words: Vec<String> = search
                .text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            let name = record.entity.name.to_lowercase();
            if words.iter().any(|w| name.contains(w.as_str())) {
                return "Words of the holder's name".into();
            }
            match words.iter().find_map(|w| excerpt(&record.scope, w)) {
                Some(excerpt) => format!("Scope: “{excerpt}”"),
                None => "Words of the scope".into(),
            }
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The scope around the first place `word` (lower case) starts a word, cut at word bounds with
/// `…` where cut. Case-insensitive; `None` when the word is not there.
fn excerpt(scope: &str, word: &str) -> Option<String> {
    let chars: Vec<char> = scope.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let needle: Vec<char> = word.chars().collect();
    let at = (0..lower.len()).find(|&i| {
        lower[i..].starts_with(&needle) && (i == 0 || !lower[i - 1].is_alphanumeric())
    })?;
    let mut start = at.saturating_sub(EXCERPT_SPAN);
    while start > 0 && start < at && !chars[start - 1].is_whitespace() {
        start += 1;
    }
    let mut end = (at + needle.len() + EXCERPT_SPAN).min(chars.len());
    while end < chars.len() && !chars[end].is_whitespace() {
        end += 1;
    }
    let text: String = chars[start..end].iter().collect();
    let before = if start > 0 { "…" } else { "" };
    let after = if end < chars.len() { "…" } else { "" };
    Some(format!("{before}{}{after}", text.trim()))
}

/// An import file's format, from its name: the media type to send it as.
pub fn import_media_type(file_name: &str) -> Option<&'static str> {
    let extension = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    match extension.as_str() {
        "csv" => Some("text/csv"),
        "jsonl" | "ndjson" => Some("application/x-ndjson"),
        _ => None,
    }
}

/// Files above this size get only their refused rows reported back (the counts cover every
/// row): a report of every row of a file this large would be more than the page should hold.
pub const FULL_REPORT_LIMIT: f64 = 16.0 * 1024.0 * 1024.0;

/// A size in bytes, as a person reads it.
pub fn size_words(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / (1024.0 * 1024.0))
    } else if bytes >= 1024.0 {
        format!("{:.0} kB", bytes / 1024.0)
    } else {
        format!("{bytes:.0} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn registry_paths_choose_their_page() {
        assert_eq!(
            RegistryView::for_path("/console/registry"),
            Some(RegistryView::Search)
        );
        assert_eq!(
            RegistryView::for_path("/console/registry/"),
            Some(RegistryView::Search)
        );
        assert_eq!(
            RegistryView::for_path("/console/registry/import"),
            Some(RegistryView::Import)
        );
        assert_eq!(
            RegistryView::for_path("/console/registry/42"),
            Some(RegistryView::Record(42))
        );
        assert_eq!(
            RegistryView::for_path("/console/registry/0"),
            Some(RegistryView::Unknown)
        );
        assert_eq!(RegistryView::for_path("/console/"), None);
        assert_eq!(RegistryView::for_path("/console/registryx"), None);
    }

    #[test]
    fn the_address_and_the_api_carry_the_same_search() {
        let search = RegistrySearch::from_pairs(&pairs(&[("name", " Acme "), ("page", "3")]))
            .expect("a search");
        assert_eq!(
            search,
            RegistrySearch {
                by: SearchBy::Name,
                text: "Acme".into(),
                page: 3
            }
        );
        assert_eq!(
            search.pairs(),
            vec![("name", "Acme".to_string()), ("page", "3".to_string())]
        );
        assert_eq!(
            search.api_pairs(),
            vec![
                ("name", "Acme".to_string()),
                ("page", "3".to_string()),
                ("per_page", "20".to_string())
            ]
        );
        assert_eq!(RegistrySearch::from_pairs(&pairs(&[("page", "2")])), None);
        let text = RegistrySearch::from_pairs(&pairs(&[("q", "payroll"), ("page", "x")]));
        assert_eq!(text.map(|s| (s.by, s.page)), Some((SearchBy::Text, 1)));
    }

    #[test]
    fn a_search_of_punctuation_only_is_refused_before_sending() {
        let search = |text: &str| RegistrySearch {
            text: text.into(),
            ..RegistrySearch::default()
        };
        assert_eq!(search("  ").problem(), Some("Enter what to look for."));
        assert_eq!(
            search("*").problem(),
            Some("Enter at least one letter or digit.")
        );
        assert_eq!(search("IS 1").problem(), None);
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(41), 3);
    }

    fn record() -> CertificateRecord {
        serde_json::from_str(
            r#"{"certificate_number":"IS 1","certification_body":"Body","accreditation_body":null,
            "standard":"ISO/IEC 27001:2022","status":"active",
            "entity":{"name":"Fictitious Payroll Ltd","country":"IE","identifiers":{"vat":"IE6388047V"}},
            "scope":"The development, hosting and support of cloud payroll software for clients in Spain and Portugal, from Dublin.",
            "sites":[],"original_issue_date":"2023-03-01","issue_date":"2026-03-01","expiry_date":"2029-02-28"}"#,
        )
        .expect("record")
    }

    #[test]
    fn a_match_says_what_matched() {
        let search = |by, text: &str| RegistrySearch {
            by,
            text: text.into(),
            page: 1,
        };
        assert_eq!(
            match_words(&search(SearchBy::Identifier, "6388047V"), &record()),
            "VAT number"
        );
        assert_eq!(
            match_words(&search(SearchBy::Text, "payroll"), &record()),
            "Words of the holder's name"
        );
        assert_eq!(
            match_words(&search(SearchBy::Text, "Portugal"), &record()),
            "Scope: “…software for clients in Spain and Portugal, from Dublin.”"
        );
        assert_eq!(
            match_words(&search(SearchBy::Number, "is1"), &record()),
            "Certificate number"
        );
    }

    #[test]
    fn import_files_are_known_by_their_name() {
        assert_eq!(import_media_type("Registry.CSV"), Some("text/csv"));
        assert_eq!(
            import_media_type("export.ndjson"),
            Some("application/x-ndjson")
        );
        assert_eq!(import_media_type("certs.xlsx"), None);
        assert_eq!(import_media_type("README"), None);
        assert_eq!(size_words(2_621_440.0), "2.5 MB");
        assert_eq!(size_words(2048.0), "2 kB");
    }
}

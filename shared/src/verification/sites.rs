//! Is a claimed site (city, country, address) covered? First against the record's site list,
//! then against the places the scope text names as sites (a place named only as a market —
//! "for customers in Spain" — is not a site); `undetermined` when the record lacks what would
//! decide.

use serde::{Deserialize, Serialize};

use super::coverage::{CoverageItem, Evidence, ItemKind, ItemVerdict, SourceText, search};
use super::reading::{LocationKind, Polarity};
use super::text::terms;
use crate::certificate::CertificateRecord;

/// A site the buyer wants covered. At least one field should be given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimedSite {
    /// City ("Dublin").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 code (`IE`) or an English country name ("Ireland").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Street address ("1 Grand Canal Square").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl ClaimedSite {
    /// A site as a person writes it: `Dublin, IE` → city and country; `IE` (two letters) →
    /// country; `Dublin` → city; `1 Main St, Dublin, IE` → address, city and country. Shared by
    /// the batch CSV, the command line and the buyers' verification page, so that one text
    /// means the same site everywhere.
    pub fn parse(text: &str) -> ClaimedSite {
        let parts: Vec<&str> = text
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [] => ClaimedSite::default(),
            [one] if one.len() == 2 => ClaimedSite {
                country: Some(one.to_string()),
                ..ClaimedSite::default()
            },
            [one] => ClaimedSite {
                city: Some(one.to_string()),
                ..ClaimedSite::default()
            },
            [city, country] => ClaimedSite {
                city: Some(city.to_string()),
                country: Some(country.to_string()),
                address: None,
            },
            [address @ .., city, country] => ClaimedSite {
                city: Some(city.to_string()),
                country: Some(country.to_string()),
                address: Some(address.join(", ")),
            },
        }
    }

    /// The site as shown in a coverage item: "address, city, country".
    pub fn label(&self) -> String {
        [&self.address, &self.city, &self.country]
            .into_iter()
            .filter_map(|f| f.as_deref().map(str::trim).filter(|f| !f.is_empty()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// English names (and common short forms) of the countries most seen on certificates.
const COUNTRIES: &[(&str, &[&str])] = &[
    (
        "GB",
        &[
            "United Kingdom",
            "UK",
            "Great Britain",
            "Britain",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
        ],
    ),
    ("IE", &["Ireland", "Republic of Ireland", "Eire"]),
    (
        "US",
        &["United States", "United States of America", "USA", "US"],
    ),
    ("CA", &["Canada"]),
    ("DE", &["Germany", "Deutschland"]),
    ("FR", &["France"]),
    ("IT", &["Italy", "Italia"]),
    ("ES", &["Spain", "España"]),
    ("PT", &["Portugal"]),
    ("NL", &["Netherlands", "The Netherlands", "Holland"]),
    ("BE", &["Belgium"]),
    ("LU", &["Luxembourg"]),
    ("CH", &["Switzerland"]),
    ("AT", &["Austria"]),
    ("DK", &["Denmark"]),
    ("SE", &["Sweden"]),
    ("NO", &["Norway"]),
    ("FI", &["Finland"]),
    ("PL", &["Poland"]),
    ("CZ", &["Czech Republic", "Czechia"]),
    ("RO", &["Romania"]),
    ("GR", &["Greece"]),
    ("HU", &["Hungary"]),
    ("EE", &["Estonia"]),
    ("LT", &["Lithuania"]),
    ("LV", &["Latvia"]),
    ("IN", &["India"]),
    ("CN", &["China"]),
    ("JP", &["Japan"]),
    ("KR", &["South Korea", "Korea"]),
    ("SG", &["Singapore"]),
    ("HK", &["Hong Kong"]),
    ("MY", &["Malaysia"]),
    ("PH", &["Philippines"]),
    ("AU", &["Australia"]),
    ("NZ", &["New Zealand"]),
    ("ZA", &["South Africa"]),
    ("AE", &["United Arab Emirates", "UAE"]),
    ("SA", &["Saudi Arabia"]),
    ("IL", &["Israel"]),
    ("TR", &["Turkey", "Türkiye"]),
    ("BR", &["Brazil"]),
    ("MX", &["Mexico"]),
    ("AR", &["Argentina"]),
];

/// The alpha-2 code for a claimed country: a code in any case, or an English name.
pub(crate) fn country_code(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.len() == 2 && trimmed.chars().all(|c| c.is_ascii_alphabetic()) {
        let code = trimmed.to_ascii_uppercase();
        return Some(if code == "UK" { "GB".to_string() } else { code });
    }
    let wanted = terms(trimmed);
    COUNTRIES
        .iter()
        .find(|(_, names)| names.iter().any(|n| terms(n) == wanted))
        .map(|(code, _)| (*code).to_string())
}

fn country_names(code: &str) -> &'static [&'static str] {
    COUNTRIES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(&[], |(_, names)| names)
}

/// How one listed site compares with the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Match,
    Unknown,
    Mismatch,
}

fn non_empty(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|f| !f.is_empty())
}

/// The coverage of `claimed` by `record`, and the indices of the listed sites that match it.
pub(crate) fn site_coverage(
    claimed: &ClaimedSite,
    record: &CertificateRecord,
    scope: &SourceText<'_>,
) -> (CoverageItem, Vec<usize>) {
    let item = |verdict, evidence| CoverageItem {
        item: claimed.label(),
        kind: ItemKind::Site,
        verdict,
        evidence,
    };
    let city = non_empty(&claimed.city);
    let address = non_empty(&claimed.address);
    let country = non_empty(&claimed.country);
    let code = country.and_then(country_code);
    if city.is_none() && address.is_none() && country.is_none() {
        return (item(ItemVerdict::Undetermined, Vec::new()), Vec::new());
    }
    if country.is_some() && code.is_none() {
        // A country we cannot read: never guess.
        return (item(ItemVerdict::Undetermined, Vec::new()), Vec::new());
    }

    let mut matched = Vec::new();
    let mut unknown = false;
    let mut list_evidence = Vec::new();
    for (i, site) in record.sites.iter().enumerate() {
        let mut fits = Vec::new();
        let mut evidence = Vec::new();
        if let Some(code) = &code {
            if site.country.eq_ignore_ascii_case(code) {
                fits.push(Fit::Match);
                evidence.push(whole_field(format!("/sites/{i}/country"), &site.country));
            } else {
                fits.push(Fit::Mismatch);
            }
        }
        if let Some(city) = city {
            let wanted = terms(city);
            let in_field = |pointer: String, text: &str| {
                let source = SourceText::new(pointer, text, None);
                search(&source, &wanted, None, wanted.len())
                    .covered
                    .into_iter()
                    .next()
            };
            if let Some(site_city) = non_empty(&site.city) {
                match in_field(format!("/sites/{i}/city"), site_city) {
                    Some(found) => {
                        fits.push(Fit::Match);
                        evidence.push(found);
                    }
                    None => fits.push(Fit::Mismatch),
                }
            } else if let Some(found) =
                non_empty(&site.address).and_then(|a| in_field(format!("/sites/{i}/address"), a))
            {
                fits.push(Fit::Match);
                evidence.push(found);
            } else {
                fits.push(Fit::Unknown);
            }
        }
        if let Some(address) = address {
            let wanted = terms(address);
            match non_empty(&site.address) {
                Some(site_address) => {
                    let have = terms(site_address);
                    if !wanted.is_empty() && wanted.iter().all(|t| have.contains(t)) {
                        fits.push(Fit::Match);
                        evidence.push(whole_field(format!("/sites/{i}/address"), site_address));
                    } else {
                        fits.push(Fit::Mismatch);
                    }
                }
                None => fits.push(Fit::Unknown),
            }
        }
        if fits.contains(&Fit::Mismatch) {
            continue;
        }
        if fits.iter().all(|f| *f == Fit::Match) {
            matched.push(i);
            if list_evidence.is_empty() {
                list_evidence = evidence;
            }
        } else {
            unknown = true;
        }
    }

    // The scope text: a city or address named in it, or the country when only that is claimed.
    let place_terms: Vec<Vec<String>> = match (city, address, &code) {
        (Some(city), _, _) => vec![terms(city)],
        (None, Some(address), _) => vec![terms(address)],
        (None, None, Some(code)) => country_names(code).iter().map(|n| terms(n)).collect(),
        (None, None, None) => Vec::new(),
    };
    let mut in_scope = Places::default();
    for wanted in place_terms.iter().filter(|w| !w.is_empty()) {
        let found = places(scope, wanted);
        let hit = !found.is_empty();
        in_scope.extend(found);
        if hit {
            break;
        }
    }
    // A city named in the scope counts only when the claimed country fits the record.
    let country_fits = match (&code, city.or(address)) {
        (Some(code), Some(_)) => {
            record.entity.country.eq_ignore_ascii_case(code)
                || record
                    .sites
                    .iter()
                    .any(|s| s.country.eq_ignore_ascii_case(code))
                || country_names(code).iter().any(|n| {
                    let wanted = terms(n);
                    !search(scope, &wanted, None, wanted.len())
                        .covered
                        .is_empty()
                })
        }
        _ => true,
    };

    let (verdict, evidence) = if !matched.is_empty() {
        if in_scope.excluded.is_empty() {
            (ItemVerdict::Covered, list_evidence)
        } else {
            let mut evidence = list_evidence;
            evidence.extend(in_scope.excluded);
            (ItemVerdict::Undetermined, evidence)
        }
    } else if !in_scope.excluded.is_empty() {
        (ItemVerdict::Excluded, in_scope.excluded)
    } else if !record.sites.is_empty() && !unknown {
        // The certificate lists its sites and this is not one of them.
        (ItemVerdict::NotCovered, Vec::new())
    } else if !in_scope.site.is_empty() && in_scope.unclear.is_empty() && country_fits {
        (ItemVerdict::Covered, in_scope.site)
    } else {
        let mut evidence = in_scope.site;
        evidence.extend(in_scope.unclear);
        evidence.extend(in_scope.market);
        (ItemVerdict::Undetermined, evidence)
    };
    (item(verdict, evidence), matched)
}

/// Where a place is named in a scope text.
#[derive(Debug, Default)]
struct Places {
    /// Named as a site, in an included part.
    site: Vec<Evidence>,
    /// Named as a market ("for customers in …"): not a site.
    market: Vec<Evidence>,
    /// Named in an excluded part.
    excluded: Vec<Evidence>,
    /// Named in an unclear part.
    unclear: Vec<Evidence>,
}

impl Places {
    fn is_empty(&self) -> bool {
        self.site.is_empty()
            && self.market.is_empty()
            && self.excluded.is_empty()
            && self.unclear.is_empty()
    }

    fn extend(&mut self, other: Places) {
        self.site.extend(other.site);
        self.market.extend(other.market);
        self.excluded.extend(other.excluded);
        self.unclear.extend(other.unclear);
    }
}

/// Every place in `scope` whose words are `wanted`, in order, classified by the reading.
fn places(scope: &SourceText<'_>, wanted: &[String]) -> Places {
    let read = &scope.read;
    let words: Vec<usize> = (0..read.tokens.len())
        .filter(|&i| !read.tokens[i].stop && !read.roles[i].marker)
        .collect();
    let mut found = Places::default();
    for start in 0..words.len() {
        let Some(span) = words.get(start..start + wanted.len()) else {
            break;
        };
        if !span
            .iter()
            .zip(wanted)
            .all(|(&i, term)| read.tokens[i].matches(term))
        {
            continue;
        }
        let (first, last) = (span[0], span[span.len() - 1]);
        let evidence = scope.evidence(read.tokens[first].start, read.tokens[last].end);
        let polarity = span.iter().map(|&i| read.roles[i].polarity);
        if polarity.clone().any(|p| p == Polarity::Excluded) {
            found.excluded.push(evidence);
        } else if polarity.clone().any(|p| p == Polarity::Unclear) {
            found.unclear.push(evidence);
        } else if read.place_kind(first) == LocationKind::Market {
            found.market.push(evidence);
        } else {
            found.site.push(evidence);
        }
    }
    found
}

fn whole_field(source: String, text: &str) -> Evidence {
    Evidence {
        source,
        text: text.to_string(),
        start: 0,
        end: text.chars().count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_and_names() {
        assert_eq!(country_code("ie").as_deref(), Some("IE"));
        assert_eq!(country_code("UK").as_deref(), Some("GB"));
        assert_eq!(country_code("Republic of Ireland").as_deref(), Some("IE"));
        assert_eq!(country_code("the Netherlands").as_deref(), Some("NL"));
        assert_eq!(country_code("Atlantis"), None);
    }

    #[test]
    fn label_joins_what_was_given() {
        let site = ClaimedSite {
            city: Some("Dublin".into()),
            country: Some("IE".into()),
            address: None,
        };
        assert_eq!(site.label(), "Dublin, IE");
    }
}

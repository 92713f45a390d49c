//! A whole certificate record from a plan: the certificate's scope, 0–3 sites (some with their
//! own scope written by the same grammar), the claims a buyer makes, and the unknown cue that
//! invariant 3 inserts.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::grammar::{Allocator, Part, Polarity, claim_text, render_text, service_text};
use super::plan::{ItemDraw, TextPlan, text_plan};
use super::vocabulary::{MARKET_PLACES, SERVICES, SITE_PLACES, market_country_name};

/// A listed site and whether it has its own scope.
#[derive(Debug, Clone)]
pub struct SitePlan {
    pub place: usize,
    pub scope: Option<TextPlan>,
    pub claim_form: u8,
}

/// Where and which unknown negation or restriction cue invariant 3 inserts.
#[derive(Debug, Clone)]
pub struct CuePlan {
    pub text: u8,
    pub cue: u8,
    pub boundary: u32,
    pub case: u8,
}

/// Everything one generated statement needs.
#[derive(Debug, Clone)]
pub struct RecordPlan {
    pub general: TextPlan,
    pub sites: Vec<SitePlan>,
    pub absent_items: Vec<ItemDraw>,
    pub absent_sites: Vec<(usize, u8)>,
    pub market_claims: Vec<(u8, u8)>,
    pub cue: CuePlan,
    pub focus: u8,
}

/// Unknown negation and restriction cues: the reader does not resolve them, so they may only
/// make a verdict more cautious.
pub const CUES: &[&str] = &[
    "not", "no", "never", "only", "solely", "n/a", "non-", "bar", "save", "without",
];

/// Plans of records with exactly `sites` listed sites.
pub fn record_plan(sites: usize) -> impl Strategy<Value = RecordPlan> {
    let site = (
        0..SITE_PLACES.len(),
        prop::option::weighted(0.45, text_plan()),
        any::<u8>(),
    )
        .prop_map(|(place, scope, claim_form)| SitePlan {
            place,
            scope,
            claim_form,
        });
    let item =
        (0..SERVICES.len(), any::<u32>(), any::<u32>()).prop_map(|(service, written, claimed)| {
            ItemDraw {
                service,
                written,
                claimed,
            }
        });
    let cue = (any::<u8>(), any::<u8>(), any::<u32>(), any::<u8>()).prop_map(
        |(text, cue, boundary, case)| CuePlan {
            text,
            cue,
            boundary,
            case,
        },
    );
    (
        text_plan(),
        prop::collection::vec(site, sites..=sites),
        prop::collection::vec(item, 1..=2),
        prop::collection::vec((0..SITE_PLACES.len(), any::<u8>()), 1..=2),
        prop::collection::vec((any::<u8>(), any::<u8>()), 0..=2),
        cue,
        any::<u8>(),
    )
        .prop_map(
            |(general, sites, absent_items, absent_sites, market_claims, cue, focus)| RecordPlan {
                general,
                sites,
                absent_items,
                absent_sites,
                market_claims,
                cue,
                focus,
            },
        )
}

/// A claimed site and how a report names it.
#[derive(Debug, Clone)]
pub struct SiteClaim {
    pub json: Value,
    pub label: String,
}

/// A listed site of the rendered record.
#[derive(Debug, Clone)]
pub struct RenderedSite {
    pub place: usize,
    pub scope: Option<String>,
    pub claim: SiteClaim,
}

/// An activity claimed that the record never mentions.
#[derive(Debug, Clone)]
pub struct AbsentClaim {
    pub written: String,
    pub claim: String,
}

/// The rendered record and every claim drawn from it.
#[derive(Debug, Clone)]
pub struct RenderedRecord {
    pub scope: String,
    pub sites: Vec<RenderedSite>,
    pub parts: Vec<Part>,
    pub absent: Vec<AbsentClaim>,
    pub market_claims: Vec<SiteClaim>,
    pub absent_sites: Vec<SiteClaim>,
}

fn site_claim(city: Option<&str>, country: Option<&str>) -> SiteClaim {
    let mut json = json!({});
    if let Some(city) = city {
        json["city"] = json!(city);
    }
    if let Some(country) = country {
        json["country"] = json!(country);
    }
    let label = [city, country].into_iter().flatten().collect::<Vec<_>>();
    SiteClaim {
        json,
        label: label.join(", "),
    }
}

/// Renders `plan`.
pub fn render_record(plan: &RecordPlan) -> RenderedRecord {
    let mut alloc = Allocator::new();
    let general = render_text(&plan.general, &mut alloc);
    let mut parts = general.parts;
    let mut markets = general.markets;

    // Distinct places; at least one site without its own scope, so that the certificate's scope
    // applies somewhere and an activity claimed without a site can rely on it.
    let mut places: Vec<usize> = Vec::new();
    for site in &plan.sites {
        let mut place = site.place;
        while places.contains(&place) {
            place = (place + 1) % SITE_PLACES.len();
        }
        places.push(place);
    }
    let all_scoped = plan.sites.iter().all(|s| s.scope.is_some());
    let mut sites = Vec::new();
    for (i, (site, place)) in plan.sites.iter().zip(&places).enumerate() {
        let keep_scope = !(all_scoped && i == plan.sites.len() - 1);
        let scope = site.scope.as_ref().filter(|_| keep_scope).map(|text| {
            let rendered = render_text(text, &mut alloc);
            parts.extend(
                rendered
                    .parts
                    .into_iter()
                    .map(|p| Part { site: Some(i), ..p }),
            );
            markets.extend(rendered.markets);
            rendered.text
        });
        let at = &SITE_PLACES[*place];
        let claim = match site.claim_form % 3 {
            0 => site_claim(Some(at.city), Some(at.code)),
            1 => site_claim(Some(at.city), Some(at.country)),
            _ => site_claim(Some(at.city), None),
        };
        sites.push(RenderedSite {
            place: *place,
            scope,
            claim,
        });
    }

    let absent = plan
        .absent_items
        .iter()
        .map(|draw| {
            let service = alloc.take(draw.service);
            AbsentClaim {
                written: service_text(&SERVICES[service], draw.written),
                claim: claim_text(&SERVICES[service], draw.claimed),
            }
        })
        .collect();

    let listed_codes: Vec<&str> = places.iter().map(|p| SITE_PLACES[*p].code).collect();
    let mut absent_sites = Vec::new();
    for (wanted, form) in &plan.absent_sites {
        let mut place = *wanted;
        let mut tries = 0;
        while places.contains(&place) && tries < SITE_PLACES.len() {
            place = (place + 1) % SITE_PLACES.len();
            tries += 1;
        }
        let at = &SITE_PLACES[place];
        absent_sites.push(match form % 4 {
            0 => site_claim(Some(at.city), Some(at.code)),
            1 => site_claim(Some(at.city), Some(at.country)),
            2 => site_claim(Some(at.city), None),
            // A country on its own only when no listed site is in it.
            _ if !listed_codes.contains(&at.code) => site_claim(None, Some(at.code)),
            _ => site_claim(Some(at.city), Some(at.code)),
        });
    }

    let named: Vec<usize> = markets
        .iter()
        .copied()
        .filter(|m| MARKET_PLACES[*m].code.is_some())
        .collect();
    let market_claims = if named.is_empty() {
        Vec::new()
    } else {
        plan.market_claims
            .iter()
            .map(|(which, form)| {
                let place = &MARKET_PLACES[named[*which as usize % named.len()]];
                let code = place.code.expect("named markets have a country");
                match (place.is_city, form % 2) {
                    (true, 0) => site_claim(Some(place.name), Some(code)),
                    (true, _) => site_claim(Some(place.name), None),
                    (false, 0) => site_claim(None, Some(code)),
                    (false, _) => site_claim(None, Some(market_country_name(code))),
                }
            })
            .collect()
    };

    RenderedRecord {
        scope: general.text,
        sites,
        parts,
        absent,
        market_claims,
        absent_sites,
    }
}

impl RenderedRecord {
    /// The certificate record as JSON: a valid, active, UKAS-accredited ISO/IEC 27001:2022
    /// certificate of Fictitious Nimbus Ltd, issued 2025-06-01 and expiring 2028-05-31.
    pub fn json(&self) -> Value {
        let sites: Vec<Value> = self
            .sites
            .iter()
            .map(|site| {
                let at = &SITE_PLACES[site.place];
                let mut value = json!({ "city": at.city, "country": at.code });
                if let Some(scope) = &site.scope {
                    value["scope"] = json!(scope);
                }
                value
            })
            .collect();
        json!({
            "certificate_number": "GRAMMAR-1",
            "certification_body": "Pretend Assurance Certification Ltd",
            "accreditation_body": "UKAS",
            "standard": "ISO/IEC 27001:2022",
            "status": "active",
            "entity": { "name": "Fictitious Nimbus Ltd", "country": "GB" },
            "scope": self.scope,
            "sites": sites,
            "original_issue_date": "2025-06-01",
            "issue_date": "2025-06-01",
            "expiry_date": "2028-05-31",
            "last_surveillance_date": "2026-05-20"
        })
    }

    /// The included parts of the certificate's scope or of one site's own scope.
    pub fn parts_of(&self, site: Option<usize>) -> impl Iterator<Item = &Part> {
        self.parts.iter().filter(move |p| p.site == site)
    }

    /// The same record with an unknown cue inserted at a word boundary of one of its scope
    /// texts; also returns the cue and the site whose own scope got it (`None`: the
    /// certificate's scope).
    pub fn with_cue(&self, cue: &CuePlan) -> (RenderedRecord, &'static str, Option<usize>) {
        let scoped: Vec<usize> = (0..self.sites.len())
            .filter(|i| self.sites[*i].scope.is_some())
            .collect();
        let target = cue.text as usize % (1 + scoped.len());
        let word = CUES[cue.cue as usize % CUES.len()];
        let written = match cue.case % 3 {
            0 => word.to_string(),
            1 => super::phrasing::capitalise_first(word),
            _ => word.to_uppercase(),
        };
        let mut out = self.clone();
        let (text, site) = if target == 0 {
            (&mut out.scope, None)
        } else {
            let i = scoped[target - 1];
            (out.sites[i].scope.as_mut().expect("a scoped site"), Some(i))
        };
        *text = insert_at_word_boundary(text, &written, cue.boundary);
        (out, word, site)
    }
}

/// Inserts `cue` before the word picked by `boundary` ("non-" is glued to the word).
fn insert_at_word_boundary(text: &str, cue: &str, boundary: u32) -> String {
    let chars: Vec<char> = text.chars().collect();
    let starts: Vec<usize> = (0..chars.len())
        .filter(|i| chars[*i].is_alphanumeric() && (*i == 0 || !chars[i - 1].is_alphanumeric()))
        .collect();
    if starts.is_empty() {
        return format!("{cue} {text}");
    }
    let at = starts[boundary as usize % starts.len()];
    let glue = if cue.ends_with('-') { "" } else { " " };
    let mut out: String = chars[..at].iter().collect();
    out.push_str(cue);
    out.push_str(glue);
    out.extend(&chars[at..]);
    out
}

/// Polarity of a part, for reports.
pub fn polarity_name(polarity: Polarity) -> &'static str {
    match polarity {
        Polarity::Included => "included",
        Polarity::Excluded => "excluded",
    }
}

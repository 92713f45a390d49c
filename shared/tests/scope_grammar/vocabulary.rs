//! The words the grammar writes with: service phrases whose significant words never overlap
//! (so a claim drawn from one part of a statement can only be supported or excluded by that
//! part), the places used as sites and as markets, and a crude word key used to prove the
//! vocabulary stays unambiguous.

/// A service as certification bodies name it in a scope.
pub struct Service {
    /// Each significant word (or abbreviation unit) with the spellings a reader must treat as the
    /// same word: singular/plural, British/American, an abbreviation and its long form.
    pub slots: &'static [&'static [&'static str]],
    /// The same service with its words reordered around a function word: `{1} of {0}` writes
    /// "processing of payroll" for "payroll processing".
    pub reordered: Option<&'static str>,
}

const fn s(slots: &'static [&'static [&'static str]], reordered: Option<&'static str>) -> Service {
    Service { slots, reordered }
}

/// The service vocabulary. No two services share a significant word (checked by
/// `the_vocabulary_is_unambiguous`), and none shares one with the statement's frame.
pub const SERVICES: &[Service] = &[
    s(&[&["payroll"], &["processing"]], Some("{1} of {0}")),
    s(
        &[&["building", "buildings"], &["maintenance"]],
        Some("{1} of {0}"),
    ),
    s(&[&["legal"], &["advisory"]], None),
    s(&[&["structured"], &["cabling"]], None),
    s(&[&["VoIP"], &["telephony"]], None),
    s(
        &[
            &[
                "data centre",
                "data center",
                "datacentre",
                "datacenter",
                "data centres",
                "data centers",
            ],
            &["colocation"],
        ],
        Some("{1} in {0}"),
    ),
    s(
        &[
            &["HR", "human resources"],
            &["software as a service", "SaaS", "software-as-a-service"],
        ],
        Some("{1} for {0}"),
    ),
    s(&[&["helpdesk"], &["outsourcing"]], Some("{1} of {0}")),
    s(
        &[&["mobile"], &["app", "apps"], &["development"]],
        Some("{2} of {0} {1}"),
    ),
    s(&[&["penetration"], &["testing"]], None),
    s(
        &[&["document", "documents"], &["archiving"]],
        Some("{1} of {0}"),
    ),
    s(&[&["freight"], &["forwarding"]], Some("{1} of {0}")),
    s(&[&["email", "e-mail"], &["hosting"]], Some("{1} of {0}")),
    s(&[&["technical"], &["translation", "translations"]], None),
    s(
        &[&["insurance"], &["claims", "claim"], &["handling"]],
        Some("{2} of {0} {1}"),
    ),
    s(&[&["tax"], &["advice"]], None),
    s(
        &[&["route", "routes"], &["optimisation", "optimization"]],
        Some("{1} of {0}"),
    ),
    s(&[&["cloud"], &["backup", "backups"]], None),
    s(&[&["API", "APIs"], &["integration"]], Some("{1} of {0}")),
    s(&[&["video"], &["surveillance"]], None),
    s(&[&["medical"], &["transcription"]], None),
    s(
        &[&["pension", "pensions"], &["administration"]],
        Some("{1} of {0}"),
    ),
    s(&[&["card"], &["payment", "payments"], &["acquiring"]], None),
    s(&[&["colour", "color"], &["printing"]], Some("{1} in {0}")),
    s(
        &[&["website", "websites"], &["localisation", "localization"]],
        Some("{1} of {0}"),
    ),
    s(
        &[&["licence", "license", "licences", "licenses"], &["resale"]],
        Some("{1} of {0}"),
    ),
    s(
        &[&["defence", "defense"], &["procurement"]],
        Some("{1} for {0}"),
    ),
    s(
        &[
            &["product", "products"],
            &["catalogue", "catalog", "catalogues", "catalogs"],
            &["publishing"],
        ],
        Some("{2} of {0} {1}"),
    ),
    s(&[&["call", "calls"], &["recording"]], Some("{1} of {0}")),
    s(
        &[&["vehicle"], &["fleet", "fleets"], &["tracking"]],
        Some("{2} of {0} {1}"),
    ),
    s(&[&["identity"], &["verification"]], Some("{1} of {0}")),
    s(&[&["bookkeeping"]], None),
    s(&[&["recruitment"], &["screening"]], None),
    s(&[&["cold"], &["storage"], &["warehousing"]], None),
    s(&[&["geospatial"], &["mapping"]], None),
    s(
        &[
            &["machine"],
            &["learning"],
            &["model", "models"],
            &["training"],
        ],
        Some("{3} of {0} {1} {2}"),
    ),
    s(&[&["seismic"], &["surveying"]], None),
    s(
        &[&["clinical"], &["trial", "trials"], &["monitoring"]],
        Some("{2} of {0} {1}"),
    ),
    s(&[&["energy"], &["metering"]], None),
    s(&[&["smart"], &["grid"], &["telemetry"]], None),
    s(&[&["event", "events"], &["ticketing"]], Some("{1} for {0}")),
    s(&[&["travel"], &["booking", "bookings"]], None),
    s(
        &[
            &["loyalty"],
            &["programme", "program", "programmes", "programs"],
            &["design"],
        ],
        Some("{2} of {0} {1}"),
    ),
    s(
        &[&["order", "orders"], &["fulfilment", "fulfillment"]],
        Some("{1} of {0}"),
    ),
    s(
        &[&["cheque", "check", "cheques", "checks"], &["clearing"]],
        Some("{1} of {0}"),
    ),
    s(
        &[&["tyre", "tire", "tyres", "tires"], &["fitting"]],
        Some("{1} of {0}"),
    ),
    s(&[&["labour", "labor"], &["hire"]], None),
    s(
        &[&["aluminium", "aluminum"], &["recycling"]],
        Some("{1} of {0}"),
    ),
    s(&[&["parcel", "parcels"], &["courier"]], None),
    s(&[&["pharmacy"], &["dispensing"]], None),
    s(&[&["dental"], &["imaging"]], None),
    s(&[&["veterinary"], &["diagnostics"]], None),
    s(&[&["satellite"], &["broadband"]], None),
    s(
        &[&["fibre", "fiber"], &["installation", "installations"]],
        Some("{1} of {0}"),
    ),
    s(
        &[&["lift", "lifts"], &["inspection", "inspections"]],
        Some("{1} of {0}"),
    ),
    s(&[&["grant", "grants"], &["writing"]], None),
    s(&[&["exam", "exams"], &["proctoring"]], None),
    s(
        &[&["mortgage", "mortgages"], &["underwriting"]],
        Some("{1} of {0}"),
    ),
    s(&[&["asset", "assets"], &["custody"]], Some("{1} of {0}")),
    s(&[&["debt", "debts"], &["collection"]], Some("{1} of {0}")),
    s(&[&["hotel"], &["reservations", "reservation"]], None),
    s(&[&["catering"]], None),
    s(&[&["waste"], &["disposal"]], Some("{1} of {0}")),
    s(&[&["pest"], &["control"]], None),
    s(&[&["film", "films"], &["subtitling"]], Some("{1} of {0}")),
    s(&[&["genome"], &["sequencing"]], Some("{1} of {0}")),
    s(
        &[&["podcast", "podcasts"], &["editing"]],
        Some("{1} of {0}"),
    ),
    s(
        &[&["solar"], &["panel", "panels"], &["cleaning"]],
        Some("{2} of {0} {1}"),
    ),
    s(&[&["conference", "conferences"], &["interpreting"]], None),
];

/// A place where the certified organisation works: listed as a site of the record.
pub struct SitePlace {
    pub city: &'static str,
    pub code: &'static str,
    pub country: &'static str,
}

const fn site(city: &'static str, code: &'static str, country: &'static str) -> SitePlace {
    SitePlace {
        city,
        code,
        country,
    }
}

/// Site places. Their countries never appear among the markets, so a market claim can only be
/// covered by mistaking a market for a site.
pub const SITE_PLACES: &[SitePlace] = &[
    site("London", "GB", "United Kingdom"),
    site("Manchester", "GB", "United Kingdom"),
    site("Leeds", "GB", "United Kingdom"),
    site("Glasgow", "GB", "United Kingdom"),
    site("Dublin", "IE", "Ireland"),
    site("Cork", "IE", "Ireland"),
    site("Galway", "IE", "Ireland"),
    site("Berlin", "DE", "Germany"),
    site("Munich", "DE", "Germany"),
    site("Hamburg", "DE", "Germany"),
    site("Amsterdam", "NL", "Netherlands"),
    site("Rotterdam", "NL", "Netherlands"),
    site("Warsaw", "PL", "Poland"),
    site("Krakow", "PL", "Poland"),
];

/// A place named only as a market (where customers are).
pub struct MarketPlace {
    /// As written in the scope.
    pub name: &'static str,
    /// The country it is in; `None` for a region ("the Nordics") that no claim names.
    pub code: Option<&'static str>,
    /// A city (claimed as `{"city"}`) rather than a country (claimed as `{"country"}`).
    pub is_city: bool,
}

const fn country(name: &'static str, code: &'static str) -> MarketPlace {
    MarketPlace {
        name,
        code: Some(code),
        is_city: false,
    }
}

const fn city(name: &'static str, code: &'static str) -> MarketPlace {
    MarketPlace {
        name,
        code: Some(code),
        is_city: true,
    }
}

/// Market places: none is in a country of [`SITE_PLACES`].
pub const MARKET_PLACES: &[MarketPlace] = &[
    country("Spain", "ES"),
    country("Portugal", "PT"),
    country("France", "FR"),
    country("Italy", "IT"),
    country("Belgium", "BE"),
    country("Austria", "AT"),
    country("Switzerland", "CH"),
    country("Sweden", "SE"),
    country("Norway", "NO"),
    country("Denmark", "DK"),
    country("Finland", "FI"),
    city("Madrid", "ES"),
    city("Barcelona", "ES"),
    city("Lisbon", "PT"),
    city("Porto", "PT"),
    city("Paris", "FR"),
    city("Lyon", "FR"),
    city("Milan", "IT"),
    city("Brussels", "BE"),
    city("Vienna", "AT"),
    city("Zurich", "CH"),
    city("Stockholm", "SE"),
    city("Oslo", "NO"),
    city("Copenhagen", "DK"),
    city("Helsinki", "FI"),
    MarketPlace {
        name: "the Nordics",
        code: None,
        is_city: false,
    },
];

/// The country name for a market country code (claims may give the name instead of the code).
pub fn market_country_name(code: &str) -> &'static str {
    MARKET_PLACES
        .iter()
        .find(|p| !p.is_city && p.code == Some(code))
        .map_or("", |p| p.name)
}

/// Words that carry no meaning of their own; they join a service's words and never make two
/// services overlap.
pub const FUNCTION_WORDS: &[&str] = &["of", "for", "in", "a", "as", "the", "and", "or", "to"];

/// A crude key for a word, good enough to prove two vocabularies never meet: lower case, plural
/// and British spelling undone. Two words clash when their keys are equal or share six letters.
pub fn word_key(word: &str) -> String {
    let mut w = word.to_lowercase();
    for (british, american) in [
        ("centre", "center"),
        ("colour", "color"),
        ("licence", "license"),
        ("defence", "defense"),
        ("catalogue", "catalog"),
        ("programme", "program"),
        ("fulfilment", "fulfillment"),
        ("cheque", "check"),
        ("tyre", "tire"),
        ("labour", "labor"),
        ("aluminium", "aluminum"),
        ("fibre", "fiber"),
        ("isation", "ization"),
    ] {
        w = w.replace(british, american);
    }
    if let Some(stem) = w.strip_suffix("ies") {
        w = format!("{stem}y");
    } else if w.ends_with('s') && !w.ends_with("ss") && w.len() > 3 {
        w.pop();
    }
    w
}

/// True when two word keys could be read as the same word.
pub fn keys_clash(a: &str, b: &str) -> bool {
    let prefix = |w: &str| w.chars().take(6).collect::<String>();
    a == b || (a.chars().count() >= 6 && b.chars().count() >= 6 && prefix(a) == prefix(b))
}

/// The significant words of a text for the clash check: split on spaces and hyphens, function
/// words and single letters dropped.
pub fn significant_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .filter(|w| !FUNCTION_WORDS.contains(&w.to_lowercase().as_str()))
        .map(word_key)
        .collect()
}

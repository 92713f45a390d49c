//! Deterministic, clearly fictitious demo certificates: for a newcomer to try verification at
//! once, for tests, and for benchmarks at 1,000,000 records.
//!
//! Record `i` depends only on `i` (a splitmix64 stream seeded by it), so any range can be
//! generated independently and twice gives the same bytes. Every record is marked fictitious:
//! the entity name contains "Fictitious", the certificate number starts with `DEMO-`, the
//! certification bodies are invented and `soa_reference` starts with "DEMO". The
//! accreditation bodies are real names (so that the signatory list is exercised), except for an
//! invented "Imaginary Accreditation Council" and records with none.

use annexa_shared::{
    CertificateRecord, CertificateStatus, Date, Entity, Identifiers, Site, Standard,
};

/// The day the demo data is anchored to (records are current around it).
pub fn reference_date() -> Date {
    Date::new(2026, 10, 1).expect("valid date")
}

/// splitmix64: a tiny, good-enough generator; no randomness crate needed.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

const SYLLABLES: [&str; 24] = [
    "zor", "va", "neth", "quil", "bram", "tor", "lux", "mer", "dal", "fen", "gris", "hol", "ist",
    "jun", "kel", "mor", "nal", "oph", "pel", "rin", "sul", "tav", "ulm", "wex",
];

struct Industry {
    word: &'static str,
    product: &'static str,
    activities: &'static [&'static str],
    customers: &'static str,
    exclusions: &'static [&'static str],
}

const INDUSTRIES: &[Industry] = &[
    Industry {
        word: "Payroll",
        product: "cloud-based payroll and HR software as a service",
        activities: &["design", "development", "hosting", "support"],
        customers: "employers",
        exclusions: &["on-premise installations", "payroll bureau services"],
    },
    Industry {
        word: "Logistics",
        product: "freight tracking and warehouse management platforms",
        activities: &["development", "operation", "customer support"],
        customers: "shippers and carriers",
        exclusions: &["physical transport operations", "customs brokerage"],
    },
    Industry {
        word: "Hosting",
        product: "managed hosting and data centre colocation services",
        activities: &["provision", "operation", "monitoring"],
        customers: "business customers",
        exclusions: &["customer-managed equipment", "network connectivity resale"],
    },
    Industry {
        word: "Analytics",
        product: "marketing analytics software as a service",
        activities: &["development", "hosting", "data processing"],
        customers: "retail brands",
        exclusions: &["consulting services", "on-premise deployments"],
    },
    Industry {
        word: "Health Records",
        product: "electronic health record systems",
        activities: &["development", "implementation", "hosting", "support"],
        customers: "clinics and hospitals",
        exclusions: &["medical device software", "hardware maintenance"],
    },
    Industry {
        word: "Payments",
        product: "card payment processing and merchant onboarding services",
        activities: &["operation", "development", "customer support"],
        customers: "online merchants",
        exclusions: &["point-of-sale terminal manufacturing", "cash handling"],
    },
    Industry {
        word: "Consulting",
        product: "IT consulting and managed security services",
        activities: &["delivery", "management", "monitoring"],
        customers: "public and private sector clients",
        exclusions: &["penetration testing", "recruitment services"],
    },
    Industry {
        word: "Telecom",
        product: "unified communications and contact centre software",
        activities: &["development", "hosting", "operation", "support"],
        customers: "enterprises",
        exclusions: &["mobile network infrastructure", "handset repairs"],
    },
    Industry {
        word: "Learning",
        product: "online learning management platforms",
        activities: &["design", "development", "hosting"],
        customers: "schools and universities",
        exclusions: &["classroom training delivery", "content authoring services"],
    },
    Industry {
        word: "Legal Tech",
        product: "document management and e-discovery software",
        activities: &["development", "hosting", "support"],
        customers: "law firms",
        exclusions: &["legal advice", "document printing"],
    },
];

const COUNTRIES: &[(&str, &[&str], &str)] = &[
    ("IE", &["Dublin", "Cork", "Galway"], "Ltd"),
    (
        "GB",
        &["London", "Manchester", "Edinburgh", "Leeds"],
        "Limited",
    ),
    ("DE", &["Berlin", "Munich", "Hamburg", "Frankfurt"], "GmbH"),
    ("FR", &["Paris", "Lyon", "Toulouse"], "SAS"),
    ("NL", &["Amsterdam", "Rotterdam", "Utrecht"], "B.V."),
    ("ES", &["Madrid", "Barcelona", "Valencia"], "S.L."),
    ("IT", &["Milan", "Rome", "Turin"], "S.r.l."),
    ("US", &["New York", "Austin", "Seattle", "Chicago"], "Inc."),
    ("IN", &["Bengaluru", "Pune", "Hyderabad"], "Pvt Ltd"),
    ("AU", &["Sydney", "Melbourne", "Brisbane"], "Pty Ltd"),
    ("SG", &["Singapore"], "Pte Ltd"),
    ("CA", &["Toronto", "Vancouver", "Montreal"], "Inc."),
];

const BODIES: &[(&str, &str)] = &[
    ("DCS", "Demo Certification Services Ltd"),
    ("IAG", "Imaginary Assurance GmbH"),
    ("FAB", "Fictional Audit Bureau SAS"),
    ("SRI", "Sample Registrar Inc."),
    ("PQC", "Pretend Quality Certification B.V."),
];

const STREETS: [&str; 8] = [
    "Harbour Road",
    "Station Street",
    "Market Square",
    "Canal Quay",
    "Innovation Park",
    "High Street",
    "Mill Lane",
    "Riverside Avenue",
];

fn accreditation_for(rng: &mut SplitMix64, country: &str) -> Option<String> {
    let roll = rng.below(100);
    if roll < 5 {
        return None;
    }
    if roll < 10 {
        return Some("Imaginary Accreditation Council".to_string());
    }
    let body = match country {
        "IE" => "INAB",
        "GB" => "UKAS",
        "DE" => "DAkkS",
        "FR" => "COFRAC",
        "NL" => "RvA",
        "ES" => "ENAC",
        "IT" => "ACCREDIA",
        "US" => "ANAB",
        "IN" => "NABCB",
        "AU" => "JAS-ANZ",
        "SG" => "SAC",
        _ => "SCC",
    };
    Some(body.to_string())
}

fn digits(rng: &mut SplitMix64, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect()
}

fn join_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Demo record number `index`.
pub fn record(index: u64) -> CertificateRecord {
    let mut rng = SplitMix64(index ^ 0xA5A5_5A5A_DEAD_BEEF);
    let stem: String = (0..2 + rng.below(2))
        .map(|_| *rng.pick(&SYLLABLES))
        .collect();
    let stem = format!("{}{}", stem[..1].to_uppercase(), &stem[1..]);
    let industry = rng.pick(INDUSTRIES);
    let &(country, _, legal_form) = rng.pick(COUNTRIES);
    let (code, body) = *rng.pick(BODIES);

    // Dates: issued within the last three years of the reference date; some long expired.
    let reference = reference_date();
    let age_days = rng.below(1090) as i64 + if rng.percent(12) { 1100 } else { 0 };
    let issue_date = reference.add_days(-age_days).unwrap_or(reference);
    let expiry_date = issue_date
        .add_months(36)
        .and_then(|d| d.add_days(-1))
        .unwrap_or(issue_date);
    let cycles = rng.below(4) as i32;
    let original_issue_date = issue_date.add_months(-36 * cycles).unwrap_or(issue_date);
    let standard = if issue_date < Date::new(2024, 4, 30).unwrap_or(reference) && rng.percent(35) {
        Standard::Iso27001_2013
    } else {
        Standard::Iso27001_2022
    };
    let roll = rng.below(100);
    let status = if expiry_date < reference {
        CertificateStatus::Expired
    } else if roll < 78 {
        CertificateStatus::Active
    } else if roll < 86 {
        CertificateStatus::Suspended
    } else if roll < 93 {
        CertificateStatus::Withdrawn
    } else {
        CertificateStatus::Cancelled
    };
    let months_since = (age_days / 30) as i32;
    let last_surveillance_date = if months_since >= 12 && rng.percent(85) {
        issue_date.add_months((months_since / 12) * 12 - 1)
    } else {
        None
    };

    // Sites: none (10 %), or one to three, the first in the entity's country.
    let site_count = if rng.percent(10) {
        0
    } else {
        1 + rng.below(3) as usize
    };
    let mut sites = Vec::new();
    for n in 0..site_count {
        let &(site_country, site_cities, _) = if n == 0 {
            COUNTRIES
                .iter()
                .find(|c| c.0 == country)
                .unwrap_or(&COUNTRIES[0])
        } else {
            rng.pick(COUNTRIES)
        };
        let city = *rng.pick(site_cities);
        let scope = rng.percent(20).then(|| {
            let activity = rng.pick(industry.activities);
            format!(
                "{} of {} from the {city} office.",
                capitalise(activity),
                industry.product
            )
        });
        sites.push(Site {
            name: Some(if n == 0 {
                "Head office".to_string()
            } else {
                format!("{city} office")
            }),
            address: Some(format!("{} {}", 1 + rng.below(180), rng.pick(&STREETS))),
            city: Some(city.to_string()),
            country: site_country.to_string(),
            scope,
        });
    }

    let take = 2 + rng.below(industry.activities.len() as u64 - 1) as usize;
    let activities: Vec<&str> = industry.activities[..take.min(industry.activities.len())].to_vec();
    let mut scope = format!(
        "The information security management system supporting the {} of {} for {}",
        join_list(&activities),
        industry.product,
        industry.customers
    );
    let named: Vec<&str> = sites.iter().filter_map(|s| s.city.as_deref()).collect();
    if !named.is_empty() && rng.percent(60) {
        scope.push_str(&format!(", delivered from {}", join_list(&named)));
    }
    if rng.percent(45) {
        scope.push_str(&format!(", excluding {}", rng.pick(industry.exclusions)));
    }
    let soa_version = 1 + rng.below(9);
    scope.push('.');

    let eu_vat = ["IE", "DE", "FR", "NL", "ES", "IT"].contains(&country) || country == "GB";
    let identifiers = Identifiers {
        vat: (eu_vat && rng.percent(80)).then(|| format!("{country}{}", digits(&mut rng, 9))),
        duns: rng.percent(60).then(|| digits(&mut rng, 9)),
        registration_number: rng.percent(50).then(|| format!("R{}", digits(&mut rng, 8))),
        lei: None,
    };
    CertificateRecord {
        certificate_number: format!("DEMO-{code}-{index:07}"),
        certification_body: body.to_string(),
        accreditation_body: accreditation_for(&mut rng, country),
        standard,
        status,
        entity: Entity {
            name: format!("{stem} Fictitious {} {legal_form}", industry.word),
            country: country.to_string(),
            identifiers,
        },
        scope,
        sites,
        original_issue_date,
        issue_date,
        expiry_date,
        last_surveillance_date,
        soa_reference: Some(format!("DEMO SoA v{soa_version}")),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Demo records `start .. start + count`.
pub fn records(start: u64, count: u64) -> impl Iterator<Item = CertificateRecord> {
    (start..start.saturating_add(count)).map(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use annexa_shared::verification::check_validity;

    #[test]
    fn deterministic_valid_and_marked_fictitious() {
        assert_eq!(record(42), record(42));
        assert_ne!(record(42), record(43));
        for r in records(0, 500) {
            assert!(r.validate().is_ok(), "{r:?}");
            assert!(r.entity.name.contains("Fictitious"));
            assert!(r.certificate_number.starts_with("DEMO-"));
            assert!(r.sites.len() <= 3);
        }
    }

    #[test]
    fn varied_statuses_editions_sites_and_exclusions() {
        let all: Vec<CertificateRecord> = records(0, 2000).collect();
        for status in CertificateStatus::ALL {
            assert!(all.iter().any(|r| r.status == status), "{status:?}");
        }
        assert!(all.iter().any(|r| r.standard == Standard::Iso27001_2013));
        assert!(all.iter().any(|r| r.sites.is_empty()));
        assert!(
            all.iter()
                .any(|r| r.sites.iter().any(|s| s.scope.is_some()))
        );
        assert!(all.iter().any(|r| r.scope.contains("excluding")));
        assert!(all.iter().any(|r| r.accreditation_body.is_none()));
        let countries: std::collections::BTreeSet<&str> = all
            .iter()
            .flat_map(|r| r.sites.iter().map(|s| s.country.as_str()))
            .collect();
        assert!(countries.len() >= 8);
        let valid = all
            .iter()
            .filter(|r| check_validity(r, reference_date()).valid)
            .count();
        assert!(valid > 800 && valid < 1900, "{valid} valid of 2000");
    }
}

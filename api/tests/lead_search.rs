//! The leads inbox's search, as a salesperson relies on it: **any part of a lead's name, e-mail
//! address or company, typed in any letter case and with or without its accents, finds the lead
//! — and finds only leads that contain what was typed.** Checked for the whole class of inputs with a generator (accented
//! letters, digits, spaces, quotes, LIKE's own wildcards, one to three-plus characters, so both
//! the trigram index and the short-text path are exercised), against an oracle that reads the
//! leads in Rust; on SQLite, and on PostgreSQL in the suites' PostgreSQL pass.

mod common;

use std::collections::BTreeSet;

use annexa_api::store::Pool;
use annexa_api::store::leads::{self, Consent, Contact, LeadFilter, NewLead};
use annexa_shared::Band;
use common::{stored_lead_documents, test_database};
use proptest::prelude::*;

/// Letters with simple upper and lower cases (ASCII and Latin-1), digits, punctuation seen in
/// names and addresses, and the characters LIKE and FTS5 would read as syntax.
const ALPHABET: &[char] = &[
    'a', 'b', 'e', 'l', 'm', 'r', 'u', 'A', 'B', 'E', 'L', 'M', 'R', 'U', 'é', 'É', 'ü', 'Ü', 'ø',
    'Ø', 'ñ', 'Ñ', 'ç', 'Ç', 'å', 'Å', '0', '7', ' ', '@', '.', '-', '\'', '"', '%', '_', '\\',
    '*', '(', ':',
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 1..14)
        .prop_map(|chars| chars.into_iter().collect())
}

fn contact() -> impl Strategy<Value = Contact> {
    (text(), text(), text()).prop_map(|(name, email, company)| Contact {
        name,
        email,
        company,
    })
}

/// How the salesperson types the part they remember.
#[derive(Debug, Clone, Copy)]
enum Case {
    AsStored,
    Lower,
    Upper,
    /// On a keyboard without the accented letters: "Muller" for "Müller".
    Unaccented,
}

fn typed(part: &str, case: Case) -> String {
    match case {
        Case::AsStored => part.to_owned(),
        Case::Lower => part.to_lowercase(),
        Case::Upper => part.to_uppercase(),
        Case::Unaccented => part.chars().map(unaccented).collect(),
    }
}

/// The letter without its accent, for the accented letters of [`ALPHABET`] (ø has none: it is
/// a letter of its own).
fn unaccented(c: char) -> char {
    match c {
        'é' => 'e',
        'É' => 'E',
        'ü' => 'u',
        'Ü' => 'U',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ç' => 'c',
        'Ç' => 'C',
        'å' => 'a',
        'Å' => 'A',
        other => other,
    }
}

async fn store_leads(pool: &Pool, contacts: &[Contact]) {
    let (answers_json, report_json, qualification_json) = stored_lead_documents();
    for (n, contact) in contacts.iter().enumerate() {
        let lead = NewLead {
            id: format!("lead-{n}"),
            widget_key: "wk_search".into(),
            created_at: format!("2026-11-{:02}T10:00:00.000Z", n + 1),
            contact: contact.clone(),
            consent: Consent {
                text: "Contact me".into(),
                agreed_at: "2026-11-01T10:00:00Z".into(),
            },
            questionnaire_version: annexa_shared::QUESTIONNAIRE_VERSION.into(),
            mode: "quick".into(),
            answers_json: answers_json.clone(),
            report_json: report_json.clone(),
            overall: 0.0,
            tier: "C".into(),
            band: Band::NotReady,
            qualification_json: qualification_json.clone(),
        };
        leads::insert(pool, &lead, None).await.unwrap();
    }
}

/// The ids the inbox lists for the search `q` (every page, as the CSV export has them).
async fn found(pool: &Pool, q: &str) -> BTreeSet<String> {
    let filter = LeadFilter {
        q: Some(q.to_owned()),
        ..LeadFilter::default()
    };
    leads::all(pool, &filter)
        .await
        .unwrap()
        .into_iter()
        .map(|lead| lead.id)
        .collect()
}

/// A text as the oracle compares it: each letter of [`ALPHABET`] without accent, lower case.
fn plain(text: &str) -> String {
    text.chars()
        .map(unaccented)
        .collect::<String>()
        .to_lowercase()
}

/// The oracle: the leads with `q` (trimmed, as the inbox reads it) inside one of their fields,
/// letter case and accents ignored.
fn expected(contacts: &[Contact], q: &str) -> BTreeSet<String> {
    let q = plain(q.trim());
    contacts
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            [&c.name, &c.email, &c.company]
                .iter()
                .any(|field| plain(field).contains(&q))
        })
        .map(|(n, _)| format!("lead-{n}"))
        .collect()
}

proptest! {
    // Each case is a fresh database: a throwaway PostgreSQL database costs about two seconds,
    // an SQLite file a few milliseconds.
    #![proptest_config(ProptestConfig {
        cases: if std::env::var("ANNEXA_TEST_STORE").as_deref() == Ok("postgres") { 24 } else { 96 },
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_part_of_a_contact_in_any_case_finds_exactly_the_leads_holding_it(
        contacts in prop::collection::vec(contact(), 1..6),
        pick in any::<prop::sample::Index>(),
        field in 0..3_usize,
        span in (any::<prop::sample::Index>(), 1..8_usize),
        case in prop_oneof![
            Just(Case::AsStored),
            Just(Case::Lower),
            Just(Case::Upper),
            Just(Case::Unaccented),
        ],
    ) {
        let origin = pick.index(contacts.len());
        let stored = &contacts[origin];
        let chars: Vec<char> = [&stored.name, &stored.email, &stored.company][field].chars().collect();
        let start = span.0.index(chars.len());
        let part: String = chars[start..(start + span.1).min(chars.len())].iter().collect();
        let q = typed(&part, case);
        prop_assume!(!q.trim().is_empty());

        let dir = tempfile::tempdir().unwrap();
        let found = actix_web::rt::System::new().block_on(async {
            let (_guard, pool) = test_database(dir.path()).await;
            store_leads(&pool, &contacts).await;
            found(&pool, &q).await
        });
        prop_assert!(found.contains(&format!("lead-{origin}")), "{q:?} did not find {stored:?}");
        prop_assert_eq!(found, expected(&contacts, &q), "search {:?} in {:?}", q, contacts);
    }
}

#[actix_web::test]
async fn accented_names_are_found_in_either_case_and_stored_leads_are_folded_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let (_guard, pool) = test_database(dir.path()).await;
    let contacts = [
        Contact {
            name: "Jörg Müller".into(),
            email: "JOERG@ÖKO.example".into(),
            company: "Ødegaard Élan".into(),
        },
        Contact {
            name: "Ana Silva".into(),
            email: "ana@acme.example".into(),
            company: "ACME Ltd".into(),
        },
    ];
    store_leads(&pool, &contacts).await;
    let ids = |list: &[&str]| {
        list.iter()
            .map(|s| (*s).to_owned())
            .collect::<BTreeSet<_>>()
    };
    for q in [
        "müller",
        "MÜLLER",
        "Muller",
        "öko",
        "OKO",
        "ødegaard",
        "ÉLAN",
        "elan",
        "ü",
        "Ø",
    ] {
        assert_eq!(found(&pool, q).await, ids(&["lead-0"]), "{q}");
    }
    assert_eq!(found(&pool, "a").await, ids(&["lead-0", "lead-1"]));
    // ø is a letter of its own, not an o with an accent.
    assert_eq!(found(&pool, "odegaard").await, ids(&[]));
    assert_eq!(found(&pool, "\"").await, ids(&[]));

    // A lead stored before the folded columns existed is folded when the database opens.
    if let Pool::Sqlite(sqlite, _) = &pool {
        sqlx::query(
            "UPDATE leads SET name_folded = NULL, email_folded = NULL, company_folded = NULL",
        )
        .execute(sqlite)
        .await
        .unwrap();
        assert_eq!(found(&pool, "müller").await, ids(&[]));
        assert_eq!(leads::fold_stored_contacts(&pool).await.unwrap(), 2);
        assert_eq!(found(&pool, "MÜLLER").await, ids(&["lead-0"]));
        assert_eq!(found(&pool, "ü").await, ids(&["lead-0"]));
    }
    // An erased lead is no longer found by the index either.
    leads::delete(&pool, "lead-0").await.unwrap();
    assert_eq!(found(&pool, "müller").await, ids(&[]));
}

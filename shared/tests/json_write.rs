//! The JSON writer of `annexa_shared::json::write` against `serde_json`, on arbitrary values of
//! every type the widget writes with it: the text must be the same, byte for byte, compact and
//! indented. Strings are drawn with every character class that serde_json treats apart (the
//! control characters, `"`, `\`, DEL, non-ASCII and astral characters), numbers from every bit
//! pattern, documents with every profile field and every answer form.

// Native only: proptest does not build for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use annexa_shared::json::write::{WriteJson, Writer};
use annexa_shared::wire::{Contact, Ignored, LeadSubmission, SubmittedConsent};
use annexa_shared::{
    Answer, AnswerValue, AnswersDocument, CustomerCategory, DataCategory, Date,
    ExistingCertification, ImplementationStatus, Mode, OrganisationFact, Profile, Sector, SoaEntry,
    SoaWarning, StatementOfApplicability, Theme,
};
use proptest::prelude::*;

/// Text with what serde_json escapes over-represented: control characters, quotes, backslashes,
/// DEL (not escaped), and any other character.
fn text() -> impl Strategy<Value = String> {
    let character = prop_oneof![
        3 => any::<char>(),
        2 => prop::char::range('\0', '\u{1f}'),
        1 => Just('"'),
        1 => Just('\\'),
        1 => Just('/'),
        1 => Just('\u{7f}'),
        1 => prop::char::range(' ', '~'),
        1 => prop::char::range('\u{80}', '\u{7ff}'),
        1 => prop::char::range('\u{10000}', '\u{10ffff}'),
    ];
    prop_oneof![
        4 => prop::collection::vec(character, 0..24).prop_map(|chars| chars.into_iter().collect()),
        1 => any::<String>(),
    ]
}

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

/// A list of options in any order, repeats included (serde writes them as they are).
fn options<T: Copy + std::fmt::Debug + 'static>(
    all: &'static [T],
) -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec(pick(all), 0..5)
}

fn date() -> impl Strategy<Value = Date> {
    (1i32..=9999, 1u8..=12, 1u8..=31)
        .prop_filter_map("a day that exists", |(y, m, d)| Date::new(y, m, d))
}

fn profile() -> impl Strategy<Value = Profile> {
    (
        (
            prop::option::of(any::<u32>()),
            prop::option::of(any::<u32>()),
            prop::option::of(pick(Sector::ALL)),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
        ),
        (
            options(DataCategory::ALL),
            options(CustomerCategory::ALL),
            options(OrganisationFact::ALL),
            options(ExistingCertification::ALL),
            prop::option::of(date()),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<u32>()),
        ),
    )
        .prop_map(
            |(
                (persons_in_scope, sites, sector, develops_software, uses_cloud, outsourced_it),
                (
                    data,
                    customers,
                    organisation_facts,
                    existing_certifications,
                    target_date,
                    recent_breach,
                    security_staff,
                ),
            )| Profile {
                persons_in_scope,
                sites,
                sector,
                develops_software,
                uses_cloud,
                outsourced_it,
                data,
                customers,
                organisation_facts,
                existing_certifications,
                target_date,
                recent_breach,
                security_staff,
            },
        )
}

const VALUES: &[AnswerValue] = &[
    AnswerValue::Yes,
    AnswerValue::Partial,
    AnswerValue::No,
    AnswerValue::Unsure,
    AnswerValue::NotApplicable,
];

fn answer() -> impl Strategy<Value = Answer> {
    (pick(VALUES), prop::option::of(text())).prop_map(|(value, justification)| Answer {
        value,
        justification,
    })
}

fn mode() -> impl Strategy<Value = Mode> {
    pick(&[Mode::Quick, Mode::Full])
}

fn document() -> impl Strategy<Value = AnswersDocument> {
    (
        text(),
        mode(),
        profile(),
        prop::collection::btree_map(text(), answer(), 0..8),
    )
        .prop_map(
            |(questionnaire_version, mode, profile, answers)| AnswersDocument {
                questionnaire_version,
                mode,
                profile,
                answers,
            },
        )
}

const STATUSES: &[ImplementationStatus] = &[
    ImplementationStatus::Implemented,
    ImplementationStatus::PartiallyImplemented,
    ImplementationStatus::NotImplemented,
    ImplementationStatus::Unknown,
    ImplementationStatus::NotAssessed,
];

fn soa() -> impl Strategy<Value = StatementOfApplicability> {
    let entry = (
        text(),
        text(),
        pick(&Theme::ALL),
        any::<bool>(),
        text(),
        prop::option::of(pick(STATUSES)),
    )
        .prop_map(
            |(control_id, title, theme, applicable, justification, status)| SoaEntry {
                control_id,
                title,
                theme,
                applicable,
                justification,
                status,
            },
        );
    let warning = (text(), text()).prop_map(|(control_id, message)| SoaWarning {
        control_id,
        message,
    });
    (
        text(),
        mode(),
        prop::collection::vec(entry, 0..6),
        prop::collection::vec(warning, 0..3),
    )
        .prop_map(|(questionnaire_version, mode, controls, warnings)| {
            StatementOfApplicability {
                questionnaire_version,
                mode,
                controls,
                warnings,
            }
        })
}

fn lead() -> impl Strategy<Value = LeadSubmission> {
    (
        (text(), text(), text(), text()),
        (text(), prop::option::of(text())),
        document(),
        any::<bool>(),
        prop::option::of(text()),
        prop::option::of(text()),
    )
        .prop_map(
            |(
                (widget_key, name, email, company),
                (consent_text, agreed_at),
                answers,
                report,
                website,
                started_at,
            )| LeadSubmission {
                widget_key,
                contact: Contact {
                    name,
                    email,
                    company,
                },
                consent: SubmittedConsent {
                    text: consent_text,
                    agreed_at,
                },
                answers,
                report: report.then_some(Ignored),
                website,
                started_at,
            },
        )
}

/// Any JSON value serde_json holds, with numbers from every bit pattern and every whole number:
/// what the writer's layout (separators, indents, empty and nested objects and arrays) must
/// match on, beyond the shapes of the widget's own types.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<u64>().prop_map(|bits| Value::from(f64::from_bits(bits))),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// `value` through the writer's own calls.
fn write_value(w: &mut Writer, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => w.null(),
        Value::Bool(b) => w.bool(*b),
        Value::Number(n) => match n.as_u64() {
            Some(whole) => w.whole(whole),
            None => w.number(n.as_f64().unwrap()),
        },
        Value::String(s) => w.string(s),
        Value::Array(items) => {
            w.begin_array();
            for item in items {
                write_value(w, item);
            }
            w.end_array();
        }
        Value::Object(members) => {
            w.begin_object();
            for (name, member) in members {
                w.name(name);
                write_value(w, member);
            }
            w.end_object();
        }
    }
}

/// Compact and indented text of `value`, ours and serde_json's.
fn same_as_serde<T: WriteJson + serde::Serialize>(value: &T) -> Result<(), TestCaseError> {
    prop_assert_eq!(value.to_json(), serde_json::to_string(value).unwrap());
    prop_assert_eq!(
        value.to_json_pretty(),
        serde_json::to_string_pretty(value).unwrap()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    #[test]
    fn strings_are_written_as_serde_json_writes_them(s in text()) {
        same_as_serde(&s)?;
        // As a member's name too.
        let mut map = BTreeMap::new();
        map.insert(s.clone(), s.clone());
        same_as_serde(&map)?;
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them(
        bits in any::<u64>(),
        x in any::<f64>(),
        n in any::<u32>(),
        score in 0.0f64..=100.0,
    ) {
        same_as_serde(&f64::from_bits(bits))?;
        same_as_serde(&x)?;
        same_as_serde(&score)?;
        same_as_serde(&n)?;
        same_as_serde(&(bits as usize))?;
    }

    #[test]
    fn profiles_are_written_as_serde_json_writes_them(p in profile()) {
        same_as_serde(&p)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_500))]

    #[test]
    fn answers_documents_are_written_as_serde_json_writes_them(doc in document()) {
        same_as_serde(&doc)?;
    }

    #[test]
    fn statements_of_applicability_are_written_as_serde_json_writes_them(s in soa()) {
        same_as_serde(&s)?;
    }

    #[test]
    fn leads_are_written_as_serde_json_writes_them(lead in lead()) {
        same_as_serde(&lead)?;
    }

    #[test]
    fn any_json_value_is_laid_out_as_serde_json_lays_it_out(value in json_value()) {
        let mut compact = Writer::default();
        write_value(&mut compact, &value);
        prop_assert_eq!(compact.finish(), serde_json::to_string(&value).unwrap());
        let mut pretty = Writer::pretty();
        write_value(&mut pretty, &value);
        prop_assert_eq!(pretty.finish(), serde_json::to_string_pretty(&value).unwrap());
    }
}

#[test]
fn the_widgets_real_documents_are_written_as_serde_json_writes_them() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".answers.json") {
            let doc: AnswersDocument =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(doc.to_json(), serde_json::to_string(&doc).unwrap());
            let soa = annexa_shared::statement_of_applicability(&doc).unwrap();
            assert_eq!(
                soa.to_json_pretty(),
                serde_json::to_string_pretty(&soa).unwrap()
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "no fixtures read");
}

#[test]
fn every_escape_is_the_one_serde_json_writes() {
    for byte in 0u8..=0x7f {
        let s = char::from(byte).to_string();
        assert_eq!(s.to_json(), serde_json::to_string(&s).unwrap(), "{byte:#x}");
    }
    for x in [
        0.0,
        -0.0,
        1.0,
        42.5,
        1e21,
        1e-7,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        assert_eq!(x.to_json(), serde_json::to_string(&x).unwrap(), "{x}");
    }
}

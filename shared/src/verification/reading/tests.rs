//! The reader on the shapes certification bodies write.

use super::*;

fn polarity_of(text: &str, word: &str) -> Polarity {
    let read = read(text, None);
    let i = read
        .tokens
        .iter()
        .position(|t| t.lower() == word)
        .unwrap_or_else(|| panic!("{word} not in {text}"));
    read.roles[i].polarity
}

#[test]
fn exclusion_lists_reach_every_item() {
    let text = "Payroll software hosting, excluding: payroll bureau; facilities management; legal services.";
    for word in ["bureau", "facilities", "legal"] {
        assert_eq!(polarity_of(text, word), Polarity::Excluded, "{word}");
    }
    assert_eq!(polarity_of(text, "hosting"), Polarity::Included);
}

#[test]
fn headings_reach_the_items_under_them() {
    let text =
        "Hosting of CRM software.\nNot covered:\n- payroll\n- legal services\n\nSupport desk.";
    assert_eq!(polarity_of(text, "payroll"), Polarity::Excluded);
    assert_eq!(polarity_of(text, "legal"), Polarity::Excluded);
    assert_eq!(polarity_of(text, "support"), Polarity::Included);
    assert_eq!(polarity_of(text, "crm"), Polarity::Included);
}

#[test]
fn other_than_then_a_new_item() {
    let text = "Network services other than VoIP, and structured cabling.";
    assert_eq!(polarity_of(text, "voip"), Polarity::Excluded);
    assert_eq!(polarity_of(text, "cabling"), Polarity::Included);
}

#[test]
fn negated_verbs_and_predicates() {
    let forward = "The certificate does not extend to payroll processing or legal advisory.";
    assert_eq!(polarity_of(forward, "payroll"), Polarity::Excluded);
    assert_eq!(polarity_of(forward, "legal"), Polarity::Excluded);
    let backward = "Payroll processing and legal advisory do not form part of this certification.";
    assert_eq!(polarity_of(backward, "payroll"), Polarity::Excluded);
    let contrast = "Hosting is included, but consulting services are out of scope.";
    assert_eq!(polarity_of(contrast, "hosting"), Polarity::Included);
    assert_eq!(polarity_of(contrast, "consulting"), Polarity::Excluded);
}

#[test]
fn unresolved_cues_make_their_clause_unclear() {
    let text = "Payroll hosting for internal users only; CRM development.";
    assert_eq!(polarity_of(text, "payroll"), Polarity::Unclear);
    assert_eq!(polarity_of(text, "crm"), Polarity::Included);
    let double = "Payroll processing is not excluded.";
    assert_ne!(polarity_of(double, "payroll"), Polarity::Included);
}

#[test]
fn parentheses_reach_their_contents_or_the_item_before() {
    let text = "Hosting (excluding email), payroll, legal advisory (out of scope) and cabling.";
    assert_eq!(polarity_of(text, "email"), Polarity::Excluded);
    assert_eq!(polarity_of(text, "hosting"), Polarity::Included);
    assert_eq!(polarity_of(text, "legal"), Polarity::Excluded);
    assert_eq!(polarity_of(text, "cabling"), Polarity::Included);
}

#[test]
fn markets_are_not_sites() {
    let read = read(
        "Payroll services for customers in Spain and Portugal, delivered from the Lisbon office.",
        None,
    );
    let kinds: Vec<(&str, LocationKind)> = read
        .reading
        .locations
        .iter()
        .map(|l| (l.text.as_str(), l.kind))
        .collect();
    assert!(
        kinds.contains(&("Spain", LocationKind::Market)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("Portugal", LocationKind::Market)),
        "{kinds:?}"
    );
    assert!(kinds.contains(&("Lisbon", LocationKind::Site)), "{kinds:?}");
}

#[test]
fn organisations_other_than_the_holder() {
    let read = read(
        "IT operations of Fictitious Fjord Travel ApS on behalf of Fictitious Parent Group plc.",
        Some("Fictitious Fjord Travel ApS"),
    );
    let names: Vec<&str> = read
        .reading
        .organisations
        .iter()
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(names, ["Fictitious Parent Group plc"]);
}

#[test]
fn customers_located_somewhere_are_a_market() {
    let read = read("Payroll processing. Customers are located in Spain.", None);
    let spain = &read.reading.locations[0];
    assert_eq!(
        (spain.text.as_str(), spain.kind),
        ("Spain", LocationKind::Market)
    );
    let office = super::read("Our office is located in Leeds.", None);
    assert_eq!(office.reading.locations[0].kind, LocationKind::Site);
}

// proptest builds natively only (see Cargo.toml).
#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    /// A source answers as the list of the text's chars it replaced would, for any text (ASCII,
    /// whose char offsets are its byte offsets, or not) and any offsets (inside, at and past
    /// the end); so does its answer to whether a gap is one space.
    #[test]
    fn a_source_reads_as_the_list_of_its_chars(
        text in proptest::prop_oneof![
            "[a-z ,.()\n]{0,30}",
            "[a-zé✓ß’ \n]{0,30}",
            "[a ]{0,30}",
            proptest::prelude::any::<String>(),
        ],
        start in 0usize..40,
        end in 0usize..40,
    ) {
        let chars: Vec<char> = text.chars().collect();
        // With a buffer that held another text's offsets.
        let source = Source::new(&text, vec![7, 8, 9]);
        proptest::prop_assert_eq!(source.char_at(start), chars.get(start).copied());
        proptest::prop_assert_eq!(
            source.is_one_space(start, end),
            end == start + 1 && chars.get(start) == Some(&' ')
        );
        let from = start.min(chars.len());
        let to = end.clamp(from, chars.len());
        proptest::prop_assert_eq!(
            source.slice(from, to),
            chars[from..to].iter().collect::<String>()
        );
        proptest::prop_assert_eq!(source.rest(start), chars[from..].iter().collect::<String>());
    }
}

//! Entity names: the normalised form used to compare a claimed supplier name with the certified
//! legal entity, and by the registry to search names tolerant of legal suffixes, case and
//! punctuation.

use serde::{Deserialize, Serialize};

use super::text::fold;

/// How the claimed entity name compares with the name on the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityMatch {
    /// The same name, ignoring only case and repeated spaces.
    Exact,
    /// The same name once legal forms (Ltd, GmbH, Inc., …), accents, punctuation and `&`/`and`
    /// are set aside: very likely the same entity, but check the legal form if it matters.
    Normalized,
    /// A different name: the certificate belongs to another legal entity.
    Different,
    /// No entity name was claimed, so nothing was compared.
    NotChecked,
}

/// Legal-form suffixes removed from the end of a name, as folded words (dots removed, so
/// "S.A." is `sa` and "Sp. z o.o." is `sp z oo`). Longest first.
const LEGAL_FORMS: &[&[&str]] = &[
    &["gmbh", "and", "co", "kg"],
    &["sp", "z", "oo"],
    &["pty", "ltd"],
    &["pty", "limited"],
    &["pvt", "ltd"],
    &["private", "limited"],
    &["pte", "ltd"],
    &["sdn", "bhd"],
    &["co", "ltd"],
    &["company", "limited"],
    &["and", "co", "kg"],
    &["limited"],
    &["ltd"],
    &["inc"],
    &["incorporated"],
    &["corp"],
    &["corporation"],
    &["llc"],
    &["llp"],
    &["lp"],
    &["plc"],
    &["gmbh"],
    &["ag"],
    &["kg"],
    &["kgaa"],
    &["ug"],
    &["se"],
    &["sa"],
    &["sas"],
    &["sasu"],
    &["sarl"],
    &["sl"],
    &["slu"],
    &["srl"],
    &["spa"],
    &["bv"],
    &["nv"],
    &["oy"],
    &["oyj"],
    &["ab"],
    &["as"],
    &["asa"],
    &["aps"],
    &["kk"],
    &["ltda"],
    &["sro"],
    &["bhd"],
    &["pty"],
    &["dac"],
    &["ulc"],
    &["co"],
    &["company"],
];

/// The comparable form of a legal entity name: lower case without accents, `&` read as "and",
/// punctuation removed (dots and apostrophes joined, so "S.A." = "SA"), a leading "The" and
/// trailing legal forms (Ltd, Limited, Inc., GmbH, S.A., SAS, B.V., AG, LLC, plc, Pty Ltd, …)
/// removed, single spaces.
///
/// ```
/// use annexa_shared::verification::normalize_entity_name;
/// assert_eq!(normalize_entity_name("ACME Payroll Ltd."), "acme payroll");
/// assert_eq!(normalize_entity_name("Acme-Payroll Limited"), "acme payroll");
/// assert_eq!(normalize_entity_name("Müller & Söhne GmbH & Co. KG"), "muller and sohne");
/// ```
pub fn normalize_entity_name(name: &str) -> String {
    let mut cleaned = String::with_capacity(name.len());
    for c in fold(name).chars() {
        match c {
            '&' | '+' => cleaned.push_str(" and "),
            '.' => {}
            c if c.is_alphanumeric() => cleaned.push(c),
            _ => cleaned.push(' '),
        }
    }
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    loop {
        let before = words.len();
        for form in LEGAL_FORMS {
            if words.len() > form.len() && words.ends_with(form) {
                words.truncate(words.len() - form.len());
                break;
            }
        }
        while words.len() > 1 && words.last() == Some(&"and") {
            words.pop();
        }
        if words.len() == before {
            break;
        }
    }
    words.join(" ")
}

/// Compares a claimed entity name with the certified one.
pub fn match_entity(claimed: Option<&str>, certified: &str) -> EntityMatch {
    let Some(claimed) = claimed.filter(|c| !c.trim().is_empty()) else {
        return EntityMatch::NotChecked;
    };
    let squeeze = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    if squeeze(claimed) == squeeze(certified) {
        return EntityMatch::Exact;
    }
    let normalized = normalize_entity_name(claimed);
    if !normalized.is_empty() && normalized == normalize_entity_name(certified) {
        EntityMatch::Normalized
    } else {
        EntityMatch::Different
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms_case_and_punctuation_do_not_matter() {
        let same = [
            ("Acme Payroll Ltd", "ACME PAYROLL LIMITED"),
            ("Acme Payroll, Inc.", "Acme Payroll Incorporated"),
            ("Société Générale S.A.", "Societe Generale SA"),
            ("Nordlicht Systems GmbH", "Nordlicht Systems"),
            ("Van Dijk Hosting B.V.", "van dijk hosting bv"),
            ("Kangaroo Cloud Pty Ltd", "Kangaroo Cloud Pty. Limited"),
            ("Smith & Sons plc", "Smith and Sons PLC"),
            ("The Data Works LLC", "Data Works, L.L.C."),
            ("Zeta Informatique SAS", "Zeta Informatique"),
            ("Alpen Rechenzentrum AG", "Alpen-Rechenzentrum AG"),
        ];
        for (a, b) in same {
            assert_eq!(
                normalize_entity_name(a),
                normalize_entity_name(b),
                "{a} / {b}"
            );
        }
    }

    #[test]
    fn different_companies_stay_different() {
        assert_ne!(
            normalize_entity_name("Acme Payroll Ltd"),
            normalize_entity_name("Acme Payroll Group Ltd")
        );
        assert_ne!(
            normalize_entity_name("Acme UK Ltd"),
            normalize_entity_name("Acme Ltd")
        );
        // A name that is only a legal form keeps it rather than becoming empty.
        assert_eq!(normalize_entity_name("Limited"), "limited");
    }

    #[test]
    fn match_levels() {
        assert_eq!(
            match_entity(Some("acme  payroll ltd"), "Acme Payroll Ltd"),
            EntityMatch::Exact
        );
        assert_eq!(
            match_entity(Some("Acme Payroll Limited"), "Acme Payroll Ltd"),
            EntityMatch::Normalized
        );
        assert_eq!(
            match_entity(Some("Acme Holdings Ltd"), "Acme Payroll Ltd"),
            EntityMatch::Different
        );
        assert_eq!(
            match_entity(None, "Acme Payroll Ltd"),
            EntityMatch::NotChecked
        );
        assert_eq!(
            match_entity(Some("  "), "Acme Payroll Ltd"),
            EntityMatch::NotChecked
        );
    }
}

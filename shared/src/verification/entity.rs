//! Is the certificate held by the legal entity the buyer contracts with? Registry identifiers
//! decide when both sides give one; otherwise the names (compared without case, punctuation and
//! the spelling of the legal form, see [`normalize_entity_name`]), the legal-form families ("ApS"
//! is not "Inc.") and the countries are compared. The normalised name also serves the registry's
//! name search.

mod legal_forms;

use serde::{Deserialize, Serialize};

use super::VerificationRequest;
use super::sites::country_code;
use crate::certificate::{Entity, Identifiers, identifier_key, identifier_label, same_identifier};

pub use legal_forms::LegalFamily;
use legal_forms::read_name;

/// How the claimed entity compares with the certified one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityMatch {
    /// The same name, ignoring only case and repeated spaces.
    Exact,
    /// The same name once accents, punctuation, `&`/`and` and the spelling of the legal form
    /// ("Ltd" / "Limited") are set aside; a legal form on one side only is accepted.
    Normalized,
    /// A registry identifier given in the request (VAT, D-U-N-S, LEI or registration number)
    /// equals the certified entity's, and none differs: the same legal entity, whatever the names.
    SameIdentifier,
    /// Another legal entity; [`EntityReason`] says why.
    Different,
    /// Neither a name, a country nor an identifier was claimed, so nothing was compared.
    NotChecked,
}

impl EntityMatch {
    /// How the entities compare, in words for people.
    pub fn in_words(self) -> &'static str {
        match self {
            EntityMatch::Exact => "The certificate holder has exactly the name you gave.",
            EntityMatch::Normalized => {
                "The certificate holder has the name you gave, written slightly differently."
            }
            EntityMatch::SameIdentifier => {
                "The certificate holder has the registration identifier you gave."
            }
            EntityMatch::Different => "The certificate belongs to another company.",
            EntityMatch::NotChecked => {
                "Not compared: you gave no company name, country or identifier."
            }
        }
    }
}

/// Why the claimed entity is [`EntityMatch::Different`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityReason {
    /// Another name once legal forms and punctuation are set aside: plainly another company
    /// (a parent, a subsidiary, a sister company). The verdict is `not_covered`.
    Name,
    /// The same name with a legal form of another family ("Fjord Travel ApS" / "Fjord Travel
    /// Inc."). The verdict is at most `undetermined`.
    LegalForm,
    /// The same name, but the request gives another country. The verdict is at most
    /// `undetermined`.
    Country,
    /// An identifier of the same kind given on both sides differs. The verdict is at most
    /// `undetermined` (or `not_covered` when the names differ too, which gives reason `name`).
    Identifier,
}

/// The entity comparison of one verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityCheck {
    /// How the entities compare.
    pub verdict: EntityMatch,
    /// Why they differ; `None` unless `verdict` is [`EntityMatch::Different`].
    pub reason: Option<EntityReason>,
    /// The comparison in a sentence for people, when there is something to say.
    pub explanation: Option<String>,
}

impl EntityCheck {
    /// True when the certificate plainly belongs to another company: the overall verdict is
    /// `not_covered`.
    pub fn rules_out(&self) -> bool {
        self.verdict == EntityMatch::Different && self.reason == Some(EntityReason::Name)
    }

    /// True when the certificate may belong to another legal entity of the same name: the
    /// overall verdict can be at most `undetermined`.
    pub fn caps_verdict(&self) -> bool {
        self.verdict == EntityMatch::Different && !self.rules_out()
    }
}

/// The comparable form of a legal entity name: lower case without accents, `&` read as "and",
/// punctuation removed (dots joined, so "S.A." = "SA"), a leading "The" and trailing legal forms
/// (Ltd, Limited, Inc., GmbH, S.A., SAS, B.V., A/S, AG, LLC, plc, Pty Ltd, …) removed, single
/// spaces.
///
/// ```
/// use annexa_shared::verification::normalize_entity_name;
/// assert_eq!(normalize_entity_name("ACME Payroll Ltd."), "acme payroll");
/// assert_eq!(normalize_entity_name("Acme-Payroll Limited"), "acme payroll");
/// assert_eq!(normalize_entity_name("Müller & Söhne GmbH & Co. KG"), "muller and sohne");
/// assert_eq!(normalize_entity_name("Fjord Travel A/S"), "fjord travel");
/// ```
pub fn normalize_entity_name(name: &str) -> String {
    read_name(name).base
}

/// The legal-form family of a company name ("Fjord Travel ApS" → the ApS family), `None` when
/// the name ends without a legal form.
pub fn legal_family(name: &str) -> Option<&'static LegalFamily> {
    read_name(name).family
}

/// Compares a claimed entity name with the certified one, by name alone: `different` when the
/// normalised names differ or the legal forms belong to two families.
pub fn match_entity(claimed: Option<&str>, certified: &str) -> EntityMatch {
    let Some(claimed) = claimed.filter(|c| !c.trim().is_empty()) else {
        return EntityMatch::NotChecked;
    };
    compare_names(claimed, certified).unwrap_or(EntityMatch::Different)
}

/// `Ok` with exact or normalized when the names name one entity, else why not.
fn compare_names(claimed: &str, certified: &str) -> Result<EntityMatch, EntityReason> {
    let (a, b) = (read_name(claimed), read_name(certified));
    if a.base.is_empty() || a.base != b.base {
        return Err(EntityReason::Name);
    }
    if let (Some(x), Some(y)) = (a.family, b.family)
        && x != y
    {
        return Err(EntityReason::LegalForm);
    }
    let squeeze = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    Ok(if squeeze(claimed) == squeeze(certified) {
        EntityMatch::Exact
    } else {
        EntityMatch::Normalized
    })
}

/// Identifiers given on both sides: the first kind that agrees and the first that differs.
struct IdentifierComparison<'a> {
    same: Option<&'static str>,
    different: Option<(&'static str, &'a str, &'a str)>,
}

fn compare_identifiers<'a>(
    claimed: &'a Identifiers,
    certified: &'a Identifiers,
) -> IdentifierComparison<'a> {
    let mut comparison = IdentifierComparison {
        same: None,
        different: None,
    };
    for kind in Identifiers::KINDS {
        let given = |ids: &'a Identifiers| ids.get(kind).filter(|v| !identifier_key(v).is_empty());
        let (Some(a), Some(b)) = (given(claimed), given(certified)) else {
            continue;
        };
        if same_identifier(kind, a, b) {
            comparison.same.get_or_insert(kind);
        } else {
            comparison.different.get_or_insert((kind, a, b));
        }
    }
    comparison
}

/// Compares the entity the request names (the claimed name, else the name looked up; the
/// country and identifiers of `request.entity`) with the certified entity. In this order:
/// identifiers that agree (and none that differs) make the same entity whatever the names; then
/// another name, a differing identifier, another legal-form family, another country each make a
/// different entity; otherwise the names are exact or normalized, or nothing was claimed.
pub fn check_entity(request: &VerificationRequest, certified: &Entity) -> EntityCheck {
    let claimed_name = request
        .claim
        .entity_name
        .as_deref()
        .or(request.entity.as_ref().map(|e| e.name.as_str()))
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let claimed_country = request
        .entity
        .as_ref()
        .and_then(|e| e.country.as_deref())
        .filter(|c| !c.trim().is_empty());
    let no_identifiers = Identifiers::default();
    let claimed_ids = request
        .entity
        .as_ref()
        .and_then(|e| e.identifiers.as_ref())
        .unwrap_or(&no_identifiers);
    let ids = compare_identifiers(claimed_ids, &certified.identifiers);
    let holder = &certified.name;
    let different = |reason, explanation: String| EntityCheck {
        verdict: EntityMatch::Different,
        reason: Some(reason),
        explanation: Some(explanation),
    };
    const OTHERWISE: &str = "a different legal entity unless the supplier shows otherwise, so the \
                             verdict cannot be better than undetermined";

    if let (Some(kind), None) = (ids.same, ids.different) {
        let names = match claimed_name {
            Some(name) if match_entity(Some(name), holder) == EntityMatch::Different => {
                format!(", although you named it {name}")
            }
            _ => String::new(),
        };
        return EntityCheck {
            verdict: EntityMatch::SameIdentifier,
            reason: None,
            explanation: Some(format!(
                "The {} you gave is the one of {holder}, the certificate holder: the same legal \
                 entity{names}.",
                identifier_label(kind)
            )),
        };
    }
    let by_name = claimed_name.map(|name| (name, compare_names(name, holder)));
    if let Some((name, Err(EntityReason::Name))) = by_name {
        return different(
            EntityReason::Name,
            format!(
                "It is held by {holder}, not by the entity claimed ({name}): it does not certify \
                 your supplier unless the supplier shows that entity is part of the certified \
                 organisation."
            ),
        );
    }
    if let Some((kind, given, theirs)) = ids.different {
        return different(
            EntityReason::Identifier,
            format!(
                "The certificate holder {holder} has {} {theirs}; you gave {given}: {OTHERWISE}.",
                identifier_label(kind)
            ),
        );
    }
    if let Some((name, Err(_))) = by_name {
        let describe = |name: &str| {
            legal_family(name).map_or_else(String::new, |f| format!(", {}", f.description))
        };
        return different(
            EntityReason::LegalForm,
            format!(
                "The certificate is held by {holder}{}; you named {name}{}: {OTHERWISE}.",
                describe(holder),
                describe(name)
            ),
        );
    }
    if let Some(country) = claimed_country
        && let Some(code) = country_code(country)
        && code != certified.country
    {
        return different(
            EntityReason::Country,
            format!(
                "The certificate is held by {holder}, registered in {}; you gave the supplier's \
                 country as {}: a company of the same name in another country is {OTHERWISE}.",
                certified.country,
                country.trim()
            ),
        );
    }
    match by_name {
        Some((_, Ok(EntityMatch::Normalized))) => EntityCheck {
            verdict: EntityMatch::Normalized,
            reason: None,
            explanation: Some(
                "The entity name matches once punctuation, letter case and the spelling of the \
                 legal form are set aside."
                    .to_string(),
            ),
        },
        Some((_, Ok(verdict))) => EntityCheck {
            verdict,
            reason: None,
            explanation: None,
        },
        _ => EntityCheck {
            verdict: EntityMatch::NotChecked,
            reason: None,
            explanation: None,
        },
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
            ("Fjord Travel A/S", "Fjord Travel AS"),
        ];
        for (a, b) in same {
            assert_eq!(
                normalize_entity_name(a),
                normalize_entity_name(b),
                "{a} / {b}"
            );
            assert_ne!(
                match_entity(Some(a), b),
                EntityMatch::Different,
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
            match_entity(Some("Acme Payroll"), "Acme Payroll Ltd"),
            EntityMatch::Normalized
        );
        assert_eq!(
            match_entity(Some("Acme Holdings Ltd"), "Acme Payroll Ltd"),
            EntityMatch::Different
        );
        assert_eq!(
            match_entity(Some("Fjord Travel Inc."), "Fjord Travel ApS"),
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

//! What a visitor answered: the organisation [`Profile`] and one [`Answer`] per question.
//! [`AnswersDocumentRef`] is the same document borrowed from the JSON text it was read from.

mod borrowed;
mod fields;
mod json;
mod plain;
mod skeleton;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::questionnaire::Mode;

pub use borrowed::{AnswerRef, AnswersDocumentRef};
pub use fields::ProfileValue;
pub(crate) use plain::read_with_codes;
pub use skeleton::Skeleton;

/// The answer to one readiness question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    /// In place and working.
    Yes,
    /// Started or partly in place.
    Partial,
    /// Not in place.
    No,
    /// The visitor does not know — scored like `no`, because an auditor will not know either.
    Unsure,
    /// Annex A only, with a justification: the control is excluded from the SoA.
    NotApplicable,
}

impl AnswerValue {
    /// Its name in JSON, OSCAL properties and form values (`yes`, `not_applicable`): an
    /// identifier, never shown to a visitor.
    pub const fn code(self) -> &'static str {
        match self {
            AnswerValue::Yes => "yes",
            AnswerValue::Partial => "partial",
            AnswerValue::No => "no",
            AnswerValue::Unsure => "unsure",
            AnswerValue::NotApplicable => "not_applicable",
        }
    }
}

/// One answer with its optional justification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The answer.
    pub value: AnswerValue,
    /// Why a control does not apply; required with `not_applicable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// What validation and scoring read of one answer, from an owned or a borrowed document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AnswerView<'d> {
    pub value: AnswerValue,
    pub justification: Option<&'d str>,
}

impl<'d> From<&'d Answer> for AnswerView<'d> {
    fn from(answer: &'d Answer) -> Self {
        AnswerView {
            value: answer.value,
            justification: answer.justification.as_deref(),
        }
    }
}

impl<'d> From<&'d AnswerRef<'_>> for AnswerView<'d> {
    fn from(answer: &'d AnswerRef<'_>) -> Self {
        AnswerView {
            value: answer.value,
            justification: answer.justification.as_deref(),
        }
    }
}

impl AnswersDocument {
    /// (question id, answer) in id order.
    pub(crate) fn answer_views(&self) -> impl Iterator<Item = (&str, AnswerView<'_>)> {
        self.answers
            .iter()
            .map(|(id, answer)| (id.as_str(), AnswerView::from(answer)))
    }
}

/// The organisation's main sector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    /// Software and SaaS.
    Software,
    /// IT services, hosting, managed services.
    ItServices,
    /// Banking, insurance, payments.
    Finance,
    /// Healthcare and life sciences.
    Healthcare,
    /// Public administration.
    Government,
    /// Defence and aerospace.
    Defence,
    /// Energy and utilities.
    Energy,
    /// Telecommunications.
    Telecom,
    /// Transport and logistics.
    Transport,
    /// Manufacturing.
    Manufacturing,
    /// Retail and e-commerce.
    Retail,
    /// Education and research.
    Education,
    /// Consulting, legal, accounting.
    ProfessionalServices,
    /// Anything else.
    Other,
}

/// Kinds of data the organisation handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataCategory {
    /// Protected health information (US HIPAA).
    Phi,
    /// Payment card data.
    Cardholder,
    /// Controlled Unclassified Information (US defence).
    Cui,
    /// US federal government data.
    UsFederal,
    /// Personal data of people in the EU.
    EuPersonal,
}

/// Kinds of customers the organisation serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerCategory {
    /// US federal agencies.
    UsFederal,
    /// US defence contractors / Department of Defense.
    UsDefense,
    /// Customers in the EU.
    Eu,
    /// Financial institutions regulated by New York DFS.
    NyFinancial,
    /// US buyers of SaaS.
    UsSaasBuyers,
}

impl CustomerCategory {
    /// The kind of customer in words, for text people read ("US federal agencies").
    pub fn in_words(self) -> &'static str {
        match self {
            CustomerCategory::UsFederal => "US federal agencies",
            CustomerCategory::UsDefense => "US defence contractors or the Department of Defense",
            CustomerCategory::Eu => "customers in the EU",
            CustomerCategory::NyFinancial => "financial institutions regulated in New York",
            CustomerCategory::UsSaasBuyers => "US buyers of software as a service",
        }
    }
}

/// Certifications or attestations the organisation already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExistingCertification {
    /// ISO 9001 quality management.
    Iso9001,
    /// ISO/IEC 27001:2013 (ended 2025-10-31).
    Iso27001_2013,
    /// ISO/IEC 27001:2022 (already certified: recertification).
    Iso27001_2022,
    /// ISO/IEC 27701 privacy.
    Iso27701,
    /// SOC 2 report.
    Soc2,
    /// PCI DSS.
    PciDss,
    /// UK Cyber Essentials.
    CyberEssentials,
    /// Anything else.
    Other,
}

/// Facts about the organisation itself that decide whether a regulation binds it directly,
/// rather than through its customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationFact {
    /// Offers a cloud service (software, platform or infrastructure as a service, or hosting)
    /// to customers — what FedRAMP authorises, as opposed to on-premise software or consulting.
    OffersCloudService,
    /// Licensed, registered or chartered by the New York State Department of Financial Services:
    /// a covered entity of NYDFS 23 NYCRR Part 500.
    NydfsLicensed,
    /// A financial entity established in the EU (bank, insurer, payment, e-money or investment
    /// firm, …): in the scope of DORA, Regulation (EU) 2022/2554.
    EuFinancialEntity,
    /// The whole enterprise has an annual turnover and a balance-sheet total both above
    /// 10 million euros: not a small enterprise in the EU sense, whatever its head count (the
    /// size test of NIS2).
    TurnoverAndBalanceSheetOverTenMillionEuros,
}

/// What the organisation tells about itself. Every field is optional: an unanswered field
/// simply triggers no rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Persons doing work under the organisation's control within the ISMS scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persons_in_scope: Option<u32>,
    /// Number of sites in scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sites: Option<u32>,
    /// Main sector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
    /// Develops software in-house.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub develops_software: Option<bool>,
    /// Uses cloud services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uses_cloud: Option<bool>,
    /// IT operations are outsourced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outsourced_it: Option<bool>,
    /// Kinds of data handled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataCategory>,
    /// Kinds of customers served.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customers: Vec<CustomerCategory>,
    /// Facts about the organisation itself (offers a cloud service, licensed by the NY DFS, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisation_facts: Vec<OrganisationFact>,
    /// Certifications already held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub existing_certifications: Vec<ExistingCertification>,
    /// When the organisation wants to be certified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_date: Option<Date>,
    /// A security breach in the last 12 months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recent_breach: Option<bool>,
    /// Dedicated security staff (full-time equivalents), for the small-organisation advice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_staff: Option<u32>,
}

/// Everything a visitor answered, as sent to the API and stored in the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersDocument {
    /// Must equal [`crate::QUESTIONNAIRE_VERSION`].
    pub questionnaire_version: String,
    /// Which questionnaire was answered.
    pub mode: Mode,
    /// The organisation profile.
    #[serde(default)]
    pub profile: Profile,
    /// Question id → answer. Unanswered questions are simply absent; a question answered twice
    /// in one document is refused rather than silently taking the last answer.
    #[serde(default, deserialize_with = "answers_without_duplicates")]
    pub answers: BTreeMap<String, Answer>,
}

fn answers_without_duplicates<'de, D>(deserializer: D) -> Result<BTreeMap<String, Answer>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Answers;

    impl<'de> serde::de::Visitor<'de> for Answers {
        type Value = BTreeMap<String, Answer>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of question id to answer")
        }

        fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
            // In id order already: the map is built in one pass.
            Ok(answers_in_id_order(map)?.into_iter().collect())
        }
    }

    deserializer.deserialize_map(Answers)
}

/// The entries of an answers object in id order, for the owned and the borrowed document
/// alike; a question answered twice is refused, by name.
pub(crate) fn answers_in_id_order<'de, M, K, V>(mut map: M) -> Result<Vec<(K, V)>, M::Error>
where
    M: serde::de::MapAccess<'de>,
    K: serde::Deserialize<'de> + Ord + AsRef<str>,
    V: serde::Deserialize<'de>,
{
    // Documents written by the widget or the API list the answers in id order (they serialise
    // the owned document's map): while the ids keep increasing none can repeat, and they are
    // kept as they come, instead of one search per answer. From the first id out of order on,
    // each answer is inserted with its own search, so the first repeat in the document is
    // named, as soon as it is read.
    let mut in_order: Vec<(K, V)> = Vec::new();
    let mut answers: Option<BTreeMap<K, V>> = None;
    while let Some((id, answer)) = map.next_entry::<K, V>()? {
        if let Some(answers) = &mut answers {
            insert_once(answers, id, answer)?;
        } else if in_order.last().is_none_or(|(last, _)| *last < id) {
            in_order.push((id, answer));
        } else {
            let mut all: BTreeMap<K, V> = in_order.drain(..).collect();
            insert_once(&mut all, id, answer)?;
            answers = Some(all);
        }
    }
    Ok(match answers {
        Some(answers) => answers.into_iter().collect(),
        None => in_order,
    })
}

/// Inserts one answer, refusing a question answered twice.
fn insert_once<K: Ord + AsRef<str>, V, E: serde::de::Error>(
    answers: &mut BTreeMap<K, V>,
    id: K,
    answer: V,
) -> Result<(), E> {
    match answers.entry(id) {
        std::collections::btree_map::Entry::Vacant(entry) => {
            entry.insert(answer);
            Ok(())
        }
        std::collections::btree_map::Entry::Occupied(entry) => {
            let id: String = entry.key().as_ref().chars().take(100).collect();
            Err(E::custom(format!("question '{id}' is answered twice")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answers_code_is_its_json_name() {
        use AnswerValue::*;
        for value in [Yes, Partial, No, Unsure, NotApplicable] {
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{}\"", value.code()));
        }
    }

    #[test]
    fn a_question_answered_twice_is_refused_by_name() {
        let text = r#"{"questionnaire_version":"2026.1","mode":"quick","answers":{
            "quick.scope":{"value":"yes"},"quick.scope":{"value":"no"}}}"#;
        let error = serde_json::from_str::<AnswersDocument>(text).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("question 'quick.scope' is answered twice"),
            "{error}"
        );
        // Out of order, and repeated after other answers: still refused by name.
        let late = r#"{"questionnaire_version":"2026.1","mode":"quick","answers":{
            "quick.scope":{"value":"yes"},"quick.risk":{"value":"no"},"quick.scope":{"value":"no"}}}"#;
        let error = serde_json::from_str::<AnswersDocument>(late).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("question 'quick.scope' is answered twice"),
            "{error}"
        );
        let once = text.replace(r#","quick.scope":{"value":"no"}"#, "");
        let doc: AnswersDocument = serde_json::from_str(&once).unwrap();
        assert_eq!(doc.answers["quick.scope"].value, AnswerValue::Yes);
    }
}

//! The profile one field at a time, as a form reads and fills it: [`Profile::field`] and
//! [`Profile::set_field`] by the field's JSON name, with the options' JSON names as values. The
//! widget's profile questions go through these instead of a generic JSON value, so that it
//! carries no JSON tree, nor the profile's serializer and deserializer for one.

use crate::answers::{
    CustomerCategory, DataCategory, ExistingCertification, OrganisationFact, Profile, Sector,
};
use crate::date::Date;

/// One profile field's value as a form holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileValue {
    /// A whole number: `persons_in_scope`, `sites`, `security_staff`.
    Number(u32),
    /// Yes or no: `develops_software`, `uses_cloud`, `outsourced_it`, `recent_breach`.
    Bool(bool),
    /// One option's JSON name: `sector`.
    Choice(String),
    /// Several options' JSON names: `data`, `customers`, `organisation_facts`,
    /// `existing_certifications`.
    Choices(Vec<String>),
    /// A day: `target_date`.
    Date(Date),
}

/// The JSON names of a profile enum's values (`snake_case`, as serde writes them; a test checks
/// each against serde): `ALL`, `code()` and `from_code()`.
macro_rules! codes {
    ($type:ident { $($variant:ident => $code:literal,)+ }) => {
        impl $type {
            /// Every value, in declaration order.
            pub const ALL: &'static [$type] = &[$($type::$variant,)+];

            /// Its JSON name (`it_services`).
            pub const fn code(self) -> &'static str {
                match self {
                    $($type::$variant => $code,)+
                }
            }

            /// The value whose JSON name is `code`.
            pub fn from_code(code: &str) -> Option<$type> {
                Self::ALL.iter().copied().find(|value| value.code() == code)
            }
        }
    };
}

codes!(Sector {
    Software => "software",
    ItServices => "it_services",
    Finance => "finance",
    Healthcare => "healthcare",
    Government => "government",
    Defence => "defence",
    Energy => "energy",
    Telecom => "telecom",
    Transport => "transport",
    Manufacturing => "manufacturing",
    Retail => "retail",
    Education => "education",
    ProfessionalServices => "professional_services",
    Other => "other",
});

codes!(DataCategory {
    Phi => "phi",
    Cardholder => "cardholder",
    Cui => "cui",
    UsFederal => "us_federal",
    EuPersonal => "eu_personal",
});

codes!(CustomerCategory {
    UsFederal => "us_federal",
    UsDefense => "us_defense",
    Eu => "eu",
    NyFinancial => "ny_financial",
    UsSaasBuyers => "us_saas_buyers",
});

codes!(OrganisationFact {
    OffersCloudService => "offers_cloud_service",
    NydfsLicensed => "nydfs_licensed",
    EuFinancialEntity => "eu_financial_entity",
    TurnoverAndBalanceSheetOverTenMillionEuros => "turnover_and_balance_sheet_over_ten_million_euros",
});

codes!(ExistingCertification {
    Iso9001 => "iso9001",
    Iso27001_2013 => "iso27001_2013",
    Iso27001_2022 => "iso27001_2022",
    Iso27701 => "iso27701",
    Soc2 => "soc2",
    PciDss => "pci_dss",
    CyberEssentials => "cyber_essentials",
    Other => "other",
});

/// A list field's value: `None` when empty (the JSON leaves an empty list out).
fn codes_of<T: Copy>(values: &[T], code: fn(T) -> &'static str) -> Option<ProfileValue> {
    (!values.is_empty())
        .then(|| ProfileValue::Choices(values.iter().map(|v| code(*v).to_owned()).collect()))
}

/// The values named by `codes`, `None` when one of them names no value.
fn from_codes<T>(codes: &[String], from_code: fn(&str) -> Option<T>) -> Option<Vec<T>> {
    codes.iter().map(|code| from_code(code)).collect()
}

impl Profile {
    /// The value of the field named `name` (its JSON name), `None` when unanswered (an empty
    /// list is unanswered, as in the JSON) or when there is no such field.
    pub fn field(&self, name: &str) -> Option<ProfileValue> {
        use ProfileValue::{Bool, Choice, Number};
        match name {
            "persons_in_scope" => self.persons_in_scope.map(Number),
            "sites" => self.sites.map(Number),
            "sector" => self.sector.map(|s| Choice(s.code().to_owned())),
            "develops_software" => self.develops_software.map(Bool),
            "uses_cloud" => self.uses_cloud.map(Bool),
            "outsourced_it" => self.outsourced_it.map(Bool),
            "data" => codes_of(&self.data, DataCategory::code),
            "customers" => codes_of(&self.customers, CustomerCategory::code),
            "organisation_facts" => codes_of(&self.organisation_facts, OrganisationFact::code),
            "existing_certifications" => {
                codes_of(&self.existing_certifications, ExistingCertification::code)
            }
            "target_date" => self.target_date.map(ProfileValue::Date),
            "recent_breach" => self.recent_breach.map(Bool),
            "security_staff" => self.security_staff.map(Number),
            _ => None,
        }
    }

    /// Sets the field named `name` to `value`, or clears it with `None`. A value the field does
    /// not take (a value of another kind, an unknown option, a field that does not exist)
    /// changes nothing and gives `false`, as reading the profile's JSON with that value would
    /// refuse it. Clearing always succeeds (a field that does not exist has nothing to clear).
    pub fn set_field(&mut self, name: &str, value: Option<ProfileValue>) -> bool {
        use ProfileValue::{Bool, Choice, Choices, Number};
        let Some(value) = value else {
            match name {
                "persons_in_scope" => self.persons_in_scope = None,
                "sites" => self.sites = None,
                "sector" => self.sector = None,
                "develops_software" => self.develops_software = None,
                "uses_cloud" => self.uses_cloud = None,
                "outsourced_it" => self.outsourced_it = None,
                "data" => self.data.clear(),
                "customers" => self.customers.clear(),
                "organisation_facts" => self.organisation_facts.clear(),
                "existing_certifications" => self.existing_certifications.clear(),
                "target_date" => self.target_date = None,
                "recent_breach" => self.recent_breach = None,
                "security_staff" => self.security_staff = None,
                _ => {}
            }
            return true;
        };
        match (name, value) {
            ("persons_in_scope", Number(n)) => self.persons_in_scope = Some(n),
            ("sites", Number(n)) => self.sites = Some(n),
            ("security_staff", Number(n)) => self.security_staff = Some(n),
            ("develops_software", Bool(b)) => self.develops_software = Some(b),
            ("uses_cloud", Bool(b)) => self.uses_cloud = Some(b),
            ("outsourced_it", Bool(b)) => self.outsourced_it = Some(b),
            ("recent_breach", Bool(b)) => self.recent_breach = Some(b),
            ("sector", Choice(code)) => match Sector::from_code(&code) {
                Some(sector) => self.sector = Some(sector),
                None => return false,
            },
            ("target_date", ProfileValue::Date(date)) => self.target_date = Some(date),
            ("data", Choices(codes)) => match from_codes(&codes, DataCategory::from_code) {
                Some(values) => self.data = values,
                None => return false,
            },
            ("customers", Choices(codes)) => {
                match from_codes(&codes, CustomerCategory::from_code) {
                    Some(values) => self.customers = values,
                    None => return false,
                }
            }
            ("organisation_facts", Choices(codes)) => {
                match from_codes(&codes, OrganisationFact::from_code) {
                    Some(values) => self.organisation_facts = values,
                    None => return false,
                }
            }
            ("existing_certifications", Choices(codes)) => {
                match from_codes(&codes, ExistingCertification::from_code) {
                    Some(values) => self.existing_certifications = values,
                    None => return false,
                }
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{Mode, ProfileInput, questionnaire};

    fn json_name<T: serde::Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn every_code_is_the_values_json_name() {
        fn check<T: serde::Serialize + Copy + std::fmt::Debug + PartialEq>(
            all: &[T],
            code: fn(T) -> &'static str,
            from_code: fn(&str) -> Option<T>,
        ) {
            for value in all {
                assert_eq!(code(*value), json_name(*value), "{value:?}");
                assert_eq!(from_code(code(*value)), Some(*value));
            }
            assert_eq!(from_code("nothing"), None);
        }
        check(Sector::ALL, Sector::code, Sector::from_code);
        check(
            DataCategory::ALL,
            DataCategory::code,
            DataCategory::from_code,
        );
        check(
            CustomerCategory::ALL,
            CustomerCategory::code,
            CustomerCategory::from_code,
        );
        check(
            OrganisationFact::ALL,
            OrganisationFact::code,
            OrganisationFact::from_code,
        );
        check(
            ExistingCertification::ALL,
            ExistingCertification::code,
            ExistingCertification::from_code,
        );
    }

    /// The same field set through the profile's JSON, as the widget did before.
    fn through_json(
        profile: &Profile,
        name: &str,
        value: &Option<ProfileValue>,
    ) -> Option<Profile> {
        let serde_json::Value::Object(mut fields) = serde_json::to_value(profile).unwrap() else {
            unreachable!("a profile is an object")
        };
        match value {
            None => {
                fields.remove(name);
            }
            Some(value) => {
                let json = match value {
                    ProfileValue::Number(n) => serde_json::json!(n),
                    ProfileValue::Bool(b) => serde_json::json!(b),
                    ProfileValue::Choice(code) => serde_json::json!(code),
                    ProfileValue::Choices(codes) => serde_json::json!(codes),
                    ProfileValue::Date(date) => serde_json::json!(date.to_string()),
                };
                fields.insert(name.to_owned(), json);
            }
        }
        serde_json::from_value(serde_json::Value::Object(fields)).ok()
    }

    /// `field` as the profile's JSON has it.
    fn field_through_json(profile: &Profile, name: &str) -> Option<serde_json::Value> {
        serde_json::to_value(profile).unwrap().get(name).cloned()
    }

    fn as_json(value: &ProfileValue) -> serde_json::Value {
        match value {
            ProfileValue::Number(n) => serde_json::json!(n),
            ProfileValue::Bool(b) => serde_json::json!(b),
            ProfileValue::Choice(code) => serde_json::json!(code),
            ProfileValue::Choices(codes) => serde_json::json!(codes),
            ProfileValue::Date(date) => serde_json::json!(date.to_string()),
        }
    }

    #[test]
    fn setting_and_reading_a_field_is_what_the_json_does() {
        let date = Date::new(2027, 3, 31).unwrap();
        let mut values = vec![
            None,
            Some(ProfileValue::Number(0)),
            Some(ProfileValue::Number(42)),
            Some(ProfileValue::Bool(true)),
            Some(ProfileValue::Bool(false)),
            Some(ProfileValue::Choice("finance".into())),
            Some(ProfileValue::Choice("maybe".into())),
            Some(ProfileValue::Choices(vec![])),
            Some(ProfileValue::Choices(vec!["nothing".into()])),
            Some(ProfileValue::Date(date)),
        ];
        // Every option of every profile question, alone and all together.
        for question in &questionnaire(Mode::Full).profile_questions {
            if let ProfileInput::Choice { options } | ProfileInput::MultiChoice { options } =
                &question.input
            {
                let codes: Vec<String> = options.iter().map(|o| o.value.clone()).collect();
                for code in &codes {
                    values.push(Some(ProfileValue::Choice(code.clone())));
                    values.push(Some(ProfileValue::Choices(vec![code.clone()])));
                }
                values.push(Some(ProfileValue::Choices(codes)));
            }
        }
        let mut names: Vec<String> = questionnaire(Mode::Full)
            .profile_questions
            .iter()
            .map(|q| q.id.clone())
            .collect();
        names.push("unknown_field".into());
        let mut profile = Profile::default();
        for name in &names {
            for value in &values {
                let expected = through_json(&profile, name, value);
                let mut set = profile.clone();
                let accepted = set.set_field(name, value.clone());
                assert_eq!(accepted, expected.is_some(), "{name} = {value:?}");
                assert_eq!(set, expected.unwrap_or_else(|| profile.clone()));
                if accepted {
                    profile = set;
                }
                for name in &names {
                    assert_eq!(
                        profile.field(name).as_ref().map(as_json),
                        field_through_json(&profile, name),
                        "{name} of {profile:?}"
                    );
                }
            }
        }
    }
}

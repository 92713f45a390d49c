//! What the buyer typed into the verification form, and its two other shapes: the page's URL
//! query (so that a link reproduces the check) and the API's [`VerificationRequest`].
//!
//! Pure: the browser side only decodes and encodes the query pairs (`URLSearchParams`), so the
//! rules here run in plain `#[test]`s.

use annexa_shared::verification::{EntityQuery, MAX_CLAIM_ITEMS, ScopeClaim};
use annexa_shared::{ClaimedSite, Date, VerificationRequest};

/// How the certificate is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LookUp {
    /// By the number printed on the certificate.
    #[default]
    Number,
    /// By the supplier's legal name (and country).
    Entity,
}

/// The form's fields, as text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckForm {
    /// Number or entity.
    pub look_up: LookUp,
    /// The certificate number.
    pub number: String,
    /// The supplier's legal name.
    pub name: String,
    /// The supplier's country (two letters or an English name).
    pub country: String,
    /// What is bought, one activity per line.
    pub activities: String,
    /// Where it is delivered from, one site per line ("Dublin, IE").
    pub sites: String,
    /// The day to check (`YYYY-MM-DD`); today when empty.
    pub date: String,
}

/// A form mistake, for the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// The form field's element id.
    pub field: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

/// Element ids of the form's fields (also used to point an error at its field).
pub mod field {
    /// Certificate number input.
    pub const NUMBER: &str = "check-number";
    /// Supplier name input.
    pub const NAME: &str = "check-name";
    /// Country input.
    pub const COUNTRY: &str = "check-country";
    /// Activities text area.
    pub const ACTIVITIES: &str = "check-activities";
    /// Sites text area.
    pub const SITES: &str = "check-sites";
    /// Date input.
    pub const DATE: &str = "check-date";
}

/// The longest activity or site a claim may name (the API's limit).
const MAX_ITEM_CHARS: usize = 500;

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

impl CheckForm {
    /// The form described by a URL query's decoded pairs (`number`, `name`, `country`,
    /// repeated `activity` and `site`, `date`). Unknown pairs are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> CheckForm {
        let mut form = CheckForm::default();
        let mut activities = Vec::new();
        let mut sites = Vec::new();
        for (name, value) in pairs {
            let value = value.trim();
            match name {
                "number" => form.number = value.to_string(),
                "name" => form.name = value.to_string(),
                "country" => form.country = value.to_string(),
                "activity" if !value.is_empty() => activities.push(value.to_string()),
                "site" if !value.is_empty() => sites.push(value.to_string()),
                "date" => form.date = value.to_string(),
                _ => {}
            }
        }
        if form.number.is_empty() && !form.name.is_empty() {
            form.look_up = LookUp::Entity;
        }
        form.activities = activities.join("\n");
        form.sites = sites.join("\n");
        form
    }

    /// Whether the query named a certificate, so the page can run the check at once.
    pub fn names_a_certificate(&self) -> bool {
        match self.look_up {
            LookUp::Number => !self.number.trim().is_empty(),
            LookUp::Entity => !self.name.trim().is_empty(),
        }
    }

    /// The query pairs that reproduce this check, in a stable order; empty fields are left out.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        match self.look_up {
            LookUp::Number => pairs.push(("number", self.number.trim().to_string())),
            LookUp::Entity => {
                pairs.push(("name", self.name.trim().to_string()));
                pairs.push(("country", self.country.trim().to_string()));
            }
        }
        pairs.extend(lines(&self.activities).into_iter().map(|a| ("activity", a)));
        pairs.extend(lines(&self.sites).into_iter().map(|s| ("site", s)));
        pairs.push(("date", self.date.trim().to_string()));
        pairs.retain(|(_, value)| !value.is_empty());
        pairs
    }

    /// The API request for this form, or every mistake found, in plain words.
    pub fn to_request(&self) -> Result<VerificationRequest, Vec<FormError>> {
        let mut errors = Vec::new();
        let mut error = |field: &'static str, message: String| {
            errors.push(FormError { field, message });
        };
        let (certificate_number, entity) = match self.look_up {
            LookUp::Number => {
                let number = self.number.trim();
                if number.is_empty() {
                    error(
                        field::NUMBER,
                        "Enter the certificate number printed on the certificate.".into(),
                    );
                }
                (Some(number.to_string()), None)
            }
            LookUp::Entity => {
                let name = self.name.trim();
                if name.is_empty() {
                    error(field::NAME, "Enter the supplier's legal name.".into());
                }
                let country = self.country.trim();
                let entity = EntityQuery {
                    name: name.to_string(),
                    country: (!country.is_empty()).then(|| country.to_string()),
                    identifiers: None,
                };
                (None, Some(entity))
            }
        };
        let activities = lines(&self.activities);
        let sites = lines(&self.sites);
        for (list, field, what) in [
            (&activities, field::ACTIVITIES, "activities"),
            (&sites, field::SITES, "sites"),
        ] {
            if list.len() > MAX_CLAIM_ITEMS {
                error(
                    field,
                    format!("List at most {MAX_CLAIM_ITEMS} {what}, one per line."),
                );
            }
            if list.iter().any(|l| l.chars().count() > MAX_ITEM_CHARS) {
                error(
                    field,
                    format!("Keep each line under {MAX_ITEM_CHARS} characters."),
                );
            }
        }
        let date = self.date.trim();
        let as_of = if date.is_empty() {
            None
        } else {
            match date.parse::<Date>() {
                Ok(day) => Some(day),
                Err(_) => {
                    error(
                        field::DATE,
                        "Enter the date as year-month-day, for example 2026-03-31.".into(),
                    );
                    None
                }
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let entity_name = entity.as_ref().map(|e| e.name.clone());
        Ok(VerificationRequest {
            certificate_number,
            certification_body: None,
            entity,
            as_of,
            claim: ScopeClaim {
                entity_name,
                activities,
                sites: sites.iter().map(|s| ClaimedSite::parse(s)).collect(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_link_fills_the_form_and_gives_the_same_link_back() {
        let query = [
            ("number", "IS 712345"),
            ("activity", "payroll software"),
            ("activity", "hardware repair"),
            ("site", "Dublin,IE"),
            ("date", "2026-03-31"),
            ("utm_source", "ticket"),
        ];
        let form = CheckForm::from_pairs(query);
        assert_eq!(form.look_up, LookUp::Number);
        assert_eq!(form.activities, "payroll software\nhardware repair");
        assert!(form.names_a_certificate());
        let pairs: Vec<(&str, String)> = form.to_pairs();
        let expected: Vec<(&str, String)> = query[..5]
            .iter()
            .map(|(n, v)| (*n, v.to_string()))
            .collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn a_name_without_a_number_looks_the_supplier_up_by_entity() {
        let form = CheckForm::from_pairs([("name", "Acme Payroll Ltd"), ("country", "IE")]);
        assert_eq!(form.look_up, LookUp::Entity);
        let request = form.to_request().expect("valid");
        assert_eq!(request.certificate_number, None);
        let entity = request.entity.expect("entity");
        assert_eq!(entity.name, "Acme Payroll Ltd");
        assert_eq!(entity.country.as_deref(), Some("IE"));
        assert_eq!(
            request.claim.entity_name.as_deref(),
            Some("Acme Payroll Ltd")
        );
    }

    #[test]
    fn sites_are_read_as_city_and_country_and_blank_lines_are_ignored() {
        let form = CheckForm {
            number: "C-1".into(),
            activities: "  payroll \n\n".into(),
            sites: "Dublin, IE\n\nFR".into(),
            ..CheckForm::default()
        };
        let request = form.to_request().expect("valid");
        assert_eq!(request.claim.activities, ["payroll"]);
        assert_eq!(request.claim.sites[0].city.as_deref(), Some("Dublin"));
        assert_eq!(request.claim.sites[0].country.as_deref(), Some("IE"));
        assert_eq!(request.claim.sites[1].city, None);
        assert_eq!(request.claim.sites[1].country.as_deref(), Some("FR"));
    }

    #[test]
    fn mistakes_are_reported_in_plain_words_on_their_fields() {
        let form = CheckForm {
            date: "31/03/2026".into(),
            activities: "x\n".repeat(MAX_CLAIM_ITEMS + 1),
            ..CheckForm::default()
        };
        let errors = form.to_request().expect_err("three mistakes");
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, [field::NUMBER, field::ACTIVITIES, field::DATE]);
        assert!(errors[0].message.contains("certificate number"));
        for error in &errors {
            assert!(!error.message.contains('_'), "{}", error.message);
        }
    }
}

//! The organisation profile questions, asked first in both modes.
//!
//! Each question's id is the [`crate::Profile`] field it fills, and every option value is the
//! snake_case JSON name of the matching profile enum value, so an answered profile
//! deserializes straight into [`crate::Profile`].

use super::{ProfileInput, ProfileOption, ProfileQuestion};

/// The thirteen profile questions, in the order they are asked.
pub(super) fn profile_questions() -> Vec<ProfileQuestion> {
    vec![
        question(
            "persons_in_scope",
            "How many people work for the organisation in the part you want certified, \
             including contractors who work under your direction?",
            "Certification bodies size the audit (and its price) on this number.",
            ProfileInput::Number {
                min: 1,
                max: 100_000,
            },
        ),
        question(
            "sites",
            "How many locations (offices, data centres, production sites) would the certificate cover?",
            "Every extra site adds audit time and can add physical controls.",
            ProfileInput::Number {
                min: 1,
                max: 10_000,
            },
        ),
        question(
            "sector",
            "Which sector best describes your main business?",
            "Some sectors come with their own security rules and customer expectations.",
            ProfileInput::Choice {
                options: options(&[
                    ("software", "Software and SaaS"),
                    ("it_services", "IT services, hosting, managed services"),
                    ("finance", "Banking, insurance, payments"),
                    ("healthcare", "Healthcare and life sciences"),
                    ("government", "Public administration"),
                    ("defence", "Defence and aerospace"),
                    ("energy", "Energy and utilities"),
                    ("telecom", "Telecommunications"),
                    ("transport", "Transport and logistics"),
                    ("manufacturing", "Manufacturing"),
                    ("retail", "Retail and e-commerce"),
                    ("education", "Education and research"),
                    ("professional_services", "Consulting, legal, accounting"),
                    ("other", "Something else"),
                ]),
            },
        ),
        question(
            "develops_software",
            "Do you build software yourselves, for customers or for your own use?",
            "Secure development controls only matter if you write code.",
            ProfileInput::Boolean,
        ),
        question(
            "uses_cloud",
            "Do you use cloud services such as Microsoft 365, Google Workspace, AWS or other SaaS tools?",
            "Cloud use brings its own control and shared-responsibility questions.",
            ProfileInput::Boolean,
        ),
        question(
            "outsourced_it",
            "Is your IT run mostly by an outside provider?",
            "Outsourced IT shifts much of the work to supplier management.",
            ProfileInput::Boolean,
        ),
        question(
            "data",
            "Which of these kinds of data do you handle?",
            "Sensitive data types bring legal duties on top of ISO/IEC 27001.",
            ProfileInput::MultiChoice {
                options: options(&[
                    ("phi", "Health information about patients (US HIPAA)"),
                    ("cardholder", "Payment card data"),
                    ("cui", "Controlled Unclassified Information (US defence)"),
                    ("us_federal", "US federal government data"),
                    ("eu_personal", "Personal data of people in the EU"),
                ]),
            },
        ),
        question(
            "customers",
            "Which of these kinds of customers do you serve?",
            "Your customers can decide which security frameworks you will be asked for.",
            ProfileInput::MultiChoice {
                options: options(&[
                    ("us_federal", "US federal agencies"),
                    (
                        "us_defense",
                        "US defence contractors or the Department of Defense",
                    ),
                    ("eu", "Customers in the EU"),
                    (
                        "ny_financial",
                        "Financial institutions regulated in New York",
                    ),
                    ("us_saas_buyers", "US companies buying SaaS"),
                ]),
            },
        ),
        question(
            "organisation_facts",
            "Which of these are true of your organisation?",
            "Some rules bind an organisation only when it offers certain services, holds a certain licence or passes a size test.",
            ProfileInput::MultiChoice {
                options: options(&[
                    (
                        "offers_cloud_service",
                        "We offer a cloud service to customers (software, platform or infrastructure as a service, or hosting)",
                    ),
                    (
                        "nydfs_licensed",
                        "We are licensed, registered or chartered by the New York State Department of Financial Services",
                    ),
                    (
                        "eu_financial_entity",
                        "We are a financial entity established in the EU (bank, insurer, payment, e-money or investment firm, or similar)",
                    ),
                    (
                        "turnover_and_balance_sheet_over_ten_million_euros",
                        "Our whole company has an annual turnover and a balance sheet total each above 10 million euros",
                    ),
                ]),
            },
        ),
        question(
            "existing_certifications",
            "Which certifications or attestations do you already hold?",
            "Existing management systems and audits give you a head start.",
            ProfileInput::MultiChoice {
                options: options(&[
                    ("iso9001", "ISO 9001 (quality)"),
                    ("iso27001_2013", "ISO/IEC 27001:2013"),
                    ("iso27001_2022", "ISO/IEC 27001:2022"),
                    ("iso27701", "ISO/IEC 27701 (privacy)"),
                    ("soc2", "SOC 2 report"),
                    ("pci_dss", "PCI DSS"),
                    ("cyber_essentials", "Cyber Essentials"),
                    ("other", "Something else"),
                ]),
            },
        ),
        question(
            "target_date",
            "By when would you like to be certified?",
            "We plan the audits and milestones back from this date.",
            ProfileInput::Date,
        ),
        question(
            "recent_breach",
            "Have you had a security breach or serious incident in the last 12 months?",
            "A recent incident can set the priorities and the urgency.",
            ProfileInput::Boolean,
        ),
        question(
            "security_staff",
            "How many people work on information security as their main job (full-time equivalents)?",
            "It tells us how much outside help a realistic plan needs.",
            ProfileInput::Number {
                min: 0,
                max: 10_000,
            },
        ),
    ]
}

fn question(id: &str, text: &str, help: &str, input: ProfileInput) -> ProfileQuestion {
    ProfileQuestion {
        id: id.to_owned(),
        text: text.to_owned(),
        help: help.to_owned(),
        input,
        optional: true,
    }
}

fn options(pairs: &[(&str, &str)]) -> Vec<ProfileOption> {
    pairs
        .iter()
        .map(|(value, label)| ProfileOption {
            value: (*value).to_owned(),
            label: (*label).to_owned(),
        })
        .collect()
}

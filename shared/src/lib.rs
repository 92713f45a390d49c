//! # annexa-shared
//!
//! Annexa's whole domain, with no I/O, no clock and no randomness: it compiles to wasm32 for the
//! readiness widget and to native code for the API and the `annexa` CLI, and gives byte-identical
//! results on both. Dates and ids are passed in.
//!
//! The main types and how they fit:
//!
//! - [`catalog()`] — the ISO/IEC 27001:2022 control model ([`Catalog`]): clauses 4–10 and the 93
//!   [`AnnexAControl`]s with their ISO/IEC 27002 attributes, and the 2013 → 2022 correspondence.
//! - [`questionnaire()`] — the versioned [`Questionnaire`] in quick or full [`Mode`], in our own
//!   words.
//! - [`AnswersDocument`] — what a visitor answered: a [`Profile`] and one [`Answer`] per question.
//! - [`scoring::score()`] — answers → [`Report`]: overall, per section and per attribute readiness, Stage 1
//!   and Stage 2 blockers, prioritised gaps, a readiness band (rules: `docs/SCORING.md`).
//! - [`statement_of_applicability()`] — the draft [`StatementOfApplicability`].
//! - [`plan()`] — the certification timeline and the ISO/IEC 27006-1 audit-day estimate.
//! - [`advise()`] and [`qualify_lead()`] — which frameworks apply, and a sales tier.
//! - [`oscal`] — the catalog, the SoA (as a system security plan) and the scored assessment as
//!   NIST OSCAL JSON documents; [`crosswalk::coverage()`] — which NIST CSF 2.0, SP 800-53 and
//!   NIS2 items have their related requirements met (rules: `docs/INTEROP.md`).
//! - [`verify()`] — is a certificate valid and does its scope cover a claim (rules:
//!   `docs/VERIFICATION.md`).
//! - [`theme`] — the site owner's accent colour checked for contrast (widget and console).
//! - [`funnel`] — the widget funnel's anonymous daily counts and conversion rates.
//! - [`wire`] — the bodies the widget and the API exchange, the problem format and the
//!   contact rules, defined once for both sides.

#![warn(missing_docs)]

/// The text of the compiled-in data file `data/<name>` as this build reads it: the file itself
/// with the `catalog-notes` and `control-details` features; without either (the widget's
/// modules), the copy `build.rs` writes without the columns this build does not read
/// (`data_copies`): without `catalog-notes`, those only the catalog's JSON, the tests and people
/// reading the data use; without `control-details`, the controls' titles and attributes.
macro_rules! data_csv {
    ($name:literal) => {{
        #[cfg(all(feature = "catalog-notes", feature = "control-details"))]
        let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $name));
        #[cfg(not(all(feature = "catalog-notes", feature = "control-details")))]
        let text = include_str!(concat!(env!("OUT_DIR"), "/", $name));
        text
    }};
}

pub mod csv;
#[cfg(test)]
mod data_copies;

pub mod advice;
pub mod answers;
pub mod catalog;
pub mod certificate;
pub mod crosswalk;
pub mod date;
pub mod decimal;
pub mod funnel;
pub mod guidance;
pub mod json;
pub mod lead;
pub mod oscal;
pub mod plan;
pub mod questionnaire;
pub mod scoring;
pub mod soa;
pub mod text;
pub mod theme;
pub mod validation;
pub mod verification;
pub mod wire;

pub use advice::{AdviceLevel, Framework, FrameworkAdvice, advise};
pub use answers::{
    Answer, AnswerRef, AnswerValue, AnswersDocument, AnswersDocumentRef, CustomerCategory,
    DataCategory, ExistingCertification, OrganisationFact, Profile, ProfileValue, Sector, Skeleton,
};
pub use catalog::{
    AnnexAControl, AttributeKind, Catalog, Clause, Requirement, RequirementKind, Theme, catalog,
};
pub use certificate::{CertificateRecord, CertificateStatus, Entity, Identifiers, Site, Standard};
pub use crosswalk::{CrossFrameworkCoverage, MappedFramework, coverage};
pub use date::Date;
pub use lead::{LeadQualification, Tier, qualify_lead};
pub use oscal::{OscalAssessmentResults, OscalCatalog, OscalError, OscalProfile, OscalSsp};
pub use plan::{AuditDays, Milestone, MilestoneKind, Plan, plan};
pub use questionnaire::{
    FullQuestionTexts, Mode, ProfileInput, ProfileOption, ProfileQuestion, QUESTIONNAIRE_VERSION,
    Question, Questionnaire, questionnaire,
};
pub use scoring::{
    AttributeScore, Band, Blocker, Gap, Report, SCORING_VERSION, SectionKind, SectionScore,
    Severity, score, score_borrowed, score_plain,
};
pub use soa::{
    ImplementationStatus, SoaEntry, SoaWarning, StatementOfApplicability,
    statement_of_applicability,
};
pub use text::Text;
pub use validation::{AnswersError, validate};
pub use verification::{
    ClaimedSite, CoverageItem, EntityMatch, Evidence, ItemKind, ItemVerdict, Polarity, Reading,
    ScopeClaim, Verdict, Verification, VerificationRequest, normalize_entity_name, verify,
};

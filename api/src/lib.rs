//! # annexa-api
//!
//! The `annexa` binary: the actix-web JSON API (`annexa serve`) and the command line. All domain
//! rules come from `annexa-shared`; this crate reads input, stores data and speaks HTTP.
//!
//! The map, in three layers, each using only the ones below it:
//!
//! - **Where a rule lives**: in `annexa-shared` — scoring, SoA, plan, verification, the lead
//!   tier, the contact rules and every body the widget and the API exchange
//!   (`annexa_shared::wire`), the CSV writer (`annexa_shared::csv`).
//! - **Where SQL lives**: only in [`store`] — the [`store::Pool`] (SQLite or PostgreSQL) and its
//!   migrations, one module per table group, [`store::certificates`] for the registry; SQL
//!   written once and run on either engine by [`on_pool!`], engine-specific pieces in
//!   `store/certificates/{sqlite,postgres}.rs`; failures are [`store::StoreError`].
//! - **Services** between the two: [`assessment`] (answers → report, SoA, plan, advice, OSCAL,
//!   coverage) and [`registry::service`] (lookup + verification, batches, demo data), shared by
//!   both front ends; [`clock`] is "today"; [`demo_leads`] makes the fictitious leads of
//!   `serve --demo --demo-leads`, [`demo_funnel`] the fictitious funnel days of `serve --demo`.
//! - **Where a route lives**: the front ends. [`http`] — [`http::app`] builds the application
//!   around [`http::configure`]; one module per resource in `http/routes/`, the registry's in
//!   [`registry::routes`]; [`error`] turns every failure into RFC 9457 problem+json at this
//!   edge. [`cli`] — the clap commands (`score`, `soa`, `serve`, `migrate`, `keys`, `certs`, …),
//!   which call the services and the store, never a route.
//! - Around them: [`json_input`] (reading a JSON document with a pointer to what is wrong, for
//!   every front end), [`webhook`] (signed lead webhooks, only to destinations its policy
//!   allows; the queue is [`store::webhooks`], finished deliveries go to
//!   [`store::webhook_log`]) and [`redact`] (secrets in URLs hidden before they are logged or shown).

pub mod assessment;
pub mod cli;
pub mod clock;
pub mod demo_funnel;
pub mod demo_leads;
pub mod error;
pub mod http;
pub mod json_input;
pub(crate) mod json_out;
pub mod redact;
pub mod store;
pub mod webhook;

/// The certificate registry (the registry engineer's module): routes mounted in
/// [`http::configure`], `annexa certs` in [`cli`], paths merged in [`http::openapi::spec`].
pub mod registry;

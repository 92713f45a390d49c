//! # annexa-api
//!
//! The `annexa` binary: the actix-web JSON API (`annexa serve`) and the command line. All domain
//! rules come from `annexa-shared`; this crate reads input, stores data and speaks HTTP.
//!
//! - [`cli`] — clap commands (`catalog`, `questionnaire`, `score`, `serve`, `keys`, …).
//! - [`http`] — [`http::app`] builds the application around [`http::configure`]; used by
//!   `annexa serve` and by the integration tests alike.
//! - [`error`] — the one error type, rendered as RFC 9457 problem+json.
//! - [`db`] — the SQLite pool and migrations; [`store`] — the SQL per table group.
//! - [`webhook`] — signed lead webhooks delivered by a background task, only to destinations
//!   its policy allows.
//! - [`redact`] — secrets in URLs hidden before they are logged or shown.

pub mod cli;
pub mod db;
pub mod error;
pub mod http;
pub mod redact;
pub mod store;
pub mod webhook;

/// The certificate registry (the registry engineer's module): routes mounted in
/// [`http::configure`], `annexa certs` in [`cli`], paths merged in [`http::openapi::spec`].
pub mod registry;

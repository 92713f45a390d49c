//! The certificate registry: storage, import, search, verification routes, CLI and demo data.
//!
//! - [`Registry`] — the storage, in `crate::store::certificates` with the rest of the SQL
//!   (full-text search over scope text, a normalised-name index, an identifiers table, an
//!   append-only history), on either database.
//! - [`import`] — streamed CSV / JSON Lines import with a report per row.
//! - [`service`] — lookup + `annexa_shared::verify`, and the batch formats.
//! - [`routes`] — `/api/v1/certificates/…` ([`configure`]).
//! - [`cli`] — `annexa certs …` ([`CertsCommand`], [`run`]).
//! - [`demo`] — deterministic, fictitious records; [`seed_demo_if_empty`] for the first start.
//!
//! The verification rules themselves live in `annexa-shared` (`docs/VERIFICATION.md`).

#[cfg(test)]
pub(crate) mod arbitrary;
pub mod cli;
pub mod csv;
pub mod demo;
pub mod flat;
pub mod import;
pub mod openapi;
pub mod routes;
pub mod service;
mod verification_json;

pub use crate::store::certificates::Registry;
pub use cli::{CertsCommand, run};
pub use openapi::openapi;
pub use routes::configure;

use crate::error::Error;
use crate::store::Pool;

/// On first start: when the registry holds no certificate, imports `count` demo records so a
/// newcomer can try verification at once. Returns how many were loaded (0 when not empty).
pub async fn seed_demo_if_empty(pool: &Pool, count: u64) -> Result<u64, Error> {
    let store = Registry::new(pool);
    // Instances starting together may both seed: the rows are identical, so the second one
    // finds them unchanged.
    if count == 0 || store.count().await? > 0 {
        return Ok(0);
    }
    let summary = service::import_demo(&store, 0, count, "demo-seed").await?;
    tracing::info!(
        created = summary.created,
        "loaded fictitious demo certificates into the empty registry"
    );
    Ok(summary.created)
}

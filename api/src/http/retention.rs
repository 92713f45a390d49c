//! The lead retention job: leads older than `--lead-retention-days` are erased with their
//! queued webhook deliveries, once at start and then every hour. Each run is counted in
//! `/metrics` (`annexa_leads_purged_total`). With several instances each runs the job; the
//! deletes are idempotent, so that only repeats work. The same hourly sweep removes ended
//! console sessions.

use std::time::Duration;

use actix_web::web;
use time::OffsetDateTime;

use super::AppState;
use crate::store::{self, leads};

/// How often the job runs.
const EVERY: Duration = Duration::from_secs(3600);

/// Erases the leads older than the retention period once; returns how many went.
pub async fn purge_once(state: &AppState) -> crate::error::Result<u64> {
    let days = state.config.leads.retention_days;
    if days == 0 {
        return Ok(0);
    }
    let cutoff = OffsetDateTime::now_utc() - time::Duration::days(i64::from(days));
    let purged = leads::purge_before(&state.pool, &store::timestamp(cutoff)).await?;
    state.metrics.leads_purged(purged);
    if purged > 0 {
        tracing::info!(purged, days, "leads past their retention period erased");
    }
    Ok(purged)
}

/// Runs [`purge_once`] now and then every hour, forever.
pub async fn run(state: web::Data<AppState>) {
    loop {
        if let Err(error) = purge_once(&state).await {
            tracing::error!(%error, "lead retention job");
        }
        // Ended console sessions go in the same sweep: they can no longer be used (every use
        // checks the expiry), this only keeps the table small.
        if let Err(error) =
            crate::store::console_sessions::purge_ended(&state.pool, OffsetDateTime::now_utc())
                .await
        {
            tracing::error!(%error, "console session sweep");
        }
        tokio::time::sleep(EVERY).await;
    }
}

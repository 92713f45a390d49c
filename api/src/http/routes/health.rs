//! Liveness, readiness and metrics.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{Error, Result};
use crate::http::AppState;
use crate::store;
use crate::store::certificates::Registry;

/// Health status.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
}

/// Routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/healthz").get(healthz))
        .service(web::resource("/readyz").get(readyz))
        .service(web::resource("/metrics").get(metrics));
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The process is up", body = Health)))]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health { status: "ok" })
}

/// The process is up and its database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, description = "Ready", body = Health),
    (status = 503, description = "Database unreachable", body = crate::error::Problem,
        content_type = "application/problem+json")))]
pub async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Health>> {
    if store::is_reachable(&state.pool).await {
        Ok(web::Json(Health { status: "ok" }))
    } else {
        Err(Error::Unavailable)
    }
}

/// Prometheus metrics: request counts and latency per route, leads created, and the registry's
/// kept lookups.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses(
    (status = 200, description = "Prometheus text format", body = String, content_type = "text/plain")))]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let mut text = state.metrics.render();
    crate::http::metrics::render_kept_lookups(&mut text, &Registry::new(&state.pool).kept_stats());
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text)
}

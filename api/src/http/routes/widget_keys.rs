//! Admin: widget keys (`POST/GET/DELETE /api/v1/widget-keys`).

use actix_web::{HttpResponse, web};

use crate::error::{Error, Result};
use crate::http::AppState;
use crate::http::auth::Admin;
use crate::http::extract::ApiJson;
use crate::store::widget_keys::{self, CreatedWidgetKey, NewWidgetKey, WidgetKey};

/// Routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/widget-keys")
            .route(web::post().to(create))
            .route(web::get().to(list)),
    )
    .service(web::resource("/widget-keys/{key}").route(web::delete().to(delete)));
}

/// Creates a widget key with its allowed origins and optional webhook. The webhook secret is in
/// this response only.
#[utoipa::path(post, path = "/api/v1/widget-keys", tag = "admin",
    security(("admin_key" = [])),
    request_body = NewWidgetKey,
    responses(
        (status = 201, description = "Created", body = CreatedWidgetKey),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The key already exists", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field (origin, URL, …)", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn create(
    _admin: Admin,
    state: web::Data<AppState>,
    ApiJson(new): ApiJson<NewWidgetKey>,
) -> Result<HttpResponse> {
    let created = widget_keys::create(&state.pool, new).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Every widget key.
#[utoipa::path(get, path = "/api/v1/widget-keys", tag = "admin",
    security(("admin_key" = [])),
    responses(
        (status = 200, description = "The widget keys", body = Vec<WidgetKey>),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn list(_admin: Admin, state: web::Data<AppState>) -> Result<web::Json<Vec<WidgetKey>>> {
    Ok(web::Json(widget_keys::list(&state.pool).await?))
}

/// Deletes a widget key: embedded widgets using it stop working; its leads are kept.
#[utoipa::path(delete, path = "/api/v1/widget-keys/{key}", tag = "admin",
    security(("admin_key" = [])),
    params(("key" = String, Path, description = "The widget key")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such widget key", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn delete(
    _admin: Admin,
    state: web::Data<AppState>,
    key: web::Path<String>,
) -> Result<HttpResponse> {
    let key = key.into_inner();
    if widget_keys::delete(&state.pool, &key).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(Error::UnknownWidgetKey(key.chars().take(64).collect()))
    }
}

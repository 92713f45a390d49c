//! Admin: widget keys (`POST/GET /api/v1/widget-keys`, `PUT/DELETE /api/v1/widget-keys/{key}`).

use actix_web::{HttpResponse, web};

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::error::{Error, FieldError, Result};
use crate::http::AppState;
use crate::http::auth::Admin;
use crate::http::extract::ApiJson;
use crate::store::webhook_log::{self, DeliveryState, RecentDelivery};
use crate::store::widget_keys::{self, CreatedWidgetKey, NewWidgetKey, RotatedSecret, WidgetKey};

/// Routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/widget-keys")
            .route(web::post().to(create))
            .route(web::get().to(list)),
    )
    .service(
        web::resource("/widget-keys/{key}")
            .route(web::delete().to(delete))
            .route(web::put().to(update)),
    )
    .service(
        web::resource("/widget-keys/{key}/webhook-secret").route(web::post().to(rotate_secret)),
    )
    .service(web::resource("/widget-keys/{key}/webhook-test").route(web::post().to(test_webhook)))
    .service(web::resource("/widget-keys/{key}/deliveries").route(web::get().to(deliveries)));
}

/// Refuses a webhook URL the server's destination policy does not accept: not `https://`, or a
/// host that is or resolves to an internal address (see `webhook::destination`).
async fn check_webhook(state: &AppState, url: &str) -> Result<()> {
    crate::webhook::destination::check_destination(
        url,
        state.config.webhooks,
        state.webhook_resolver.as_ref(),
    )
    .await
    .map_err(|error| Error::Validation {
        detail: format!("/webhook_url: {error}"),
        errors: vec![FieldError::new("/webhook_url", error.to_string())],
    })
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
        (status = 422, description = "Invalid field (origin, URL, …), or a webhook URL that is not https:// or reaches an internal address", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn create(
    _admin: Admin,
    state: web::Data<AppState>,
    ApiJson(new): ApiJson<NewWidgetKey>,
) -> Result<HttpResponse> {
    // Field errors first (all of them at once), then where the webhook would go.
    let new = new.validate()?;
    if let Some(url) = &new.webhook_url {
        check_webhook(&state, url).await?;
    }
    let created = widget_keys::create(&state.pool, new).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Replaces a widget key's settings (the same fields as when creating it; `key`, if given, must
/// be the one in the path). The webhook URL as listed (a password shown as `***`) keeps the
/// stored one; no `webhook_url` removes the webhook; a first webhook gets a secret, which is in
/// this response only.
#[utoipa::path(put, path = "/api/v1/widget-keys/{key}", tag = "admin",
    security(("admin_key" = [])),
    params(("key" = String, Path, description = "The widget key")),
    request_body = NewWidgetKey,
    responses(
        (status = 200, description = "Changed", body = CreatedWidgetKey),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such widget key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field (origin, URL, …), a different key, or a webhook URL that is not https:// or reaches an internal address", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn update(
    _admin: Admin,
    state: web::Data<AppState>,
    key: web::Path<String>,
    ApiJson(changes): ApiJson<NewWidgetKey>,
) -> Result<web::Json<CreatedWidgetKey>> {
    let key = key.into_inner();
    let changes = changes.validate()?;
    // A URL that is the stored one as shown was checked when it was set.
    let unchanged_webhook = match (
        &changes.webhook_url,
        widget_keys::get(&state.pool, &key).await?,
    ) {
        (Some(url), Some(stored)) => stored.webhook_url.as_deref() == Some(url.as_str()),
        (_, None) => return Err(Error::UnknownWidgetKey(key.chars().take(64).collect())),
        (None, Some(_)) => true,
    };
    if let Some(url) = &changes.webhook_url
        && !unchanged_webhook
    {
        check_webhook(&state, url).await?;
    }
    widget_keys::update(&state.pool, &key, changes)
        .await?
        .map(web::Json)
        .ok_or_else(|| Error::UnknownWidgetKey(key.chars().take(64).collect()))
}

/// Sends a signed test event to the widget key's webhook now and says how the receiver answered
/// (`X-Annexa-Event: webhook.test`, a body with no lead). Nothing is queued or retried.
#[utoipa::path(post, path = "/api/v1/widget-keys/{key}/webhook-test", tag = "admin",
    security(("admin_key" = [])),
    params(("key" = String, Path, description = "The widget key")),
    responses(
        (status = 200, description = "Sent (see `delivered`)", body = crate::webhook::TestDelivery),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such widget key, or it has no webhook", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn test_webhook(
    _admin: Admin,
    state: web::Data<AppState>,
    key: web::Path<String>,
) -> Result<web::Json<crate::webhook::TestDelivery>> {
    let key = key.into_inner();
    let Some((url, secret)) = widget_keys::webhook_of(&state.pool, &key).await? else {
        return Err(Error::NotFound(format!(
            "widget key '{}' does not exist or has no webhook",
            key.chars().take(64).collect::<String>()
        )));
    };
    let client = crate::webhook::WebhookClient::with(
        state.config.webhooks,
        state.webhook_resolver.clone(),
        std::sync::Arc::new(crate::webhook::destination::TcpDialer),
        std::time::Duration::from_secs(10),
    );
    let answer = crate::webhook::send_test(&client, &url, &[secret.as_str()], &key).await?;
    let logged = webhook_log::Finished {
        id: &answer.delivery_id,
        state: if answer.delivered {
            DeliveryState::Delivered
        } else {
            DeliveryState::GaveUp
        },
        host: webhook_log::host_of(&url),
        attempts: 1,
        status_code: answer.status_code,
        last_error: answer.error.as_deref(),
        finished_at: crate::store::now(),
    };
    webhook_log::log_test_delivery(&state.pool, &key, &logged).await?;
    Ok(web::Json(answer))
}

/// The widget key's recent webhook deliveries: those still queued (due now, or failed and
/// waiting for a retry), the next due first, then the finished ones (delivered, or given up
/// after the last retry; test deliveries included), newest first; at most 50 of each.
#[utoipa::path(get, path = "/api/v1/widget-keys/{key}/deliveries", tag = "admin",
    security(("admin_key" = [])),
    params(("key" = String, Path, description = "The widget key")),
    responses(
        (status = 200, description = "The queued deliveries, then the finished ones", body = Vec<RecentDelivery>),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such widget key", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn deliveries(
    _admin: Admin,
    state: web::Data<AppState>,
    key: web::Path<String>,
) -> Result<web::Json<Vec<RecentDelivery>>> {
    let key = key.into_inner();
    if widget_keys::get(&state.pool, &key).await?.is_none() {
        return Err(Error::UnknownWidgetKey(key.chars().take(64).collect()));
    }
    Ok(web::Json(
        webhook_log::recent_for_key(&state.pool, &key).await?,
    ))
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

/// How long the previous secret keeps signing after a rotation.
#[derive(Debug, Default, Deserialize, ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RotationQuery {
    /// Hours during which deliveries carry a second signature made with the previous secret
    /// (0–720, default 24), so receivers can switch without losing a delivery.
    pub overlap_hours: Option<u32>,
}

/// Gives the widget key's webhook a new secret. The new secret is in this response only; the
/// previous one keeps signing deliveries (as a second `v2` signature) during the overlap.
#[utoipa::path(post, path = "/api/v1/widget-keys/{key}/webhook-secret", tag = "admin",
    security(("admin_key" = [])),
    params(("key" = String, Path, description = "The widget key"), RotationQuery),
    responses(
        (status = 200, description = "Rotated", body = RotatedSecret),
        (status = 400, description = "Bad overlap", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such widget key, or it has no webhook", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn rotate_secret(
    _admin: Admin,
    state: web::Data<AppState>,
    key: web::Path<String>,
    query: web::Query<RotationQuery>,
) -> Result<web::Json<RotatedSecret>> {
    let hours = query.overlap_hours.unwrap_or(24);
    if hours > 720 {
        return Err(Error::InvalidQuery {
            detail: format!("overlap_hours must be between 0 and 720, not {hours}"),
        });
    }
    let key = key.into_inner();
    widget_keys::rotate_webhook_secret(&state.pool, &key, time::Duration::hours(i64::from(hours)))
        .await?
        .map(web::Json)
        .ok_or_else(|| {
            Error::NotFound(format!(
                "widget key '{}' does not exist or has no webhook",
                key.chars().take(64).collect::<String>()
            ))
        })
}

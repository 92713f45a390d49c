//! Admin: API key management (`POST/GET /api/v1/api-keys`, `DELETE /api/v1/api-keys/{id}`).

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{Error, FieldError, Result};
use crate::http::AppState;
use crate::http::auth::Admin;
use crate::http::extract::ApiJson;
use crate::store::api_keys::{self, ApiKey, CreatedApiKey, Scope};

/// A key to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApiKey {
    /// What the key is for (`crm-sync`), 1–100 characters.
    pub name: String,
    /// What the key may do (default: `["admin"]`, everything).
    #[serde(default)]
    pub scopes: Option<Vec<Scope>>,
    /// When the key stops working (RFC 3339, in the future); never when absent.
    #[serde(default)]
    pub expires_at: Option<String>,
}

/// `expires_at` as a stored timestamp, if it is a future RFC 3339 date and time.
pub fn parse_expiry(text: &str) -> std::result::Result<String, String> {
    let at =
        time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
            .map_err(|_| {
                format!("'{text}' is not an RFC 3339 date and time, e.g. 2027-01-31T00:00:00Z")
            })?;
    if at <= time::OffsetDateTime::now_utc() {
        return Err(format!("'{text}' is in the past"));
    }
    Ok(crate::store::timestamp(at))
}

/// Routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api-keys")
            .route(web::post().to(create))
            .route(web::get().to(list)),
    )
    .service(web::resource("/api-keys/{id}").route(web::delete().to(revoke)));
}

/// Creates an admin API key. Its secret is in this response only; the server keeps a hash.
#[utoipa::path(post, path = "/api/v1/api-keys", tag = "admin",
    security(("admin_key" = [])),
    request_body = NewApiKey,
    responses(
        (status = 201, description = "Created", body = CreatedApiKey),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key lacks the admin scope", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name, scope or expiry", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn create(
    _admin: Admin,
    state: web::Data<AppState>,
    ApiJson(new): ApiJson<NewApiKey>,
) -> Result<HttpResponse> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::Validation {
            detail: "the key name must have 1 to 100 characters".into(),
            errors: vec![FieldError::new("/name", "1 to 100 characters")],
        });
    }
    let scopes = new.scopes.unwrap_or_else(|| vec![Scope::Admin]);
    if scopes.is_empty() {
        return Err(Error::Validation {
            detail: "a key needs at least one scope".into(),
            errors: vec![FieldError::new("/scopes", "at least one scope")],
        });
    }
    let expires_at = match &new.expires_at {
        Some(text) => Some(parse_expiry(text).map_err(|detail| Error::Validation {
            detail: format!("/expires_at: {detail}"),
            errors: vec![FieldError::new("/expires_at", detail)],
        })?),
        None => None,
    };
    let created = api_keys::create_scoped(&state.pool, name, &scopes, expires_at).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Every admin API key with its scopes, expiry and last use (never their secrets).
#[utoipa::path(get, path = "/api/v1/api-keys", tag = "admin",
    security(("admin_key" = [])),
    responses(
        (status = 200, description = "The keys", body = Vec<ApiKey>),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn list(_admin: Admin, state: web::Data<AppState>) -> Result<web::Json<Vec<ApiKey>>> {
    Ok(web::Json(api_keys::list(&state.pool).await?))
}

/// Revokes an admin API key at once (a request using it gets 401).
#[utoipa::path(delete, path = "/api/v1/api-keys/{id}", tag = "admin",
    security(("admin_key" = [])),
    params(("id" = String, Path, description = "The key id (`key_…`)")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Missing, wrong or revoked admin key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such active key", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn revoke(
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse> {
    if api_keys::revoke(&state.pool, &id).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(Error::NotFound(format!(
            "no active API key '{}'",
            id.chars().take(64).collect::<String>()
        )))
    }
}

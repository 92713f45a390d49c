//! Console sign-in (`POST /api/v1/session`), the current session (`GET`) and sign-out
//! (`DELETE`). An admin API key is exchanged once for an opaque session cookie (see
//! `http::session` for its attributes and `store::console_sessions` for its lifetime); the
//! console's pages then call the admin routes with the cookie instead of the key.

use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{Error, Result};
use crate::http::extract::ApiJson;
use crate::http::{AppState, limits, session};
use crate::store::api_keys::{self, Scope};
use crate::store::console_sessions::{self, ABSOLUTE_LIFETIME, IDLE_TIMEOUT};

/// Sign-in: the admin API key to exchange for a session.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// An active admin API key (`annexa_…`).
    pub key: String,
}

/// A console session, as the console shows it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SessionInfo {
    /// The name of the API key signed in with.
    pub key_name: String,
    /// What the session may do: its key's scopes.
    pub scopes: Vec<Scope>,
    /// When the session ends at the latest (UTC).
    pub expires_at: String,
    /// Minutes without a request after which the session ends.
    pub idle_minutes: i64,
}

/// Routes: `/session`, rate-limited per client address (sign-in guesses included).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/session")
            .wrap(from_fn(limits::per_ip))
            .route(web::post().to(sign_in))
            .route(web::get().to(current))
            .route(web::delete().to(sign_out)),
    );
}

/// Signs in: exchanges an admin API key for a session cookie (`HttpOnly`, `SameSite=Strict`,
/// `Secure` over HTTPS). The key itself is not kept in the browser.
#[utoipa::path(post, path = "/api/v1/session", tag = "admin",
    request_body = SignIn,
    responses(
        (status = 201, description = "Signed in; the session cookie is set", body = SessionInfo),
        (status = 401, description = "Not an active admin API key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong shape", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<HttpResponse> {
    let secret = body.key.trim();
    if secret.is_empty() || secret.len() > 256 {
        return Err(Error::Unauthorized);
    }
    let key = api_keys::authenticate(&state.pool, secret)
        .await?
        .ok_or(Error::Unauthorized)?;
    api_keys::touch(&state.pool, &key.id).await?;
    let created =
        console_sessions::create(&state.pool, &key.id, time::OffsetDateTime::now_utc()).await?;
    let cookie = session::cookie(
        &req,
        &state,
        created.token,
        ABSOLUTE_LIFETIME.whole_seconds(),
    );
    Ok(HttpResponse::Created().cookie(cookie).json(SessionInfo {
        key_name: key.name,
        scopes: key.scopes,
        expires_at: created.expires_at,
        idle_minutes: IDLE_TIMEOUT.whole_minutes(),
    }))
}

/// The session the request's cookie belongs to (401 when there is none, or it ended).
#[utoipa::path(get, path = "/api/v1/session", tag = "admin",
    responses(
        (status = 200, description = "Signed in", body = SessionInfo),
        (status = 401, description = "No live session", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn current(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse> {
    let token = session::token(&req).ok_or(Error::Unauthorized)?;
    let found = console_sessions::find(&state.pool, &token, time::OffsetDateTime::now_utc())
        .await?
        .ok_or(Error::Unauthorized)?;
    Ok(HttpResponse::Ok().json(SessionInfo {
        key_name: found.key.name,
        scopes: found.key.scopes,
        expires_at: found.expires_at,
        idle_minutes: IDLE_TIMEOUT.whole_minutes(),
    }))
}

/// Signs out: ends the session and removes the cookie. Needs the `X-Annexa-Console` header
/// (so another site cannot sign a visitor out); answers 204 also when no session was left.
#[utoipa::path(delete, path = "/api/v1/session", tag = "admin",
    responses(
        (status = 204, description = "Signed out; the cookie is removed"),
        (status = 403, description = "The X-Annexa-Console header is missing", body = crate::error::Problem, content_type = "application/problem+json")))]
pub async fn sign_out(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse> {
    if !session::has_console_header(&req) {
        return Err(Error::ConsoleHeaderMissing);
    }
    if let Some(token) = session::token(&req) {
        console_sessions::delete(&state.pool, &token).await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(session::removal(&req, &state))
        .finish())
}

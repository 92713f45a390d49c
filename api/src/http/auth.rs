//! Admin authentication: the [`Admin`] extractor accepts a request only with
//! `Authorization: Bearer <key>` naming an active (not revoked, not expired) admin API key (see
//! [`crate::store::api_keys`]) that has the scope the route needs ([`required_scope`]), or —
//! without that header — with the console's session cookie (`super::session`) of a live
//! session, which acts with its key's scopes. Missing, wrong, revoked or expired → 401 problem;
//! a valid key without the scope → 403 `insufficient-scope`; a state-changing request signed in
//! by cookie without the `X-Annexa-Console` header → 403 `console-header-missing`.
//!
//! Any admin handler (the certificate registry's too) takes `_admin: Admin` as an argument; the
//! scope comes from the route, in one table here, so a new route cannot forget its check.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpRequest, web};

use super::AppState;
use crate::error::Error;
use crate::store::api_keys::{self, ApiKey, Scope};
use crate::store::console_sessions;

/// Proof that the request carries an active admin API key with the route's scope.
#[derive(Debug, Clone)]
pub struct Admin(pub ApiKey);

/// The scope a request to `method` on route pattern `pattern` needs.
pub fn required_scope(method: &Method, pattern: &str) -> Scope {
    let path = pattern.strip_prefix("/api/v1").unwrap_or(pattern);
    // The funnel's counts are sales figures, like the leads: reading them needs the same scope.
    if path.starts_with("/leads") || path.starts_with("/funnel") {
        if method == Method::DELETE {
            Scope::LeadsErase
        } else if method == Method::PATCH || method == Method::POST {
            // The widget's own POST /leads takes no admin key; these are the sales follow-up.
            Scope::LeadsWrite
        } else {
            Scope::LeadsRead
        }
    } else if path.starts_with("/widget-keys") {
        Scope::WidgetKeysWrite
    } else if path.starts_with("/certificates") {
        Scope::RegistryWrite
    } else {
        // API keys and anything not listed: full rights only.
        Scope::Admin
    }
}

impl FromRequest for Admin {
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Error>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let secret = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(|s| s.trim().to_owned());
        let session = super::session::token(req);
        let console_header =
            !super::session::changes_state(req.method()) || super::session::has_console_header(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let scope = required_scope(
            req.method(),
            &req.match_pattern().unwrap_or_else(|| req.path().to_owned()),
        );
        Box::pin(async move {
            let Some(state) = state else {
                return Err(Error::Unauthorized);
            };
            let key = match (secret, session) {
                (Some(secret), _) => {
                    if secret.is_empty() {
                        return Err(Error::Unauthorized);
                    }
                    api_keys::authenticate(&state.pool, &secret)
                        .await?
                        .ok_or(Error::Unauthorized)?
                }
                (None, Some(token)) => {
                    let session = console_sessions::find(
                        &state.pool,
                        &token,
                        time::OffsetDateTime::now_utc(),
                    )
                    .await?
                    .ok_or(Error::Unauthorized)?;
                    if !console_header {
                        return Err(Error::ConsoleHeaderMissing);
                    }
                    session.key
                }
                (None, None) => return Err(Error::Unauthorized),
            };
            api_keys::touch(&state.pool, &key.id).await?;
            if !key.allows(scope) {
                return Err(Error::InsufficientScope {
                    scope: scope.as_str(),
                });
            }
            Ok(Admin(key))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_group_needs_its_scope() {
        assert_eq!(
            required_scope(&Method::GET, "/api/v1/leads/{id}"),
            Scope::LeadsRead
        );
        assert_eq!(
            required_scope(&Method::GET, "/api/v1/leads.csv"),
            Scope::LeadsRead
        );
        assert_eq!(
            required_scope(&Method::DELETE, "/api/v1/leads"),
            Scope::LeadsErase
        );
        assert_eq!(
            required_scope(&Method::POST, "/api/v1/widget-keys/{key}/webhook-secret"),
            Scope::WidgetKeysWrite
        );
        assert_eq!(
            required_scope(&Method::POST, "/api/v1/certificates/import"),
            Scope::RegistryWrite
        );
        assert_eq!(
            required_scope(&Method::POST, "/api/v1/api-keys"),
            Scope::Admin
        );
    }
}

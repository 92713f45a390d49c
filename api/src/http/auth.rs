//! Admin authentication: the [`Admin`] extractor accepts a request only with
//! `Authorization: Bearer <key>` naming an active admin API key (see
//! [`crate::store::api_keys`]). Missing, wrong or revoked → 401 problem.
//!
//! Any admin handler (the certificate registry's too) takes `_admin: Admin` as an argument.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use super::AppState;
use crate::error::Error;
use crate::store::api_keys;

/// Proof that the request carries an active admin API key.
#[derive(Debug, Clone, Copy)]
pub struct Admin;

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
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let (Some(secret), Some(state)) = (secret, state) else {
                return Err(Error::Unauthorized);
            };
            if secret.is_empty() {
                return Err(Error::Unauthorized);
            }
            if api_keys::is_active_hash_of(&state.pool, &secret).await? {
                Ok(Admin)
            } else {
                Err(Error::Unauthorized)
            }
        })
    }
}

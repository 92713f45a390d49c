//! Console sign-in sessions: an admin API key exchanged for an opaque token that the browser
//! keeps in an `HttpOnly` cookie (`http::session`). Only the token's SHA-256 is stored, so a
//! copy of the database cannot be used to sign in. A session acts with its API key's scopes and
//! ends at [`ABSOLUTE_LIFETIME`], after [`IDLE_TIMEOUT`] without use, at sign-out, or as soon as
//! its key is revoked or expires.

use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::on_pool;
use crate::store::api_keys::ApiKey;
use crate::store::{Columns, Pool, Result, StoreError, random_hex, timestamp};

/// A session ends this long after sign-in, however much it is used.
pub const ABSOLUTE_LIFETIME: Duration = Duration::hours(12);
/// A session ends after this long without a request.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);

/// A new session: the token for the cookie (shown once, never stored) and when it ends at the
/// latest.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The cookie value: 32 random bytes in hex.
    pub token: String,
    /// The absolute expiry (stored timestamp).
    pub expires_at: String,
}

/// A live session and the key it acts for.
#[derive(Debug, Clone)]
pub struct Session {
    /// The API key signed in with (its scopes apply).
    pub key: ApiKey,
    /// The absolute expiry (stored timestamp).
    pub expires_at: String,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session for the API key `key_id`, `now` being the time of sign-in.
pub async fn create(pool: &Pool, key_id: &str, now: OffsetDateTime) -> Result<NewSession> {
    let token = random_hex(32).map_err(StoreError::internal)?;
    let expires_at = timestamp(now + ABSOLUTE_LIFETIME);
    on_pool!(pool, pool => sqlx::query(
        "INSERT INTO console_sessions \
         (token_hash, api_key_id, created_at, last_seen_at, idle_expires_at, expires_at) \
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(token_hash(&token))
    .bind(key_id)
    .bind(timestamp(now))
    .bind(timestamp(now + IDLE_TIMEOUT))
    .bind(&expires_at)
    .execute(pool)
    .await
    .map(drop))?;
    Ok(NewSession { token, expires_at })
}

/// The live session whose cookie holds `token` at time `now`, if any, with its API key (which
/// must still be active). A use pushes the idle expiry forward (at most one write per session
/// and minute).
pub async fn find(pool: &Pool, token: &str, now: OffsetDateTime) -> Result<Option<Session>> {
    let hash = token_hash(token);
    let at = timestamp(now);
    let found = on_pool!(pool, pool => {
        let row = sqlx::query(
            "SELECT k.id, k.name, k.created_at, k.revoked_at, k.scopes, k.expires_at, \
             k.last_used_at, s.expires_at AS session_expires_at \
             FROM console_sessions s JOIN api_keys k ON k.id = s.api_key_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.idle_expires_at > $2 \
             AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > $2)",
        )
        .bind(&hash)
        .bind(&at)
        .fetch_optional(pool)
        .await?;
        match row {
            Some(row) => Some(Session {
                key: crate::store::api_keys::from_row(&row)?,
                expires_at: row.text("session_expires_at")?,
            }),
            None => None,
        }
    });
    if found.is_some() {
        let minute_ago = timestamp(now - Duration::minutes(1));
        on_pool!(pool, pool => sqlx::query(
            "UPDATE console_sessions SET last_seen_at = $1, idle_expires_at = $2 \
             WHERE token_hash = $3 AND last_seen_at < $4",
        )
        .bind(&at)
        .bind(timestamp(now + IDLE_TIMEOUT))
        .bind(&hash)
        .bind(&minute_ago)
        .execute(pool)
        .await
        .map(drop))?;
    }
    Ok(found)
}

/// Ends the session whose cookie holds `token` (sign-out); `false` when there was none.
pub async fn delete(pool: &Pool, token: &str) -> Result<bool> {
    let deleted = on_pool!(pool, pool => sqlx::query(
        "DELETE FROM console_sessions WHERE token_hash = $1",
    )
    .bind(token_hash(token))
    .execute(pool)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(deleted == 1)
}

/// Removes sessions that ended before `now` (run with the retention sweep); returns how many.
pub async fn purge_ended(pool: &Pool, now: OffsetDateTime) -> Result<u64> {
    let at = timestamp(now);
    Ok(on_pool!(pool, pool => sqlx::query(
        "DELETE FROM console_sessions WHERE expires_at <= $1 OR idle_expires_at <= $1",
    )
    .bind(&at)
    .execute(pool)
    .await
    .map(|done| done.rows_affected()))?)
}

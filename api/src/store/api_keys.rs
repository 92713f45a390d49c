//! Admin API keys: generated here, shown once, stored only as SHA-256 hashes.
//!
//! A key is `annexa_` followed by 32 random bytes in hex (256 bits): unguessable, so a fast
//! unsalted hash is enough. Verification compares the hash with every active key's hash in
//! constant time (`subtle`), so neither timing nor early exit reveals how close a guess was.

use serde::Serialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

use crate::db::Pool;
use crate::on_pool;
use crate::store::{now, random_hex};

/// A stored key, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema, sqlx::FromRow)]
pub struct ApiKey {
    /// Public id (`key_…`), used to revoke.
    pub id: String,
    /// What the key is for.
    pub name: String,
    /// When it was created (UTC).
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// A freshly created key: the only time its secret is visible.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedApiKey {
    /// The stored record.
    #[serde(flatten)]
    pub key: ApiKey,
    /// The secret to send as `Authorization: Bearer <secret>`. Shown once; only its hash is kept.
    pub secret: String,
}

fn hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Creates a key named `name` with a random secret.
pub async fn create(pool: &Pool, name: &str) -> crate::error::Result<CreatedApiKey> {
    let secret = format!(
        "annexa_{}",
        random_hex(32).map_err(crate::error::Error::internal)?
    );
    let key = insert(pool, name, &secret).await?;
    Ok(CreatedApiKey { key, secret })
}

/// Stores the hash of `secret` under `name` (used for a key given by `ANNEXA_ADMIN_KEY`).
pub async fn insert(pool: &Pool, name: &str, secret: &str) -> crate::error::Result<ApiKey> {
    let id = format!(
        "key_{}",
        random_hex(8).map_err(crate::error::Error::internal)?
    );
    let created_at = now();
    // Several instances may register the same `ANNEXA_ADMIN_KEY` at once: the first one wins.
    on_pool!(pool, pool => sqlx::query(
        "INSERT INTO api_keys (id, name, key_hash, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key_hash) DO NOTHING",
    )
    .bind(&id)
    .bind(name)
    .bind(hex::encode(hash(secret)))
    .bind(&created_at)
    .execute(pool)
    .await
    .map(drop))?;
    Ok(ApiKey {
        id,
        name: name.to_owned(),
        created_at,
        revoked_at: None,
    })
}

/// Every key, newest first.
pub async fn list(pool: &Pool) -> crate::error::Result<Vec<ApiKey>> {
    Ok(on_pool!(pool, pool => sqlx::query_as::<_, ApiKey>(
        "SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY created_at DESC, id",
    )
    .fetch_all(pool)
    .await)?)
}

/// Revokes key `id`; `false` when there is no such active key.
pub async fn revoke(pool: &Pool, id: &str) -> crate::error::Result<bool> {
    let revoked = on_pool!(pool, pool => sqlx::query(
        "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(id)
    .execute(pool)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(revoked == 1)
}

/// Whether any key is active.
pub async fn any_active(pool: &Pool) -> crate::error::Result<bool> {
    let count: i64 = on_pool!(pool, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL",
    )
    .fetch_one(pool)
    .await)?;
    Ok(count > 0)
}

/// Whether an active key has the hash of `secret`.
pub async fn is_active_hash_of(pool: &Pool, secret: &str) -> crate::error::Result<bool> {
    let hashes: Vec<String> = on_pool!(pool, pool => sqlx::query_scalar(
        "SELECT key_hash FROM api_keys WHERE revoked_at IS NULL",
    )
    .fetch_all(pool)
    .await)?;
    let presented = hash(secret);
    let mut found = subtle::Choice::from(0);
    for stored in hashes {
        let mut bytes = [0u8; 32];
        if hex::decode_to_slice(stored.as_bytes(), &mut bytes).is_ok() {
            found |= bytes.ct_eq(&presented);
        }
    }
    Ok(bool::from(found))
}

/// The id and name of the key whose secret is `secret` (revoked or not), for history entries.
pub async fn name_of(pool: &Pool, secret: &str) -> crate::error::Result<Option<(String, String)>> {
    Ok(on_pool!(pool, pool => sqlx::query_as(
        "SELECT id, name FROM api_keys WHERE key_hash = $1",
    )
    .bind(hex::encode(hash(secret)))
    .fetch_optional(pool)
    .await)?)
}

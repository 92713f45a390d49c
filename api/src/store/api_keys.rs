//! Admin API keys: generated here, shown once, stored only as SHA-256 hashes. Each key has
//! scopes (what it may do, see [`Scope`]), an optional expiry, and records when it was last
//! used.
//!
//! A key is `annexa_` followed by 32 random bytes in hex (256 bits): unguessable, so a fast
//! unsalted hash is enough. Verification compares the hash with every active key's hash in
//! constant time (`subtle`), so neither timing nor early exit reveals how close a guess was.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

use crate::on_pool;
use crate::store::{Columns, Pool};
use crate::store::{Result, StoreError, now, random_hex};

/// What a key may do. `admin` may do everything; the others each open one group of routes
/// (see `http::auth` for the route of each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Scope {
    /// Everything, including managing API keys.
    #[serde(rename = "admin")]
    Admin,
    /// Read leads: list, detail, CSV export, subject access by e-mail.
    #[serde(rename = "leads:read")]
    LeadsRead,
    /// Erase leads, one by one or every lead of an e-mail address.
    #[serde(rename = "leads:erase")]
    LeadsErase,
    /// Follow leads up: change a lead's sales status and add notes.
    #[serde(rename = "leads:write")]
    LeadsWrite,
    /// Create, list, delete widget keys and rotate their webhook secrets.
    #[serde(rename = "widget-keys:write")]
    WidgetKeysWrite,
    /// Import and change certificates in the registry.
    #[serde(rename = "registry:write")]
    RegistryWrite,
}

impl Scope {
    /// Every scope.
    pub const ALL: [Scope; 6] = [
        Scope::Admin,
        Scope::LeadsRead,
        Scope::LeadsErase,
        Scope::LeadsWrite,
        Scope::WidgetKeysWrite,
        Scope::RegistryWrite,
    ];

    /// The scope's name (`leads:read`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Admin => "admin",
            Scope::LeadsRead => "leads:read",
            Scope::LeadsErase => "leads:erase",
            Scope::LeadsWrite => "leads:write",
            Scope::WidgetKeysWrite => "widget-keys:write",
            Scope::RegistryWrite => "registry:write",
        }
    }

    /// The scope named `name`.
    pub fn parse(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.as_str() == name.trim())
    }
}

/// A stored key, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ApiKey {
    /// Public id (`key_…`), used to revoke.
    pub id: String,
    /// What the key is for.
    pub name: String,
    /// When it was created (UTC).
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
    /// What it may do.
    pub scopes: Vec<Scope>,
    /// When it stops working, if ever (UTC).
    pub expires_at: Option<String>,
    /// When it was last accepted (UTC, to the minute), if ever.
    pub last_used_at: Option<String>,
}

impl ApiKey {
    /// Whether the key may act in `scope`.
    pub fn allows(&self, scope: Scope) -> bool {
        self.scopes.contains(&Scope::Admin) || self.scopes.contains(&scope)
    }
}

fn scopes_text(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn scopes_of(text: &str) -> Vec<Scope> {
    text.split_whitespace().filter_map(Scope::parse).collect()
}

/// A key read from a row holding its columns (`id`, `name`, `created_at`, `revoked_at`, `scopes`,
/// `expires_at`, `last_used_at`).
pub(crate) fn from_row(row: &impl Columns) -> Result<ApiKey, sqlx::Error> {
    Ok(ApiKey {
        id: row.text("id")?,
        name: row.text("name")?,
        created_at: row.text("created_at")?,
        revoked_at: row.opt_text("revoked_at")?,
        scopes: scopes_of(&row.text("scopes")?),
        expires_at: row.opt_text("expires_at")?,
        last_used_at: row.opt_text("last_used_at")?,
    })
}

const COLUMNS: &str = "id, name, created_at, revoked_at, scopes, expires_at, last_used_at";

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

/// Creates a key named `name` with a random secret and every right.
pub async fn create(pool: &Pool, name: &str) -> Result<CreatedApiKey> {
    create_scoped(pool, name, &[Scope::Admin], None).await
}

/// Creates a key named `name` with `scopes`, expiring at `expires_at` (a stored timestamp).
pub async fn create_scoped(
    pool: &Pool,
    name: &str,
    scopes: &[Scope],
    expires_at: Option<String>,
) -> Result<CreatedApiKey> {
    let secret = format!("annexa_{}", random_hex(32).map_err(StoreError::internal)?);
    let key = store(pool, name, &secret, scopes, expires_at, false).await?;
    Ok(CreatedApiKey { key, secret })
}

/// Stores the hash of `secret` under `name` with every right.
pub async fn insert(pool: &Pool, name: &str, secret: &str) -> Result<ApiKey> {
    store(pool, name, secret, &[Scope::Admin], None, false).await
}

/// Registers the key given by `ANNEXA_ADMIN_KEY` and revokes every earlier key given that way
/// with another value: changing the variable replaces the key. Returns `true` when the key was
/// new.
pub async fn register_bootstrap(pool: &Pool, secret: &str) -> Result<bool> {
    let hash = hex::encode(hash(secret));
    let revoked = on_pool!(pool, pool => sqlx::query(
        "UPDATE api_keys SET revoked_at = $1 WHERE bootstrap = TRUE AND revoked_at IS NULL \
         AND key_hash <> $2",
    )
    .bind(now())
    .bind(&hash)
    .execute(pool)
    .await
    .map(|done| done.rows_affected()))?;
    if revoked > 0 {
        tracing::warn!(
            revoked,
            "the previous ANNEXA_ADMIN_KEY was revoked: the variable changed"
        );
    }
    if is_active_hash_of(pool, secret).await? {
        return Ok(false);
    }
    store(
        pool,
        "ANNEXA_ADMIN_KEY",
        secret,
        &[Scope::Admin],
        None,
        true,
    )
    .await?;
    Ok(true)
}

async fn store(
    pool: &Pool,
    name: &str,
    secret: &str,
    scopes: &[Scope],
    expires_at: Option<String>,
    bootstrap: bool,
) -> Result<ApiKey> {
    let id = format!("key_{}", random_hex(8).map_err(StoreError::internal)?);
    let created_at = now();
    // Several instances may register the same `ANNEXA_ADMIN_KEY` at once: the first one wins.
    on_pool!(pool, pool => sqlx::query(
        "INSERT INTO api_keys (id, name, key_hash, created_at, scopes, expires_at, bootstrap) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key_hash) DO NOTHING",
    )
    .bind(&id)
    .bind(name)
    .bind(hex::encode(hash(secret)))
    .bind(&created_at)
    .bind(scopes_text(scopes))
    .bind(&expires_at)
    .bind(bootstrap)
    .execute(pool)
    .await
    .map(drop))?;
    Ok(ApiKey {
        id,
        name: name.to_owned(),
        created_at,
        revoked_at: None,
        scopes: scopes.to_vec(),
        expires_at,
        last_used_at: None,
    })
}

/// Every key, newest first.
pub async fn list(pool: &Pool) -> Result<Vec<ApiKey>> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys ORDER BY created_at DESC, id");
    on_pool!(pool, pool => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await?;
        Ok(rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?)
    })
}

/// The active (not revoked, not expired) key whose secret is `secret`, if any. Every active
/// hash is compared in constant time.
pub async fn authenticate(pool: &Pool, secret: &str) -> Result<Option<ApiKey>> {
    let sql = format!(
        "SELECT {COLUMNS}, key_hash FROM api_keys WHERE revoked_at IS NULL \
         AND (expires_at IS NULL OR expires_at > $1)"
    );
    let rows: Vec<(ApiKey, String)> = on_pool!(pool, pool => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now()).fetch_all(pool).await?;
        rows.iter()
            .map(|row| Ok((from_row(row)?, row.text("key_hash")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?
    });
    let presented = hash(secret);
    let mut found = None;
    for (key, stored) in rows {
        let mut bytes = [0u8; 32];
        if hex::decode_to_slice(stored.as_bytes(), &mut bytes).is_ok()
            && bool::from(bytes.ct_eq(&presented))
        {
            found = Some(key);
        }
    }
    Ok(found)
}

/// Records that key `id` was used now (at most one write per key and minute).
pub async fn touch(pool: &Pool, id: &str) -> Result<()> {
    let now = now();
    let minute_ago =
        crate::store::timestamp(time::OffsetDateTime::now_utc() - time::Duration::minutes(1));
    on_pool!(pool, pool => sqlx::query(
        "UPDATE api_keys SET last_used_at = $1 WHERE id = $2 \
         AND (last_used_at IS NULL OR last_used_at < $3)",
    )
    .bind(&now)
    .bind(id)
    .bind(&minute_ago)
    .execute(pool)
    .await
    .map(drop))?;
    Ok(())
}

/// Revokes key `id`; `false` when there is no such active key.
pub async fn revoke(pool: &Pool, id: &str) -> Result<bool> {
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
pub async fn any_active(pool: &Pool) -> Result<bool> {
    let count: i64 = on_pool!(pool, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL",
    )
    .fetch_one(pool)
    .await)?;
    Ok(count > 0)
}

/// Whether an active key has the hash of `secret`.
pub async fn is_active_hash_of(pool: &Pool, secret: &str) -> Result<bool> {
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
pub async fn name_of(pool: &Pool, secret: &str) -> Result<Option<(String, String)>> {
    Ok(on_pool!(pool, pool => sqlx::query_as(
        "SELECT id, name FROM api_keys WHERE key_hash = $1",
    )
    .bind(hex::encode(hash(secret)))
    .fetch_optional(pool)
    .await)?)
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
    Ok(super::timestamp(at))
}

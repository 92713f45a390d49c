-- Console sign-in sessions: an admin API key exchanged once (POST /api/v1/session) for an opaque
-- cookie. Only the SHA-256 of the cookie's token is stored. A session ends at its absolute
-- expiry, after an idle period (idle_expires_at moves forward as it is used), at sign-out, or
-- when its API key is revoked or expires (checked on every use). Kept in the database so that
-- every instance behind a load balancer accepts it.
CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY,
    api_key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    idle_expires_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX console_sessions_by_expiry ON console_sessions (expires_at);

-- Issue 14 (hold up against abuse).

-- Admin keys: what each key may do (space-separated scopes; existing keys keep full rights),
-- an optional expiry, when it was last used, and whether it is the key given by
-- ANNEXA_ADMIN_KEY (replaced, and the old one revoked, when that variable changes).
ALTER TABLE api_keys ADD COLUMN scopes TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE api_keys ADD COLUMN expires_at TEXT;
ALTER TABLE api_keys ADD COLUMN last_used_at TEXT;
ALTER TABLE api_keys ADD COLUMN bootstrap BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE api_keys SET bootstrap = TRUE WHERE name = 'ANNEXA_ADMIN_KEY';

-- Webhook secret rotation: the previous secret still signs deliveries until the overlap ends.
ALTER TABLE widget_keys ADD COLUMN webhook_previous_secret TEXT;
ALTER TABLE widget_keys ADD COLUMN webhook_previous_secret_until TEXT;

-- Erasures by e-mail address, recorded for accountability without the address itself.
CREATE TABLE erasures (
    id TEXT PRIMARY KEY,
    erased_at TEXT NOT NULL,
    leads_erased INTEGER NOT NULL,
    deliveries_cancelled INTEGER NOT NULL,
    requested_by TEXT NOT NULL
);

-- Subject access, erasure and de-duplication look leads up by address, case-insensitively.
CREATE INDEX leads_by_email ON leads (LOWER(contact_email), created_at);

-- Admin API keys: only the SHA-256 of each key is stored.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Widget keys are public identifiers embedded in the site owner's page.
CREATE TABLE widget_keys (
    key TEXT PRIMARY KEY,
    owner_name TEXT NOT NULL,
    lead_capture BOOLEAN NOT NULL,
    consent_text TEXT NOT NULL,
    webhook_url TEXT,
    webhook_secret TEXT,
    created_at TEXT NOT NULL
);

-- The browser origins allowed to use a widget key (CORS allow-list).
CREATE TABLE widget_key_origins (
    widget_key TEXT NOT NULL REFERENCES widget_keys (key) ON DELETE CASCADE,
    origin TEXT NOT NULL,
    PRIMARY KEY (widget_key, origin)
);
CREATE INDEX widget_key_origins_by_origin ON widget_key_origins (origin);

-- Leads keep their widget key as plain text: deleting a widget key does not erase its leads.
CREATE TABLE leads (
    id TEXT PRIMARY KEY,
    widget_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_company TEXT NOT NULL,
    consent_text TEXT NOT NULL,
    consent_agreed_at TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    mode TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    report_json TEXT NOT NULL,
    overall DOUBLE PRECISION NOT NULL,
    tier TEXT NOT NULL,
    qualification_json TEXT NOT NULL
);
CREATE INDEX leads_by_created_at ON leads (created_at);
CREATE INDEX leads_by_tier ON leads (tier, created_at);
CREATE INDEX leads_by_widget_key ON leads (widget_key, created_at);

-- Pending webhook deliveries; a delivered, abandoned or erased lead leaves no row here.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);

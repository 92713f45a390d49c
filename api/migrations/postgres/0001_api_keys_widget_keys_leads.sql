-- PostgreSQL twin of api/migrations/sqlite/0001_api_keys_widget_keys_leads.sql: same tables,
-- columns and meaning. Timestamps stay fixed-width UTC text (`2026-11-29T18:31:11.123Z`) so
-- both stores sort, filter and return them identically; every column that is
-- ordered or compared by range uses the "C" collation, which orders like SQLite (by code point).

-- Admin API keys: only the SHA-256 of each key is stored.
CREATE TABLE api_keys (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT COLLATE "C" NOT NULL,
    revoked_at TEXT
);

-- Widget keys are public identifiers embedded in the site owner's page.
CREATE TABLE widget_keys (
    key TEXT COLLATE "C" PRIMARY KEY,
    owner_name TEXT NOT NULL,
    lead_capture BOOLEAN NOT NULL,
    consent_text TEXT NOT NULL,
    webhook_url TEXT,
    webhook_secret TEXT,
    created_at TEXT COLLATE "C" NOT NULL
);

-- The browser origins allowed to use a widget key (CORS allow-list).
CREATE TABLE widget_key_origins (
    widget_key TEXT NOT NULL REFERENCES widget_keys (key) ON DELETE CASCADE,
    origin TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (widget_key, origin)
);
CREATE INDEX widget_key_origins_by_origin ON widget_key_origins (origin);

-- Leads keep their widget key as plain text: deleting a widget key does not erase its leads.
CREATE TABLE leads (
    id TEXT COLLATE "C" PRIMARY KEY,
    widget_key TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
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

-- The webhook outbox. Each instance claims due rows with FOR UPDATE SKIP LOCKED inside a
-- transaction that lives as long as the delivery attempt: a second instance skips a row being
-- delivered, and if the delivering instance dies its transaction ends and the row is due again.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT COLLATE "C" NOT NULL,
    last_error TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);

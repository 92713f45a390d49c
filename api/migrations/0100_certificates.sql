-- The certificate registry (api/src/registry). Migrations 0100+ belong to the registry.
--
-- One row per certificate, keyed by certification body + certificate number (both normalised:
-- case, spaces and punctuation of the number do not make a second certificate). `record` holds
-- the full record as JSON, exactly as imported; the other columns are what lookups and search
-- need, kept in sync by the store in the same transaction.
CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    body_key TEXT NOT NULL,
    number_key TEXT NOT NULL,
    name_key TEXT NOT NULL,
    country TEXT NOT NULL,
    status TEXT NOT NULL,
    expiry_date TEXT NOT NULL,
    record TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (body_key, number_key)
);
CREATE INDEX certificates_by_number ON certificates (number_key);
-- Name search: prefix ranges over the normalised name (legal forms, case, punctuation removed).
CREATE INDEX certificates_by_name ON certificates (name_key, country);

-- Exact lookups by VAT, DUNS or registration number (normalised: upper case, no spaces, dots or
-- dashes).
CREATE TABLE certificate_identifiers (
    kind TEXT NOT NULL,
    value_key TEXT NOT NULL,
    certificate_id INTEGER NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
    PRIMARY KEY (value_key, kind, certificate_id)
) WITHOUT ROWID;
CREATE INDEX certificate_identifiers_by_certificate ON certificate_identifiers (certificate_id);

-- Full-text search over entity names and scope texts (certificate and site scopes). Contentless:
-- the text lives in certificates.record, the index only maps words to certificate ids.
CREATE VIRTUAL TABLE certificates_fts USING fts5 (
    name,
    scope,
    content = '',
    contentless_delete = 1,
    detail = column,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Append-only history: who changed which certificate when, and what changed. Triggers refuse
-- updates and deletes, so the history cannot be rewritten through SQL either.
CREATE TABLE certificate_history (
    id INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL,
    changed_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    source TEXT,
    action TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX certificate_history_by_certificate ON certificate_history (certificate_id, id);

CREATE TRIGGER certificate_history_no_update BEFORE UPDATE ON certificate_history
BEGIN
    SELECT RAISE(ABORT, 'certificate history is append-only');
END;

CREATE TRIGGER certificate_history_no_delete BEFORE DELETE ON certificate_history
BEGIN
    SELECT RAISE(ABORT, 'certificate history is append-only');
END;

-- The certificate registry (api/src/registry). Migrations 0100+ belong to the registry.
--
-- One row per certificate, keyed by certificate number + certification body (both normalised:
-- case, spaces and punctuation of the number do not make a second certificate; the body is kept
-- as a 64-bit hash of its normalised name to keep the key small at millions of rows). `record`
-- holds the full record as JSON; the other columns are what lookups and search need, kept in
-- sync by the store in the same transaction. Times are Unix seconds (UTC).
CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    number_key TEXT NOT NULL,
    body_hash INTEGER NOT NULL,
    name_key TEXT NOT NULL,
    country TEXT NOT NULL,
    status TEXT NOT NULL,
    expiry_date TEXT NOT NULL,
    record TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- The upsert key; also serves lookups by number alone (its first column).
CREATE UNIQUE INDEX certificates_by_number ON certificates (number_key, body_hash);
-- Name search: prefix ranges over the normalised name (legal forms, case, punctuation removed).
CREATE INDEX certificates_by_name ON certificates (name_key, country);

-- Exact lookups by VAT, DUNS or registration number (normalised: upper case, no spaces, dots or
-- dashes). On update the store deletes the old record's identifiers by this primary key.
CREATE TABLE certificate_identifiers (
    value_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    certificate_id INTEGER NOT NULL,
    PRIMARY KEY (value_key, kind, certificate_id)
) WITHOUT ROWID;

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
    changed_at INTEGER NOT NULL,
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

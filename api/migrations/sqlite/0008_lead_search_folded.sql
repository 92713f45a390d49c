-- The leads inbox's search and sorts (issues 16 and 17).
--
-- Search: "a part of the name, e-mail or company, in any letter case" was `LOWER(x) LIKE …`,
-- and SQLite's LOWER folds ASCII letters only, so "müller" did not find "Müller" (PostgreSQL's
-- depends on the database's locale). Each field is now also stored folded by the server
-- (Rust's Unicode lower case; `api/src/store/leads.rs`, `folded`), the same on both databases,
-- and the search compares folded with folded. Rows stored before this migration are folded
-- when the server next opens the database (`fold_stored_contacts`).
--
-- Speed: a search of three characters or more asks a trigram index (FTS5, contentless: it keeps
-- no copy of the text, and an erased lead's entries go with it) instead of reading every
-- lead; shorter ones read the narrow covering index below.
ALTER TABLE leads ADD COLUMN name_folded TEXT;
ALTER TABLE leads ADD COLUMN email_folded TEXT;
ALTER TABLE leads ADD COLUMN company_folded TEXT;

-- The trigram index is keyed by integers; a lead's rowid is not stable (VACUUM may renumber a
-- table without an INTEGER PRIMARY KEY), so each indexed lead gets a row number of its own.
CREATE TABLE lead_search_rows (
    row INTEGER PRIMARY KEY,
    lead_id TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE lead_contact_text USING fts5 (
    name,
    email,
    company,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram case_sensitive 1'
);

CREATE TRIGGER leads_search_insert AFTER INSERT ON leads WHEN new.name_folded IS NOT NULL
BEGIN
    INSERT INTO lead_search_rows (lead_id) VALUES (new.id);
    INSERT INTO lead_contact_text (rowid, name, email, company)
    VALUES ((SELECT row FROM lead_search_rows WHERE lead_id = new.id),
            new.name_folded, new.email_folded, new.company_folded);
END;

CREATE TRIGGER leads_search_delete AFTER DELETE ON leads
BEGIN
    DELETE FROM lead_contact_text
    WHERE rowid = (SELECT row FROM lead_search_rows WHERE lead_id = old.id);
    DELETE FROM lead_search_rows WHERE lead_id = old.id;
END;

CREATE TRIGGER leads_search_update
AFTER UPDATE OF name_folded, email_folded, company_folded ON leads
BEGIN
    DELETE FROM lead_contact_text
    WHERE rowid = (SELECT row FROM lead_search_rows WHERE lead_id = old.id);
    DELETE FROM lead_search_rows WHERE lead_id = old.id;
    INSERT INTO lead_search_rows (lead_id) SELECT new.id WHERE new.name_folded IS NOT NULL;
    INSERT INTO lead_contact_text (rowid, name, email, company)
    SELECT row, new.name_folded, new.email_folded, new.company_folded
    FROM lead_search_rows WHERE lead_id = new.id;
END;

-- A search too short for trigrams reads only these columns.
DROP INDEX leads_search;
CREATE INDEX leads_search ON leads (created_at, id, name_folded, email_folded, company_folded);

-- Sorts by company, tier or score break ties newest first: an index per direction, in the
-- tie-break's order, lets the database read a page instead of sorting every lead.
DROP INDEX leads_by_company;
DROP INDEX leads_by_overall;
DROP INDEX leads_by_tier;
-- `leads_by_received (created_at, id)` covers what this one did.
DROP INDEX leads_by_created_at;
CREATE INDEX leads_by_company_asc ON leads (company_folded ASC, created_at DESC, id DESC);
CREATE INDEX leads_by_company_desc ON leads (company_folded DESC, created_at DESC, id DESC);
CREATE INDEX leads_by_tier_asc ON leads (tier ASC, created_at DESC, id DESC);
CREATE INDEX leads_by_tier_desc ON leads (tier DESC, created_at DESC, id DESC);
CREATE INDEX leads_by_overall_asc ON leads (overall ASC, created_at DESC, id DESC);
CREATE INDEX leads_by_overall_desc ON leads (overall DESC, created_at DESC, id DESC);

-- The leads inbox's search and sorts (issues 16 and 17); see the SQLite migration of the same
-- number for the why. Each contact field is also stored folded by the server (Rust's Unicode
-- lower case), so the search means the same on both databases whatever this one's locale;
-- rows stored before are folded when the server next opens the database. PostgreSQL reads the
-- narrow covering index for a search (no trigram index: `pg_trgm` is an extension not every
-- installation has).
ALTER TABLE leads ADD COLUMN name_folded TEXT;
ALTER TABLE leads ADD COLUMN email_folded TEXT;
ALTER TABLE leads ADD COLUMN company_folded TEXT;

DROP INDEX leads_search;
CREATE INDEX leads_search ON leads (created_at, id, name_folded, email_folded, company_folded);

-- An index per sort direction, in the tie-break's order (newest first, then the id).
DROP INDEX leads_by_company;
DROP INDEX leads_by_overall;
DROP INDEX leads_by_tier;
DROP INDEX leads_by_created_at;
CREATE INDEX leads_by_company_asc ON leads (company_folded ASC, created_at DESC, id DESC);
CREATE INDEX leads_by_company_desc ON leads (company_folded DESC, created_at DESC, id DESC);
CREATE INDEX leads_by_tier_asc ON leads (tier ASC, created_at DESC, id DESC);
CREATE INDEX leads_by_tier_desc ON leads (tier DESC, created_at DESC, id DESC);
CREATE INDEX leads_by_overall_asc ON leads (overall ASC, created_at DESC, id DESC);
CREATE INDEX leads_by_overall_desc ON leads (overall DESC, created_at DESC, id DESC);

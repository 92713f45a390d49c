-- The sales team's follow-up of a lead (issue 16): its readiness band (copied out of the report
-- so the inbox can filter by it), its sales status, and every status change and note with who
-- made it and when. Erasing a lead erases its follow-up too (the store deletes it explicitly;
-- the foreign key cascades as a second guard).
ALTER TABLE leads ADD COLUMN band TEXT NOT NULL DEFAULT 'not_ready';
ALTER TABLE leads ADD COLUMN sales_status TEXT NOT NULL DEFAULT 'new';
UPDATE leads SET band = COALESCE(report_json::jsonb ->> 'band', 'not_ready');

CREATE TABLE lead_activity (
    id TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    -- The entry's place in the lead's history (1, 2, …): changes made within one millisecond
    -- keep their order.
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    -- The name of the API key used, directly or through a console session.
    by_label TEXT NOT NULL,
    -- A status change has status (and previous_status); a note has note.
    status TEXT,
    previous_status TEXT,
    note TEXT
);
CREATE INDEX lead_activity_by_lead ON lead_activity (lead_id, seq);

-- The inbox's first page at 100,000 leads (docs/BENCHMARKS.md): newest first with the id as
-- tie-break, and the filters and sorts it offers.
CREATE INDEX leads_by_received ON leads (created_at, id);
CREATE INDEX leads_by_status ON leads (sales_status, created_at);
CREATE INDEX leads_by_band ON leads (band, tier, created_at);
-- The search (q) reads only these columns: scanning this narrow index instead of the table's
-- wide rows (each holds the answers and the report) is what keeps it fast.
CREATE INDEX leads_search ON leads (created_at, id, contact_name, contact_email, contact_company);
CREATE INDEX leads_by_overall ON leads (overall, created_at);
CREATE INDEX leads_by_company ON leads (LOWER(contact_company), created_at);

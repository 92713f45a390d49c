-- Each import's source stored once. A history entry kept the text of its source, such as
-- `/srv/imports/registry-2026-12.jsonl, line 12`: at 1,000,000 imported records the file path
-- cost 1 MB per character of the path, and the database's size depended on where the import
-- file lay. New entries point to the source's name in `certificate_sources` (one row per import
-- file, `api import`, `demo`, …) and keep their line in `source_line` (NULL for a source without
-- lines); their `source` is NULL. Entries written before keep their `source` text: the history
-- is append-only, so they are not rewritten. The store reads `source` as before: `<name>, line
-- <n>`, `<name>`, or the old text (api/src/store/certificates/sources.rs).
--
-- A source's name is part of the history of every entry pointing to it: like the history,
-- triggers refuse to change or delete it.
CREATE TABLE certificate_sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TRIGGER certificate_sources_no_update BEFORE UPDATE ON certificate_sources
BEGIN
    SELECT RAISE(ABORT, 'certificate history is append-only');
END;

CREATE TRIGGER certificate_sources_no_delete BEFORE DELETE ON certificate_sources
BEGIN
    SELECT RAISE(ABORT, 'certificate history is append-only');
END;

-- Adding columns rewrites no row (they read NULL in the entries written before) and fires no
-- trigger. No index on `source_id`: nothing looks entries up by their source.
ALTER TABLE certificate_history ADD COLUMN source_id INTEGER REFERENCES certificate_sources (id);
ALTER TABLE certificate_history ADD COLUMN source_line INTEGER;

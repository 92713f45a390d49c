-- Scope text search at 1,000,000 records (issue 17). A word prefix ("softw") made FTS5 merge the
-- word lists of every indexed word starting with it before returning a first match (24 ms at
-- 1,000,000 records for a frequent word), whatever the LIMIT. Prefix indexes of 3 to 6
-- characters keep one ready list per prefix, read like a whole word; a longer prefix is asked
-- only when the whole word finds too little (see the store's text search).
--
-- `detail = none`: the index keeps which certificates hold a word, not in which column or at
-- which position. The search never asked for either (its query is words ANDed, each quoted on
-- its own, with no column filter, phrase or NEAR), so results are the same; the index is half
-- the size, which pays for the prefix indexes.
--
-- The table is contentless, so it is filled again from the stored records: the same text the
-- store indexes (entity name; scope, then each site's city and scope, one per line), read from
-- the stored form (`api/src/store/certificates/compact.rs`: [6][0] the entity name, [7] the
-- scope, [8] the sites, each [name, address, city, country, scope]).
DROP TABLE certificates_fts;

CREATE VIRTUAL TABLE certificates_fts USING fts5 (
    name,
    scope,
    content = '',
    contentless_delete = 1,
    detail = none,
    prefix = '3 4 5 6',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO certificates_fts (rowid, name, scope)
SELECT c.id,
       json_extract(c.record, '$[6][0]'),
       json_extract(c.record, '$[7]') || coalesce((
           SELECT group_concat(coalesce(char(10) || json_extract(s.value, '$[2]'), '')
                               || coalesce(char(10) || json_extract(s.value, '$[4]'), ''), '')
           FROM json_each(c.record, '$[8]') AS s), '')
FROM certificates c
ORDER BY c.id;

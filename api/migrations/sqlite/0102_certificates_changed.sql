-- SQLite twin of api/migrations/postgres/0102_certificates_changed.sql (a trigger that tells
-- every instance on a shared PostgreSQL server that the registry changed). Nothing to do here:
-- SQLite's lookups read the file directly and are not kept in memory. The migration exists so
-- both folders keep the same numbers.
SELECT 1;

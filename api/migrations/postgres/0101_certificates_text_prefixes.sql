-- PostgreSQL twin of api/migrations/sqlite/0101_certificates_text_prefixes.sql (prefix indexes
-- for SQLite's full-text index). Nothing to change here: the GIN index over `search` answers a
-- word prefix (`softw:*`) from its ordered list of words, without a separate prefix index. The
-- migration exists so both folders keep the same numbers.
SELECT 1;

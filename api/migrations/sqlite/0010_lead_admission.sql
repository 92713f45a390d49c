-- A lead's de-duplication and daily quota decided with its insert (`store/leads.rs`, `submit`).
-- On PostgreSQL this migration adds the function the storing statement calls. SQLite needs
-- nothing new: there the look and the insert run in one write transaction (`BEGIN IMMEDIATE`),
-- which no other writer can enter in between. The number is kept so that both stores have the
-- same migrations.
SELECT 1;

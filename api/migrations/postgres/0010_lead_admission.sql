-- A lead's de-duplication and daily quota decided with its insert, in one statement
-- (`store/leads.rs`, `submit`). Checked first and inserted after, two submissions arriving
-- together both found no earlier lead and both were stored: a double click gave two leads, and
-- a burst passed the quota.
--
-- The statement that stores a lead calls this function first. It takes a lock per widget key,
-- held until that statement commits, then looks: a function like this one (VOLATILE) reads
-- with a snapshot taken after the lock, so it sees every lead committed by whoever held the
-- lock before. The look is the same query as SQLite's (`ADMISSION` in `store/leads.rs`), which
-- runs inside a write transaction instead.
--
-- Returns the newest lead of the address (lower-cased) through the key since `repeat_since`,
-- if any, and the key's leads since `day_start`. A NULL bound turns its check off; with both
-- off, no lock is taken.
CREATE FUNCTION annexa_lead_admission(
    p_widget_key TEXT,
    p_email TEXT,
    p_repeat_since TEXT,
    p_day_start TEXT
) RETURNS TABLE (repeat_id TEXT, repeat_tier TEXT, today BIGINT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF p_repeat_since IS NOT NULL OR p_day_start IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('annexa lead admission ' || p_widget_key, 0));
    END IF;
    RETURN QUERY
    SELECT earlier.id, earlier.tier,
           (SELECT COUNT(*) FROM leads WHERE widget_key = p_widget_key AND created_at >= p_day_start)
    FROM (SELECT 1) AS one
    LEFT JOIN (SELECT id, tier FROM leads
               WHERE widget_key = p_widget_key AND LOWER(contact_email) = p_email
                 AND created_at >= p_repeat_since
               ORDER BY created_at DESC LIMIT 1) AS earlier ON TRUE;
END
$$;

-- The look of `annexa_lead_admission` (0010) as `ADMISSION` in `store/leads.rs` now asks it:
-- the key's leads of the day are counted only when no repeat was found (a repeat is answered
-- whatever the count; 0 then), and the count reads its bounds through sub-selects.
--
-- The sub-selects keep the values out of the planner's sight, so that the function's statement
-- is planned once per session. With the values in sight, PostgreSQL's plan cache estimated a
-- few leads for the key and day where the generic plan assumes the average key's, found the
-- plan made for the values cheaper, and planned the statement again at every call: on a
-- database with leads of several keys, a call cost the server about 230 µs of CPU, against
-- about 65 µs with the statement planned once (the 13 indexes of `leads` make planning dear).
--
-- The lock and everything else are 0010's.
CREATE OR REPLACE FUNCTION annexa_lead_admission(
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
           CASE WHEN earlier.id IS NULL THEN
               (SELECT COUNT(*) FROM leads
                WHERE widget_key = (SELECT p_widget_key) AND created_at >= (SELECT p_day_start))
           ELSE 0 END
    FROM (SELECT 1) AS one
    LEFT JOIN (SELECT id, tier FROM leads
               WHERE widget_key = p_widget_key AND LOWER(contact_email) = p_email
                 AND created_at >= p_repeat_since
               ORDER BY created_at DESC LIMIT 1) AS earlier ON TRUE;
END
$$;

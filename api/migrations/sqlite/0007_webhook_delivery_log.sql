-- The log of finished webhook deliveries (issue 16): what the console's widget setup page lists
-- beside the queue. A queue row (webhook_deliveries) is deleted once its delivery succeeds or is
-- given up; the same transaction writes its row here, so no delivery is listed twice or lost
-- in between. A test delivery sent from the console is logged too (no lead).
--
-- No payload and no secret: only where it went (the host), how it ended and why. The row names
-- its lead, and erasing the lead (by id, by e-mail, or by the retention period) deletes its rows
-- explicitly; the foreign key cascades as a second guard. Deleting a widget key drops its log.
--
-- Bounded per widget key: the store keeps the newest 50 rows of a key (the page shows 50) and
-- deletes older ones when it writes a row, so the table cannot grow with traffic and does not
-- depend on a retention period being set.
CREATE TABLE webhook_delivery_log (
    id TEXT PRIMARY KEY,
    widget_key TEXT NOT NULL REFERENCES widget_keys (key) ON DELETE CASCADE,
    lead_id TEXT REFERENCES leads (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    url_host TEXT NOT NULL,
    -- 'delivered' or 'gave_up'.
    outcome TEXT NOT NULL,
    status_code INTEGER,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    finished_at TEXT NOT NULL
);
CREATE INDEX webhook_delivery_log_by_key ON webhook_delivery_log (widget_key, finished_at);
CREATE INDEX webhook_delivery_log_by_lead ON webhook_delivery_log (lead_id);

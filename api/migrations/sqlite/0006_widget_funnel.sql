-- The widget funnel: anonymous counts per widget key, day (UTC, YYYY-MM-DD) and step — widget
-- shown, assessment started, report reached, lead sent. The widget sends only the key and the
-- steps; nothing here (or in the request) identifies a visitor, so a row is a plain counter.
CREATE TABLE widget_funnel_days (
    widget_key TEXT NOT NULL REFERENCES widget_keys (key) ON DELETE CASCADE,
    day TEXT NOT NULL,
    step TEXT NOT NULL,
    visits BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (widget_key, day, step)
);
-- A site owner can switch the counting off per key: the widget then sends nothing.
ALTER TABLE widget_keys ADD COLUMN analytics BOOLEAN NOT NULL DEFAULT TRUE;

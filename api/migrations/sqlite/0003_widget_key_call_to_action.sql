-- The report's call to action, chosen per widget key by the site owner: the lead form shown
-- inline in the report summary ('inline') or behind a button that opens it ('button'), the
-- button's or heading's text (NULL: the widget's own wording) and an optional booking link.
-- Existing keys keep the inline form and the default wording.
ALTER TABLE widget_keys ADD COLUMN cta_style TEXT NOT NULL DEFAULT 'inline';
ALTER TABLE widget_keys ADD COLUMN cta_text TEXT;
ALTER TABLE widget_keys ADD COLUMN booking_url TEXT;

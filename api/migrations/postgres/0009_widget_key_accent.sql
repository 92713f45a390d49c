-- The site owner's accent colour, chosen per widget key in the console (issue 16): `#rgb` or
-- `#rrggbb`, checked by the server. NULL: the widget's own accent. The loader (`embed.js`) puts
-- it on the widget when the host page's tag has no `data-accent`; the widget checks its
-- contrast as it checks the attribute's. Existing keys keep the widget's own accent.
ALTER TABLE widget_keys ADD COLUMN accent TEXT;

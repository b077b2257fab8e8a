-- The partner's company name as it announces it in its Ping answers (docs/federation.md §10.1).
-- For people only: identity is the node ID. Empty until the first verified ping.
ALTER TABLE partner ADD COLUMN display_name text NOT NULL DEFAULT '';

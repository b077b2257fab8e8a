-- The single tenant's quote settings exist from the start, with the column defaults, so that
-- reading them (any quote, rate card or document) never writes. Before this, the first read
-- inserted the row, and a refused read could leave that write behind. Rates.settings keeps the
-- insert-on-first-use for tenants created later.
INSERT INTO quote_settings (tenant_id) VALUES ('default') ON CONFLICT DO NOTHING;

-- Shortages kept, not computed per request. ListShortages over a month computed the allocation of
-- every holding line in the window on each call (40 ms at one client on the benchmark dataset,
-- 1.3 s at 50). Now each product's allocation over all its holding lines is stored as the
-- stretches over which a line gets less than it asks for; a window's shortages are the stretches
-- overlapping it, aggregated in SQL and paged by keyset.
--
-- shortage_segment: line line_id (of event_id, asking for quantity units of product_id) is short by
-- unmet units over period. Stretches of one line never overlap; they split where unmet changes.
-- A window's shortfall for a line is its largest unmet among the stretches overlapping the window,
-- which is exactly what the allocation clipped to the window gives (allocation at a moment does
-- not depend on other moments).
--
-- The allocation reads what availability reads (lines.sql): holding lines, and units still out past
-- their booking, held from the booking's end until they come back; such a stretch ends at the end
-- of the span kept (year 9999), not at "now", so it does not move with the clock.
--
-- shortage_dirty: products whose stretches are out of date. Triggers note a product whenever
-- something its allocation reads changes (its booking lines, check-outs, temporary stock, stock
-- counters, tracking, inspection rule); the reader recomputes the noted products before it reads
-- (Availability.refreshShortages), in product ID order, so a shortage read always reflects every
-- write committed before it. Noting is an INSERT ... ON CONFLICT DO NOTHING of one row per product
-- and statement.
--
-- Products with an inspection rule are not kept here: their usable units change with the clock
-- (a unit falls due for inspection without any write), so the reader allocates them live.
-- No foreign keys: inserting a row would take a KEY SHARE lock on its product, which a writer
-- holds FOR UPDATE while it waits for the refresh that took its product's note (a deadlock). A
-- deleted product's lines go first (booking_line's key), which notes it, and its refresh finds no
-- stock and keeps no rows.
CREATE TABLE shortage_segment (
    product_id  uuid      NOT NULL,
    tenant_id   text      NOT NULL DEFAULT 'default',
    line_id     uuid      NOT NULL,
    event_id    uuid      NOT NULL,
    quantity    integer   NOT NULL,
    unmet       integer   NOT NULL CHECK (unmet > 0),
    period      tstzrange NOT NULL CHECK (NOT isempty(period))
);
CREATE INDEX shortage_segment_period ON shortage_segment USING gist (period);
CREATE INDEX shortage_segment_product ON shortage_segment (product_id);

CREATE TABLE shortage_dirty (
    product_id uuid PRIMARY KEY,
    tenant_id  text NOT NULL DEFAULT 'default'
);

-- One function per transition table a trigger can have (see V82).
CREATE FUNCTION shortage_note_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO shortage_dirty (product_id)
    SELECT DISTINCT product_id FROM new_rows WHERE product_id IS NOT NULL
    ORDER BY 1
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION shortage_note_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO shortage_dirty (product_id)
    SELECT DISTINCT product_id FROM old_rows WHERE product_id IS NOT NULL
    ORDER BY 1
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION shortage_note_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO shortage_dirty (product_id)
    SELECT product_id FROM new_rows WHERE product_id IS NOT NULL
    UNION
    SELECT product_id FROM old_rows WHERE product_id IS NOT NULL
    ORDER BY 1
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER booking_line_shortage_ins AFTER INSERT ON booking_line
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_new();
CREATE TRIGGER booking_line_shortage_upd AFTER UPDATE ON booking_line
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_both();
CREATE TRIGGER booking_line_shortage_del AFTER DELETE ON booking_line
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_old();

CREATE TRIGGER temporary_stock_shortage_ins AFTER INSERT ON temporary_stock
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_new();
CREATE TRIGGER temporary_stock_shortage_upd AFTER UPDATE ON temporary_stock
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_both();
CREATE TRIGGER temporary_stock_shortage_del AFTER DELETE ON temporary_stock
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_old();

CREATE TRIGGER checkout_asset_shortage_ins AFTER INSERT ON checkout_asset
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_new();
CREATE TRIGGER checkout_asset_shortage_upd AFTER UPDATE ON checkout_asset
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_both();
CREATE TRIGGER checkout_asset_shortage_del AFTER DELETE ON checkout_asset
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_old();

CREATE TRIGGER checkout_bulk_shortage_ins AFTER INSERT ON checkout_bulk
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_new();
CREATE TRIGGER checkout_bulk_shortage_upd AFTER UPDATE ON checkout_bulk
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_both();
CREATE TRIGGER checkout_bulk_shortage_del AFTER DELETE ON checkout_bulk
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_old();

CREATE TRIGGER product_stock_shortage_ins AFTER INSERT ON product_stock
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_new();
CREATE TRIGGER product_stock_shortage_upd AFTER UPDATE ON product_stock
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_both();

CREATE TRIGGER inspection_rule_shortage_ins AFTER INSERT ON inspection_rule
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_new();
CREATE TRIGGER inspection_rule_shortage_upd AFTER UPDATE ON inspection_rule
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_both();
CREATE TRIGGER inspection_rule_shortage_del AFTER DELETE ON inspection_rule
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shortage_note_old();

-- A product's tracking decides which counter is its stock.
CREATE FUNCTION shortage_note_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO shortage_dirty (product_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER product_shortage_tracking AFTER UPDATE OF tracking ON product
    FOR EACH ROW WHEN (OLD.tracking IS DISTINCT FROM NEW.tracking)
    EXECUTE FUNCTION shortage_note_product();

-- Everything booked so far is computed on the first read.
INSERT INTO shortage_dirty (product_id)
SELECT product_id FROM booking_line WHERE holds AND product_id IS NOT NULL
UNION
SELECT product_id FROM checkout_asset WHERE closed_at IS NULL
UNION
SELECT product_id FROM checkout_bulk WHERE returned_qty + damaged_qty + missing_qty < out_qty;

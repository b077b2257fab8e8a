-- shortage_dirty (V88) becomes a queue: one row per noting statement, no uniqueness. With one row
-- per product and INSERT ... ON CONFLICT DO NOTHING, a write could be lost: writer W noted product P
-- while P's row already existed (DO NOTHING: nothing written, no lock), a refresh then took and
-- deleted that row and recomputed P before W committed, and W's booking was never in P's stored
-- shortages (ShortageSweepTest.writersAndRefreshesNeverDeadlock caught it under load). Now W's own
-- row is invisible to a refresh until W commits, so it stays for the next refresh; writers never
-- wait for a refresh and a refresh never waits for a writer. A refresh takes every row of the
-- products it takes (AvailabilityDao/takeNoted.sql).
ALTER TABLE shortage_dirty DROP CONSTRAINT shortage_dirty_pkey;
ALTER TABLE shortage_dirty ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
CREATE INDEX shortage_dirty_product ON shortage_dirty (product_id);

CREATE OR REPLACE FUNCTION shortage_note_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO shortage_dirty (product_id)
    SELECT DISTINCT product_id FROM new_rows WHERE product_id IS NOT NULL;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION shortage_note_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO shortage_dirty (product_id)
    SELECT DISTINCT product_id FROM old_rows WHERE product_id IS NOT NULL;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION shortage_note_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO shortage_dirty (product_id)
    SELECT product_id FROM new_rows WHERE product_id IS NOT NULL
    UNION
    SELECT product_id FROM old_rows WHERE product_id IS NOT NULL;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION shortage_note_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO shortage_dirty (product_id) VALUES (NEW.id);
    RETURN NULL;
END $$;

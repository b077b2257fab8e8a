-- A transaction that writes thousands of a product's assets one statement at a time (the CSV
-- import) would update that product's counter row thousands of times; PostgreSQL keeps every
-- version of a row updated in one transaction, and each update walks them: quadratic (importing
-- 100,000 assets of a few products took 58 s instead of 16). Such a writer turns on
-- eventkit.stock_deferred (SET LOCAL): the triggers then only note the product in a temporary
-- table (once each), and the writer calls product_stock_refresh_noted() before it commits, which
-- counts those products afresh. Everyone else keeps the per-row upsert.
CREATE OR REPLACE FUNCTION product_stock_add(p uuid, owned int, oos int, bulk int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF owned = 0 AND oos = 0 AND bulk = 0 THEN
        RETURN;
    END IF;
    IF current_setting('eventkit.stock_deferred', true) = 'on' THEN
        IF to_regclass('pg_temp.product_stock_noted') IS NULL THEN
            CREATE TEMP TABLE product_stock_noted (product_id uuid PRIMARY KEY) ON COMMIT DROP;
        END IF;
        INSERT INTO product_stock_noted VALUES (p) ON CONFLICT DO NOTHING;
        RETURN;
    END IF;
    INSERT INTO product_stock AS s
        (product_id, tenant_id, assets_owned, assets_out_of_service, bulk_owned)
    SELECT p, x.tenant_id, owned, oos, bulk FROM product x WHERE x.id = p
    ON CONFLICT (product_id) DO UPDATE
        SET assets_owned = s.assets_owned + EXCLUDED.assets_owned,
            assets_out_of_service = s.assets_out_of_service + EXCLUDED.assets_out_of_service,
            bulk_owned = s.bulk_owned + EXCLUDED.bulk_owned;
END $$;

-- Counts the noted products afresh (exact, whatever happened to them in this transaction) and
-- forgets them. Returns how many products it counted.
CREATE FUNCTION product_stock_refresh_noted() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    n int;
BEGIN
    IF to_regclass('pg_temp.product_stock_noted') IS NULL THEN
        RETURN 0;
    END IF;
    INSERT INTO product_stock AS s
        (product_id, tenant_id, assets_owned, assets_out_of_service, bulk_owned)
    SELECT x.id, x.tenant_id,
           (SELECT count(*) FROM asset a
            WHERE a.product_id = x.id AND a.status NOT IN ('LOST', 'RETIRED')),
           (SELECT count(*) FROM asset a
            WHERE a.product_id = x.id AND a.status IN ('IN_REPAIR', 'QUARANTINE')),
           (SELECT coalesce(sum(b.quantity), 0) FROM bulk_stock b WHERE b.product_id = x.id)
    FROM product x JOIN product_stock_noted d ON d.product_id = x.id
    ORDER BY x.id
    ON CONFLICT (product_id) DO UPDATE
        SET assets_owned = EXCLUDED.assets_owned,
            assets_out_of_service = EXCLUDED.assets_out_of_service,
            bulk_owned = EXCLUDED.bulk_owned;
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM product_stock_noted;
    RETURN n;
END $$;

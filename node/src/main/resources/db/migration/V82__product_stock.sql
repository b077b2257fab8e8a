-- Units per product, kept by triggers, so that availability reads one row per product instead of
-- counting its assets (the capacity of the ~4,000 products booked in a month took 40–100 ms to
-- count on the benchmark dataset, and every shortage list needs all of them).
--
-- assets_owned: assets not LOST or RETIRED; bulk_owned: the bulk stock summed over locations (a
-- product counts one or the other, by its tracking).
-- assets_out_of_service: assets IN_REPAIR or QUARANTINE. (Assets overdue for inspection are
-- out of service too, but that depends on the clock: capacities.sql counts them live, for the
-- products that have an inspection rule.)
--
-- The triggers are per statement, over transition tables: an import of 30,000 assets updates each
-- product's row once, and a statement that changes no count (an asset moved) writes nothing. The
-- upsert adds deltas under the row lock, so concurrent changes to one product's assets serialise
-- there and the sum stays exact; rows are touched in product ID order so two multi-product
-- statements can't deadlock on each other. A product deleted in the same statement (its assets go
-- first) is skipped by the join.
CREATE TABLE product_stock (
    product_id     uuid PRIMARY KEY REFERENCES product (id) ON DELETE CASCADE,
    tenant_id      text NOT NULL DEFAULT 'default',
    assets_owned          integer NOT NULL DEFAULT 0,
    assets_out_of_service integer NOT NULL DEFAULT 0,
    bulk_owned            integer NOT NULL DEFAULT 0
);

CREATE FUNCTION product_stock_add_assets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH changed AS (
        SELECT product_id,
               (status NOT IN ('LOST', 'RETIRED'))::int AS owned,
               (status IN ('IN_REPAIR', 'QUARANTINE'))::int AS oos
        FROM new_rows
        UNION ALL
        SELECT product_id,
               -(status NOT IN ('LOST', 'RETIRED'))::int,
               -(status IN ('IN_REPAIR', 'QUARANTINE'))::int
        FROM old_rows
    ), delta AS (
        SELECT c.product_id, sum(c.owned)::int AS owned, sum(c.oos)::int AS oos
        FROM changed c
        GROUP BY c.product_id
        HAVING sum(c.owned) <> 0 OR sum(c.oos) <> 0
    )
    INSERT INTO product_stock AS s (product_id, tenant_id, assets_owned, assets_out_of_service)
    SELECT d.product_id, p.tenant_id, d.owned, d.oos
    FROM delta d JOIN product p ON p.id = d.product_id
    ORDER BY d.product_id
    ON CONFLICT (product_id) DO UPDATE
        SET assets_owned = s.assets_owned + EXCLUDED.assets_owned,
            assets_out_of_service = s.assets_out_of_service + EXCLUDED.assets_out_of_service;
    RETURN NULL;
END $$;

CREATE FUNCTION product_stock_add_bulk() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH changed AS (
        SELECT product_id, quantity AS q FROM new_rows
        UNION ALL
        SELECT product_id, -quantity FROM old_rows
    ), delta AS (
        SELECT c.product_id, sum(c.q)::int AS q
        FROM changed c
        GROUP BY c.product_id
        HAVING sum(c.q) <> 0
    )
    INSERT INTO product_stock AS s (product_id, tenant_id, bulk_owned)
    SELECT d.product_id, p.tenant_id, d.q
    FROM delta d JOIN product p ON p.id = d.product_id
    ORDER BY d.product_id
    ON CONFLICT (product_id) DO UPDATE SET bulk_owned = s.bulk_owned + EXCLUDED.bulk_owned;
    RETURN NULL;
END $$;

-- A trigger with transition tables fires for one kind of event, and its REFERENCING clause can
-- only name the tables that event has: inserts and deletes get functions of their own.
CREATE FUNCTION product_stock_asset_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO product_stock AS s (product_id, tenant_id, assets_owned, assets_out_of_service)
    SELECT n.product_id, p.tenant_id,
           count(*) FILTER (WHERE n.status NOT IN ('LOST', 'RETIRED'))::int,
           count(*) FILTER (WHERE n.status IN ('IN_REPAIR', 'QUARANTINE'))::int
    FROM new_rows n JOIN product p ON p.id = n.product_id
    GROUP BY n.product_id, p.tenant_id
    ORDER BY n.product_id
    ON CONFLICT (product_id) DO UPDATE
        SET assets_owned = s.assets_owned + EXCLUDED.assets_owned,
            assets_out_of_service = s.assets_out_of_service + EXCLUDED.assets_out_of_service;
    RETURN NULL;
END $$;

CREATE FUNCTION product_stock_asset_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE product_stock s
    SET assets_owned = s.assets_owned - d.owned,
        assets_out_of_service = s.assets_out_of_service - d.oos
    FROM (SELECT o.product_id,
                 count(*) FILTER (WHERE o.status NOT IN ('LOST', 'RETIRED'))::int AS owned,
                 count(*) FILTER (WHERE o.status IN ('IN_REPAIR', 'QUARANTINE'))::int AS oos
          FROM old_rows o GROUP BY o.product_id ORDER BY o.product_id) d
    WHERE s.product_id = d.product_id;
    RETURN NULL;
END $$;

CREATE FUNCTION product_stock_bulk_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO product_stock AS s (product_id, tenant_id, bulk_owned)
    SELECT n.product_id, p.tenant_id, sum(n.quantity)::int
    FROM new_rows n JOIN product p ON p.id = n.product_id
    GROUP BY n.product_id, p.tenant_id
    ORDER BY n.product_id
    ON CONFLICT (product_id) DO UPDATE SET bulk_owned = s.bulk_owned + EXCLUDED.bulk_owned;
    RETURN NULL;
END $$;

CREATE FUNCTION product_stock_bulk_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE product_stock s
    SET bulk_owned = s.bulk_owned - d.q
    FROM (SELECT o.product_id, sum(o.quantity)::int AS q
          FROM old_rows o GROUP BY o.product_id ORDER BY o.product_id) d
    WHERE s.product_id = d.product_id;
    RETURN NULL;
END $$;

CREATE TRIGGER asset_stock_insert AFTER INSERT ON asset
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION product_stock_asset_insert();
CREATE TRIGGER asset_stock_update AFTER UPDATE ON asset
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION product_stock_add_assets();
CREATE TRIGGER asset_stock_delete AFTER DELETE ON asset
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION product_stock_asset_delete();
CREATE TRIGGER bulk_stock_insert AFTER INSERT ON bulk_stock
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION product_stock_bulk_insert();
CREATE TRIGGER bulk_stock_update AFTER UPDATE ON bulk_stock
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION product_stock_add_bulk();
CREATE TRIGGER bulk_stock_delete AFTER DELETE ON bulk_stock
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION product_stock_bulk_delete();

INSERT INTO product_stock (product_id, tenant_id, assets_owned, assets_out_of_service, bulk_owned)
SELECT p.id, p.tenant_id,
       (SELECT count(*) FROM asset a
        WHERE a.product_id = p.id AND a.status NOT IN ('LOST', 'RETIRED')),
       (SELECT count(*) FROM asset a
        WHERE a.product_id = p.id AND a.status IN ('IN_REPAIR', 'QUARANTINE')),
       (SELECT coalesce(sum(s.quantity), 0) FROM bulk_stock s WHERE s.product_id = p.id)
FROM product p;

-- What availability calls a product's capacity: units owned, and those of them out of service. From
-- the counters above: assets for serialised products, bulk stock for bulk ones. Out of service too
-- (maintenance, V65): AVAILABLE units of a product with an inspection rule whose last passed
-- inspection (or, never inspected, their creation) is older than the interval. That depends on the
-- clock, so it is counted here, and only for the products that have a rule (the outer join finds
-- them; the count never runs for the others). A view, so that a query over many products joins it
-- (the shortage sweep) and one over a few filters it by ID (capacities.sql): both inline it.
CREATE VIEW product_capacity AS
SELECT p.id AS product_id,
       p.tenant_id,
       CASE WHEN p.tracking = 'SERIALISED' THEN coalesce(k.assets_owned, 0)
            ELSE coalesce(k.bulk_owned, 0)
       END::int AS owned,
       CASE WHEN p.tracking <> 'SERIALISED' THEN 0
            WHEN r.product_id IS NULL THEN coalesce(k.assets_out_of_service, 0)
            ELSE coalesce(k.assets_out_of_service, 0)
               + (SELECT count(*) FROM asset a
                  WHERE a.product_id = p.id AND a.status = 'AVAILABLE'
                    AND coalesce((SELECT max(i.inspected_at) FROM inspection i
                                  WHERE i.asset_id = a.id AND i.passed), a.created_at)
                        + make_interval(days => r.interval_days) < now())
       END::int AS unavailable
FROM product p
LEFT JOIN product_stock k ON k.product_id = p.id
LEFT JOIN inspection_rule r ON r.product_id = p.id;

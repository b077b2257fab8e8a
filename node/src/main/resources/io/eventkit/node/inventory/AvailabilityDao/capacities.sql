-- Owned and out-of-service units per product: index-only counts on asset (product_id, status)
-- for serialised products, the bulk_stock primary key for bulk ones.
SELECT p.id AS product_id,
       CASE WHEN p.tracking = 'SERIALISED'
            THEN (SELECT count(*) FROM asset a
                  WHERE a.product_id = p.id AND a.status NOT IN ('LOST', 'RETIRED'))
            ELSE (SELECT coalesce(sum(s.quantity), 0) FROM bulk_stock s WHERE s.product_id = p.id)
       END::int AS owned,
       CASE WHEN p.tracking = 'SERIALISED'
            THEN (SELECT count(*) FROM asset a
                  WHERE a.product_id = p.id AND a.status IN ('IN_REPAIR', 'QUARANTINE'))
            ELSE 0
       END::int AS unavailable
FROM product p
WHERE p.id = ANY(:ids)

-- Owned and out-of-service units per product: index-only counts on asset (product_id, status)
-- for serialised products, the bulk_stock primary key for bulk ones. Out of service: IN_REPAIR,
-- QUARANTINE, and (maintenance, V65) AVAILABLE units of a product with an inspection interval
-- whose last passed inspection (or, never inspected, their creation) is older than the interval;
-- that count is empty at once for a product without a rule.
SELECT p.id AS product_id,
       CASE WHEN p.tracking = 'SERIALISED'
            THEN (SELECT count(*) FROM asset a
                  WHERE a.product_id = p.id AND a.status NOT IN ('LOST', 'RETIRED'))
            ELSE (SELECT coalesce(sum(s.quantity), 0) FROM bulk_stock s WHERE s.product_id = p.id)
       END::int AS owned,
       CASE WHEN p.tracking = 'SERIALISED'
            THEN (SELECT count(*) FROM asset a
                  WHERE a.product_id = p.id AND a.status IN ('IN_REPAIR', 'QUARANTINE'))
               + (SELECT count(*) FROM inspection_rule r
                  JOIN asset a ON a.product_id = r.product_id AND a.status = 'AVAILABLE'
                  WHERE r.product_id = p.id
                    AND coalesce((SELECT max(i.inspected_at) FROM inspection i
                                  WHERE i.asset_id = a.id AND i.passed), a.created_at)
                        + make_interval(days => r.interval_days) < now())
            ELSE 0
       END::int AS unavailable
FROM product p
WHERE p.id = ANY(:ids)

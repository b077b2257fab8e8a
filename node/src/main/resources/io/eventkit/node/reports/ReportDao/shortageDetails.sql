-- The events and products of shortages (parallel arrays of event and product IDs), narrowed to a
-- category and to products with units at a warehouse or its bins.
SELECT e.id AS event_id, e.name AS event_name, lower(e.period) AS event_start,
       upper(e.period) AS event_end, p.id AS product_id, p.name AS product_name, p.category
FROM unnest(CAST(:events AS uuid[]), CAST(:products AS uuid[])) AS x(event_id, product_id)
JOIN event e ON e.id = x.event_id AND e.tenant_id = :tenant
JOIN product p ON p.id = x.product_id AND p.tenant_id = :tenant
WHERE (CAST(:category AS text) IS NULL OR p.category = CAST(:category AS text))
  AND (CAST(:location AS uuid) IS NULL
       OR EXISTS (SELECT 1 FROM asset a JOIN location l ON l.id = a.home_location_id
                  WHERE a.product_id = p.id AND a.tenant_id = :tenant AND a.status <> 'RETIRED'
                    AND (l.id = CAST(:location AS uuid) OR l.parent_id = CAST(:location AS uuid)))
       OR EXISTS (SELECT 1 FROM bulk_stock b JOIN location l ON l.id = b.location_id
                  WHERE b.product_id = p.id AND b.tenant_id = :tenant AND b.quantity > 0
                    AND (l.id = CAST(:location AS uuid) OR l.parent_id = CAST(:location AS uuid))))

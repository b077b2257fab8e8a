-- Gear still out after its event's end (:now), one row per event and product, most overdue first:
-- open checkout_asset rows (own units by barcode, partners' by their barcode) and bulk quantities
-- not yet back (out − returned − damaged − missing). Location: own units homed at the warehouse
-- or its bins, bulk of products stocked there. Totals ride on every row.
WITH loc AS (
  SELECT id FROM location
  WHERE tenant_id = :tenant AND (id = CAST(:location AS uuid) OR parent_id = CAST(:location AS uuid))
),
ev AS (
  SELECT e.id, e.name, COALESCE(c.name, NULLIF(e.client_name, ''), '') AS client_name,
         upper(e.period) AS due_at
  FROM event e LEFT JOIN crm_company c ON c.id = e.client_company_id
  WHERE e.tenant_id = :tenant AND upper(e.period) < CAST(:now AS timestamptz)
    AND (CAST(:company AS uuid) IS NULL OR e.client_company_id = CAST(:company AS uuid))
),
o AS (
  SELECT c.event_id, c.product_id, count(*) AS qty,
         array_agg(COALESCE(a.barcode, c.partner_barcode, '') ORDER BY COALESCE(a.barcode, c.partner_barcode, '')) AS barcodes
  FROM checkout_asset c
  JOIN ev ON ev.id = c.event_id
  LEFT JOIN asset a ON a.id = c.asset_id
  WHERE c.tenant_id = :tenant AND c.closed_at IS NULL
    AND (CAST(:location AS uuid) IS NULL OR a.home_location_id IN (SELECT id FROM loc))
  GROUP BY c.event_id, c.product_id
  UNION ALL
  SELECT b.event_id, b.product_id, sum(b.out_qty - b.returned_qty - b.damaged_qty - b.missing_qty),
         CAST(ARRAY[] AS text[])
  FROM checkout_bulk b
  JOIN ev ON ev.id = b.event_id
  WHERE b.tenant_id = :tenant AND b.returned_qty + b.damaged_qty + b.missing_qty < b.out_qty
    AND (CAST(:location AS uuid) IS NULL OR EXISTS (
           SELECT 1 FROM bulk_stock s WHERE s.product_id = b.product_id AND s.tenant_id = :tenant
             AND s.location_id IN (SELECT id FROM loc)))
  GROUP BY b.event_id, b.product_id
),
g AS (
  SELECT ev.id AS event_id, ev.name AS event_name, ev.client_name, ev.due_at,
         p.id AS product_id, p.name AS product_name, CAST(sum(o.qty) AS integer) AS qty,
         (SELECT array_agg(x ORDER BY x) FROM (
            SELECT unnest(o2.barcodes) AS x FROM o o2
            WHERE o2.event_id = ev.id AND o2.product_id = p.id ORDER BY 1 LIMIT 20) y) AS barcodes
  FROM o JOIN ev ON ev.id = o.event_id JOIN product p ON p.id = o.product_id
  GROUP BY ev.id, ev.name, ev.client_name, ev.due_at, p.id, p.name
),
t AS (
  SELECT count(*) AS total_rows, COALESCE(sum(qty), 0) AS total_quantity FROM g
)
SELECT t.total_rows, t.total_quantity, r.event_id, r.event_name, r.client_name, r.due_at,
       r.product_id, r.product_name, r.qty,
       array_to_string(r.barcodes, chr(31)) AS barcodes
FROM t LEFT JOIN LATERAL (
  SELECT * FROM g
  WHERE CAST(:afterDue AS timestamptz) IS NULL
     OR (g.due_at, g.event_id, g.product_id)
        > (CAST(:afterDue AS timestamptz), CAST(:afterEvent AS uuid), CAST(:afterProduct AS uuid))
  ORDER BY g.due_at, g.event_id, g.product_id
  LIMIT :limit
) r ON true
ORDER BY r.due_at, r.event_id, r.product_id

-- Assets IN_REPAIR, QUARANTINE or LOST (those of :statuses), longest first: since = the open
-- repair ticket's opening, else the asset's last change. Location: where the unit is (a warehouse
-- or its bins). Counts per status ride on every row.
WITH loc AS (
  SELECT id FROM location
  WHERE tenant_id = :tenant AND (id = CAST(:location AS uuid) OR parent_id = CAST(:location AS uuid))
),
g AS (
  SELECT a.id AS asset_id, a.barcode, p.id AS product_id, p.name AS product_name, p.category,
         a.status, l.name AS location_name, COALESCE(t.opened_at, a.updated_at) AS since,
         t.id AS ticket_id, COALESCE(t.description, '') AS description,
         p.replacement_currency, p.replacement_minor
  FROM asset a
  JOIN product p ON p.id = a.product_id
  JOIN location l ON l.id = a.location_id
  LEFT JOIN repair_ticket t ON t.asset_id = a.id AND t.status IN ('OPEN', 'IN_PROGRESS')
  WHERE a.tenant_id = :tenant AND a.status IN ('IN_REPAIR', 'QUARANTINE', 'LOST')
    AND a.status = ANY(CAST(:statuses AS text[]))
    AND (CAST(:category AS text) IS NULL OR p.category = CAST(:category AS text))
    AND (CAST(:location AS uuid) IS NULL OR a.location_id IN (SELECT id FROM loc))
),
t AS (
  SELECT count(*) FILTER (WHERE status = 'IN_REPAIR') AS in_repair,
         count(*) FILTER (WHERE status = 'QUARANTINE') AS quarantine,
         count(*) FILTER (WHERE status = 'LOST') AS lost
  FROM g
)
SELECT t.in_repair, t.quarantine, t.lost, r.*
FROM t LEFT JOIN LATERAL (
  SELECT * FROM g
  WHERE CAST(:afterSince AS timestamptz) IS NULL
     OR (g.since, g.asset_id) > (CAST(:afterSince AS timestamptz), CAST(:afterAsset AS uuid))
  ORDER BY g.since, g.asset_id
  LIMIT :limit
) r ON true
ORDER BY r.since, r.asset_id

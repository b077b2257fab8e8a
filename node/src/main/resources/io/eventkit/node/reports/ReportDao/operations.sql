-- Today's figures. :dayStart/:dayEnd bound today in the reporting time zone; :weekEnd is the end
-- of the 7 days from today. Events count when their status is one of :statuses (the holding
-- statuses and COMPLETED). The location narrows the gear figures (overdue, out of service,
-- repair tickets), not the event counts.
WITH loc AS (
  SELECT id FROM location
  WHERE tenant_id = :tenant AND (id = CAST(:location AS uuid) OR parent_id = CAST(:location AS uuid))
),
overdue_ev AS (
  SELECT id FROM event WHERE tenant_id = :tenant AND upper(period) < CAST(:now AS timestamptz)
),
o AS (
  SELECT c.event_id, 1 AS qty
  FROM checkout_asset c JOIN overdue_ev e ON e.id = c.event_id
  LEFT JOIN asset a ON a.id = c.asset_id
  WHERE c.tenant_id = :tenant AND c.closed_at IS NULL
    AND (CAST(:location AS uuid) IS NULL OR a.home_location_id IN (SELECT id FROM loc))
  UNION ALL
  SELECT b.event_id, b.out_qty - b.returned_qty - b.damaged_qty - b.missing_qty
  FROM checkout_bulk b JOIN overdue_ev e ON e.id = b.event_id
  WHERE b.tenant_id = :tenant AND b.returned_qty + b.damaged_qty + b.missing_qty < b.out_qty
    AND (CAST(:location AS uuid) IS NULL OR EXISTS (
           SELECT 1 FROM bulk_stock s WHERE s.product_id = b.product_id AND s.tenant_id = :tenant
             AND s.location_id IN (SELECT id FROM loc)))
),
oos AS (
  SELECT a.status FROM asset a
  WHERE a.tenant_id = :tenant AND a.status IN ('IN_REPAIR', 'QUARANTINE', 'LOST')
    AND (CAST(:location AS uuid) IS NULL OR a.location_id IN (SELECT id FROM loc))
)
SELECT
  (SELECT count(*) FROM event WHERE tenant_id = :tenant AND status = ANY(CAST(:statuses AS text[]))
     AND period && tstzrange(CAST(:dayStart AS timestamptz), CAST(:dayEnd AS timestamptz))
     AND lower(period) >= CAST(:dayStart AS timestamptz)
     AND lower(period) < CAST(:dayEnd AS timestamptz)) AS events_out_today,
  (SELECT count(*) FROM event WHERE tenant_id = :tenant AND status = ANY(CAST(:statuses AS text[]))
     AND period && tstzrange(CAST(:dayStart AS timestamptz), CAST(:dayEnd AS timestamptz), '[]')
     AND upper(period) >= CAST(:dayStart AS timestamptz)
     AND upper(period) < CAST(:dayEnd AS timestamptz)) AS events_back_today,
  (SELECT count(DISTINCT event_id) FROM o) AS overdue_events,
  (SELECT COALESCE(sum(qty), 0) FROM o) AS overdue_items,
  (SELECT count(*) FROM oos WHERE status = 'IN_REPAIR') AS in_repair,
  (SELECT count(*) FROM oos WHERE status = 'QUARANTINE') AS quarantine,
  (SELECT count(*) FROM oos WHERE status = 'LOST') AS lost,
  (SELECT count(*) FROM event WHERE tenant_id = :tenant AND status = ANY(CAST(:statuses AS text[]))
     AND period && tstzrange(CAST(:dayStart AS timestamptz), CAST(:weekEnd AS timestamptz))
     AND lower(period) >= CAST(:dayStart AS timestamptz)
     AND lower(period) < CAST(:weekEnd AS timestamptz)) AS events_next_7_days,
  (SELECT count(*) FROM repair_ticket t JOIN asset a ON a.id = t.asset_id
     WHERE t.tenant_id = :tenant AND t.status IN ('OPEN', 'IN_PROGRESS')
       AND (CAST(:location AS uuid) IS NULL OR a.location_id IN (SELECT id FROM loc))) AS open_repair_tickets

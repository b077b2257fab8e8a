SELECT id, name, client_name, venue, time_zone, lower(period) AS starts_at,
       upper(period) AS ends_at, status, priority, notes, created_at, updated_at, fulfilment
FROM event
WHERE tenant_id = :tenant
  AND (CAST(:statuses AS text[]) IS NULL OR status = ANY(:statuses))
  AND (CAST(:fulfilments AS text[]) IS NULL OR fulfilment = ANY(:fulfilments))
  AND (CAST(:like AS text) IS NULL
       OR lower(name || ' ' || client_name || ' ' || venue) LIKE CAST(:like AS text))
  AND (CAST(:productId AS uuid) IS NULL
       OR EXISTS (SELECT 1 FROM booking_line b
                  WHERE b.event_id = event.id AND b.product_id = CAST(:productId AS uuid)))
  AND (CAST(:assetId AS uuid) IS NULL
       OR EXISTS (SELECT 1 FROM booking_line b
                  WHERE b.event_id = event.id AND b.asset_id = CAST(:assetId AS uuid)))
  AND (CAST(:windowStart AS timestamptz) IS NULL
       OR period && tstzrange(:windowStart, :windowEnd, '[)'))
  AND (CAST(:afterStart AS timestamptz) IS NULL OR (lower(period), id) > (:afterStart, :afterId))
ORDER BY lower(period), id
LIMIT :limit

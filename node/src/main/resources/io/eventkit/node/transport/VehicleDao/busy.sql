-- Live runs and maintenance of the vehicles overlapping [start, end): the gist indexes of the
-- exclusion constraints on (vehicle_id, period) serve both halves.
SELECT r.vehicle_id, 'DISPATCH' AS kind, lower(r.period) AS starts_at, upper(r.period) AS ends_at,
       r.id, r.reference || CASE WHEN e.name IS NULL THEN '' ELSE ' · ' || e.name END AS label
FROM dispatch_run r
LEFT JOIN event e ON e.id = r.event_id
WHERE r.tenant_id = :tenant AND r.vehicle_id = ANY(:ids) AND r.status <> 'CANCELLED'
  AND r.period && tstzrange(:start, :end, '[)')
  AND (CAST(:exceptRun AS uuid) IS NULL OR r.id <> :exceptRun)
UNION ALL
SELECT m.vehicle_id, 'MAINTENANCE', lower(m.period), upper(m.period), m.id, m.reason
FROM vehicle_maintenance m
WHERE m.tenant_id = :tenant AND m.vehicle_id = ANY(:ids)
  AND m.period && tstzrange(:start, :end, '[)')
ORDER BY 1, 3, 5

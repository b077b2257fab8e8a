SELECT r.id, r.reference, r.vehicle_id, v.name AS vehicle_name, r.driver_crew_member_id,
       coalesce(m.name, '') AS driver_name, lower(r.period) AS starts_at,
       upper(r.period) AS ends_at, r.stops::text AS stops, r.status, r.event_id,
       coalesce(e.name, '') AS event_name, r.notes, r.created_at, r.updated_at
FROM dispatch_run r
JOIN vehicle v ON v.id = r.vehicle_id
LEFT JOIN crew_member m ON m.id = r.driver_crew_member_id
LEFT JOIN event e ON e.id = r.event_id
WHERE r.tenant_id = :tenant
  AND (CAST(:windowStart AS timestamptz) IS NULL
       OR r.period && tstzrange(:windowStart, :windowEnd, '[)'))
  AND (CAST(:vehicleId AS uuid) IS NULL OR r.vehicle_id = :vehicleId)
  AND (CAST(:driverId AS uuid) IS NULL OR r.driver_crew_member_id = :driverId)
  AND (CAST(:eventId AS uuid) IS NULL OR r.event_id = :eventId)
  AND (cardinality(CAST(:statuses AS text[])) = 0 OR r.status = ANY(:statuses))
  AND (CAST(:afterStart AS timestamptz) IS NULL
       OR (lower(r.period), r.id) > (:afterStart, :afterId))
ORDER BY lower(r.period), r.id
LIMIT :limit

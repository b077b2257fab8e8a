-- The vehicles of an event's pack: those with something of it loaded or with a live run for it,
-- each with its loaded lines (none: one row with a NULL line).
SELECT v.id AS v_id, v.name AS v_name, v.registration AS v_registration,
       v.payload_grams AS v_payload_grams, v.volume_cm3 AS v_volume_cm3,
       v.loading_length_mm AS v_loading_length_mm,
       v.required_qualification AS v_required_qualification,
       v.home_location_id AS v_home_location_id, v.notes AS v_notes, v.retired AS v_retired,
       v.created_at AS v_created_at, v.updated_at AS v_updated_at,
       tl.booking_line_id, tl.quantity
FROM vehicle v
LEFT JOIN truck_load tl ON tl.vehicle_id = v.id AND tl.event_id = :eventId
WHERE v.tenant_id = :tenant
  AND (EXISTS (SELECT 1 FROM truck_load x WHERE x.vehicle_id = v.id AND x.event_id = :eventId)
       OR EXISTS (SELECT 1 FROM dispatch_run r
                  WHERE r.vehicle_id = v.id AND r.event_id = :eventId AND r.status <> 'CANCELLED'))
ORDER BY lower(v.name), v.id, tl.booking_line_id

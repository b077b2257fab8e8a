-- Assignments by (lower(call), id), keyset-paged; filters combine. :me limits a Crew-only caller
-- to their own crew member; :mine is the "my assignments" filter of anyone linked to one.
SELECT a.id, a.event_id, e.name AS event_name, a.crew_member_id, m.name AS member_name,
       a.function, lower(a.call) AS call_start, upper(a.call) AS call_end, a.currency,
       a.rate_minor, a.rate_unit, a.required_skills, a.status,
       CAST(a.overridden_conflicts AS text) AS overridden, a.override_reason, a.decline_reason,
       a.notes, e.venue, e.time_zone, a.responded_at, a.created_at, a.updated_at,
       t.status AS timesheet_status
FROM crew_assignment a
JOIN event e ON e.id = a.event_id
JOIN crew_member m ON m.id = a.crew_member_id
LEFT JOIN crew_timesheet t ON t.assignment_id = a.id
WHERE a.tenant_id = :tenant
  AND (:all OR m.user_id = :me)
  AND (CAST(:mine AS uuid) IS NULL OR m.user_id = CAST(:mine AS uuid))
  AND (CAST(:eventId AS uuid) IS NULL OR a.event_id = CAST(:eventId AS uuid))
  AND (CAST(:memberId AS uuid) IS NULL OR a.crew_member_id = CAST(:memberId AS uuid))
  AND (CAST(:windowStart AS timestamptz) IS NULL
       OR a.call && tstzrange(CAST(:windowStart AS timestamptz), CAST(:windowEnd AS timestamptz), '[)'))
  AND a.status = ANY(CAST(:statuses AS text[]))
  AND (CAST(:afterStart AS timestamptz) IS NULL
       OR (lower(a.call), a.id) > (CAST(:afterStart AS timestamptz), :afterId))
ORDER BY lower(a.call), a.id
LIMIT :limit

-- Timesheets by (work_start, id), keyset-paged; :me limits a Crew-only caller to their own.
SELECT t.id, t.assignment_id, t.crew_member_id, m.name AS member_name, a.event_id,
       e.name AS event_name, a.function, CAST(t.entries AS text) AS entries_json, t.notes,
       t.status, t.total_minutes, t.currency, t.amount_minor, t.submitted_at, t.reviewed_by,
       t.reviewed_at, t.reject_reason, t.updated_at, t.work_start
FROM crew_timesheet t
JOIN crew_assignment a ON a.id = t.assignment_id
JOIN event e ON e.id = a.event_id
JOIN crew_member m ON m.id = t.crew_member_id
WHERE t.tenant_id = :tenant
  AND (:all OR m.user_id = :me)
  AND (CAST(:mine AS uuid) IS NULL OR m.user_id = CAST(:mine AS uuid))
  AND (CAST(:memberId AS uuid) IS NULL OR t.crew_member_id = CAST(:memberId AS uuid))
  AND (CAST(:eventId AS uuid) IS NULL OR a.event_id = CAST(:eventId AS uuid))
  AND (CAST(:statuses AS text[]) IS NULL OR t.status = ANY(CAST(:statuses AS text[])))
  AND (CAST(:windowStart AS timestamptz) IS NULL
       OR (t.work_start >= CAST(:windowStart AS timestamptz)
           AND t.work_start < CAST(:windowEnd AS timestamptz)))
  AND (CAST(:afterStart AS timestamptz) IS NULL
       OR (t.work_start, t.id) > (CAST(:afterStart AS timestamptz), :afterId))
ORDER BY t.work_start, t.id
LIMIT :limit

-- The availability grid's blocks: live assignments and unavailable periods of a page of members
-- overlapping the window (both gist index scans on (crew_member_id, period)).
SELECT a.crew_member_id, CASE a.status WHEN 'ACCEPTED' THEN 'ASSIGNMENT_ACCEPTED'
                                       ELSE 'ASSIGNMENT_OFFERED' END AS kind,
       lower(a.call) AS period_start, upper(a.call) AS period_end, a.id,
       e.name || ' (' || a.function || ')' AS label, a.event_id
FROM crew_assignment a
JOIN event e ON e.id = a.event_id
WHERE a.crew_member_id = ANY(:ids)
  AND a.status IN ('OFFERED', 'ACCEPTED')
  AND a.call && tstzrange(:start, :end, '[)')
  AND a.tenant_id = :tenant
UNION ALL
SELECT u.crew_member_id, 'UNAVAILABLE', lower(u.period), upper(u.period), u.id, u.reason, CAST(NULL AS uuid)
FROM crew_unavailability u
WHERE u.crew_member_id = ANY(:ids)
  AND u.period && tstzrange(:start, :end, '[)')
  AND u.tenant_id = :tenant
ORDER BY crew_member_id, period_start

-- The conflict check's reads for one member (the hot path; both sides are gist index scans):
-- live assignments whose call comes within :restMinutes of [:start, :end) (overlapping ones are
-- double bookings, the others too little rest), and unavailable periods overlapping it.
SELECT a.crew_member_id, CASE a.status WHEN 'ACCEPTED' THEN 'ASSIGNMENT_ACCEPTED'
                                       ELSE 'ASSIGNMENT_OFFERED' END AS kind,
       lower(a.call) AS period_start, upper(a.call) AS period_end, a.id,
       e.name || ' (' || a.function || ')' AS label, a.event_id
FROM crew_assignment a
JOIN event e ON e.id = a.event_id
WHERE a.crew_member_id = :member
  AND a.status IN ('OFFERED', 'ACCEPTED')
  AND a.call && tstzrange(CAST(:start AS timestamptz) - make_interval(mins => :restMinutes),
                          CAST(:end AS timestamptz) + make_interval(mins => :restMinutes), '[)')
  AND a.tenant_id = :tenant
  AND (CAST(:except AS uuid) IS NULL OR a.id <> CAST(:except AS uuid))
UNION ALL
SELECT u.crew_member_id, 'UNAVAILABLE', lower(u.period), upper(u.period), u.id, u.reason, CAST(NULL AS uuid)
FROM crew_unavailability u
WHERE u.crew_member_id = :member
  AND u.period && tstzrange(:start, :end, '[)')
  AND u.tenant_id = :tenant
ORDER BY period_start

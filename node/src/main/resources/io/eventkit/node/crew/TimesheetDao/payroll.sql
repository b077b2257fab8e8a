-- Approved timesheets whose work starts in the period (crew_timesheet_list: tenant, status,
-- work_start). The totals per member and currency are summed from these rows.
SELECT t.id, t.crew_member_id, m.name AS member_name, m.employment, e.name AS event_name,
       a.function, t.work_start, t.total_minutes, t.currency, t.amount_minor
FROM crew_timesheet t
JOIN crew_assignment a ON a.id = t.assignment_id
JOIN event e ON e.id = a.event_id
JOIN crew_member m ON m.id = t.crew_member_id
WHERE t.tenant_id = :tenant
  AND t.status = 'APPROVED'
  AND t.work_start >= :start AND t.work_start < :end
ORDER BY lower(m.name), m.id, t.currency, t.work_start, t.id

-- Per member and currency: approved timesheets with work starting in the period, summed.
SELECT t.crew_member_id, min(m.name) AS member_name, min(m.employment) AS employment,
       count(*) AS timesheets, sum(t.total_minutes) AS total_minutes, t.currency,
       sum(t.amount_minor) AS amount_minor
FROM crew_timesheet t
JOIN crew_member m ON m.id = t.crew_member_id
WHERE t.tenant_id = :tenant
  AND t.status = 'APPROVED'
  AND t.work_start >= :start AND t.work_start < :end
GROUP BY t.crew_member_id, t.currency
ORDER BY lower(min(m.name)), t.crew_member_id, t.currency

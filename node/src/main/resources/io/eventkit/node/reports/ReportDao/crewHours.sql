-- Crew minutes from timesheets whose work starts in [:start, :end): approved and pending
-- (submitted, not yet reviewed) minutes, and the pay of approved ones, per key and currency.
-- MEMBER by name, EVENT by the event's start, WEEK (ISO, in :tz) in time order. Totals ride on
-- every row.
WITH ts AS (
  SELECT t.status, t.total_minutes, t.currency, t.amount_minor, t.work_start,
         m.id AS member_id, m.name AS member_name, e.id AS event_id, e.name AS event_name,
         lower(e.period) AS event_start
  FROM crew_timesheet t
  JOIN crew_member m ON m.id = t.crew_member_id
  JOIN crew_assignment a ON a.id = t.assignment_id
  JOIN event e ON e.id = a.event_id
  WHERE t.tenant_id = :tenant AND t.status IN ('APPROVED', 'SUBMITTED')
    AND t.work_start >= CAST(:start AS timestamptz) AND t.work_start < CAST(:end AS timestamptz)
),
k AS (
  SELECT CASE :grouping WHEN 'MEMBER' THEN CAST(member_id AS text)
                        WHEN 'EVENT' THEN CAST(event_id AS text)
                        ELSE to_char(work_start AT TIME ZONE :tz, 'IYYY-"W"IW') END AS key,
         CASE :grouping WHEN 'MEMBER' THEN member_name
                        WHEN 'EVENT' THEN event_name
                        ELSE to_char(work_start AT TIME ZONE :tz, 'IYYY-"W"IW') END AS label,
         CASE :grouping WHEN 'MEMBER' THEN lower(member_name)
                        WHEN 'EVENT' THEN to_char(event_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
                        ELSE to_char(work_start AT TIME ZONE :tz, 'IYYY-"W"IW') END AS sort,
         status, total_minutes, currency, amount_minor
  FROM ts
),
g AS (
  SELECT sort, key, currency, max(label) AS label,
         CAST(COALESCE(sum(total_minutes) FILTER (WHERE status = 'APPROVED'), 0) AS integer) AS approved_minutes,
         CAST(COALESCE(sum(total_minutes) FILTER (WHERE status = 'SUBMITTED'), 0) AS integer) AS pending_minutes,
         COALESCE(sum(amount_minor) FILTER (WHERE status = 'APPROVED'), 0) AS approved_pay
  FROM k GROUP BY sort, key, currency
),
t AS (
  SELECT CAST(COALESCE(sum(approved_minutes), 0) AS integer) AS total_approved,
         CAST(COALESCE(sum(pending_minutes), 0) AS integer) AS total_pending
  FROM g
)
SELECT t.total_approved, t.total_pending, r.*
FROM t LEFT JOIN LATERAL (
  SELECT * FROM g
  WHERE CAST(:afterKey AS text) IS NULL
     OR (g.sort, g.key, g.currency)
        > (CAST(:afterSort AS text), CAST(:afterKey AS text), CAST(:afterCurrency AS text))
  ORDER BY g.sort, g.key, g.currency
  LIMIT :limit
) r ON true
ORDER BY r.sort, r.key, r.currency

-- Revenue over [:start, :end) from the accepted version of each accepted quote: the lines' net
-- (after line and quote discounts, before tax), summed per quote and group, then converted to the
-- base currency once per (quote, group) with the version's own exchange rate (base → quote
-- currency, so base = net ÷ rate), rounded half away from zero. A quote falls on its event's
-- start, or on the day it was accepted when it has no event. Time groups list every bucket of the
-- period in the reporting time zone :tz (empty ones included), in time order; CLIENT and CATEGORY
-- largest first. Totals ride on every row (one row with a NULL key when the page is empty).
WITH q AS (
  SELECT q.id, q.company_id, c.name AS company_name, v.content,
         COALESCE(lower(e.period), q.decided_at) AS at,
         COALESCE(CAST(NULLIF(v.content->>'exchangeRate', '') AS numeric), q.exchange_rate) AS rate
  FROM quote q
  JOIN quote_version v ON v.quote_id = q.id AND v.version = q.accepted_version
  JOIN crm_company c ON c.id = q.company_id
  LEFT JOIN event e ON e.id = q.event_id
  WHERE q.tenant_id = :tenant AND q.state = 'ACCEPTED'
    AND (CAST(:company AS uuid) IS NULL OR q.company_id = CAST(:company AS uuid))
),
lines AS (
  SELECT q.id AS quote_id, q.company_id, q.company_name, q.at, q.rate,
         COALESCE(p.category, '') AS category, CAST(li->>'net' AS bigint) AS net
  FROM q
  CROSS JOIN LATERAL jsonb_array_elements(q.content->'lines') li
  LEFT JOIN product p ON p.id = CAST(NULLIF(li->>'productId', '') AS uuid)
  WHERE q.at >= CAST(:start AS timestamptz) AND q.at < CAST(:end AS timestamptz)
    AND (CAST(:category AS text) IS NULL OR p.category = CAST(:category AS text))
),
per AS (
  SELECT quote_id,
         CASE :grouping
           WHEN 'DAY' THEN to_char(at AT TIME ZONE :tz, 'YYYY-MM-DD')
           WHEN 'WEEK' THEN to_char(at AT TIME ZONE :tz, 'IYYY-"W"IW')
           WHEN 'MONTH' THEN to_char(at AT TIME ZONE :tz, 'YYYY-MM')
           WHEN 'CLIENT' THEN CAST(company_id AS text)
           ELSE category END AS key,
         CASE :grouping
           WHEN 'CLIENT' THEN company_name
           WHEN 'CATEGORY' THEN CASE WHEN category = '' THEN '(no product)' ELSE category END
           ELSE NULL END AS label,
         CAST(round(sum(net) / rate) AS bigint) AS amount
  FROM lines
  GROUP BY 1, 2, 3, rate
),
buckets AS (
  SELECT to_char(b, CASE :grouping WHEN 'DAY' THEN 'YYYY-MM-DD' WHEN 'WEEK' THEN 'IYYY-"W"IW'
                                   ELSE 'YYYY-MM' END) AS key
  FROM generate_series(
         date_trunc(CASE :grouping WHEN 'DAY' THEN 'day' WHEN 'WEEK' THEN 'week' ELSE 'month' END,
                    CAST(:start AS timestamptz) AT TIME ZONE :tz),
         CAST(:end AS timestamptz) AT TIME ZONE :tz,
         CAST(CASE :grouping WHEN 'DAY' THEN '1 day' WHEN 'WEEK' THEN '1 week' ELSE '1 month' END
              AS interval)) b
  WHERE :grouping IN ('DAY', 'WEEK', 'MONTH') AND b < CAST(:end AS timestamptz) AT TIME ZONE :tz
),
g AS (
  SELECT b.key, b.key AS label, COALESCE(sum(per.amount), 0) AS amount,
         count(DISTINCT per.quote_id) AS quote_count
  FROM buckets b LEFT JOIN per ON per.key = b.key
  GROUP BY b.key
  UNION ALL
  SELECT key, max(label), sum(amount), count(DISTINCT quote_id)
  FROM per WHERE :grouping IN ('CLIENT', 'CATEGORY')
  GROUP BY key
),
t AS (
  SELECT COALESCE((SELECT sum(amount) FROM per), 0) AS total_amount,
         (SELECT count(DISTINCT quote_id) FROM per) AS total_quotes,
         COALESCE((SELECT base_currency FROM quote_settings WHERE tenant_id = :tenant), 'EUR') AS base
)
SELECT t.total_amount, t.total_quotes, t.base, r.key, r.label, r.amount, r.quote_count
FROM t LEFT JOIN LATERAL (
  SELECT * FROM g
  WHERE CAST(:afterKey AS text) IS NULL
     OR (:grouping IN ('DAY', 'WEEK', 'MONTH') AND g.key > CAST(:afterKey AS text))
     OR (:grouping IN ('CLIENT', 'CATEGORY')
         AND (g.amount < CAST(:afterAmount AS bigint)
              OR (g.amount = CAST(:afterAmount AS bigint) AND g.key > CAST(:afterKey AS text))))
  ORDER BY CASE WHEN :grouping IN ('CLIENT', 'CATEGORY') THEN g.amount END DESC, g.key ASC
  LIMIT :limit
) r ON true
ORDER BY CASE WHEN :grouping IN ('CLIENT', 'CATEGORY') THEN r.amount END DESC, r.key ASC

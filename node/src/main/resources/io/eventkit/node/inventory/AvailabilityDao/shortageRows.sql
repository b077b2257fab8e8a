-- A window's shortages from the stored stretches (V88): one GiST probe of shortage_segment_period,
-- so the cost follows the shortages in the window, not its booking lines. Per line, the largest
-- unmet over the stretches overlapping the window and when the first one starts (clipped to the
-- window); per (event, product), those summed, as ListShortages reports them. Ordered by (from,
-- event, product) and started after an optional keyset position (:afterFrom NULL: from the top).
WITH line AS (
    SELECT s.event_id, s.product_id, s.line_id,
           max(s.quantity) AS quantity,
           max(s.unmet) AS unmet,
           min(greatest(lower(s.period), CAST(:start AS timestamptz))) AS from_at
    FROM shortage_segment s
    WHERE s.period && tstzrange(:start, :end, '[)')
    GROUP BY s.event_id, s.product_id, s.line_id
), g AS (
    SELECT event_id, product_id,
           sum(quantity)::int AS requested,
           sum(unmet)::int AS shortfall,
           min(from_at) AS from_at
    FROM line
    GROUP BY event_id, product_id
)
SELECT g.event_id, e.name AS event_name, g.product_id, g.requested, g.shortfall, g.from_at
FROM g
JOIN event e ON e.id = g.event_id
WHERE CAST(:afterFrom AS timestamptz) IS NULL
   OR (g.from_at, g.event_id, g.product_id)
        > (CAST(:afterFrom AS timestamptz), CAST(:afterEvent AS uuid), CAST(:afterProduct AS uuid))
ORDER BY g.from_at, g.event_id, g.product_id
LIMIT :limit

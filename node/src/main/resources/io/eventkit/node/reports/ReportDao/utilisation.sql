-- Utilisation per product or category over [:start, :end): unit-seconds booked ÷ unit-seconds
-- owned, with the totals over every matching row on each returned row (also when the page is
-- empty: one row with a NULL key). Keyset-paged on the order's sort value, then the key.
WITH loc AS (
  SELECT id FROM location
  WHERE tenant_id = :tenant AND (id = CAST(:location AS uuid) OR parent_id = CAST(:location AS uuid))
),
p AS (
  SELECT id, name, category FROM product
  WHERE tenant_id = :tenant AND (CAST(:category AS text) IS NULL OR category = CAST(:category AS text))
),
owned AS (
  -- Assets are counted per product (and per "at this location") before anything is joined: 100,000
  -- units become a few thousand rows. here: at this location (all of them without a filter); all:
  -- every location (for the share of bookings).
  SELECT product_id, sum(units) FILTER (WHERE here) AS units,
         sum(secs) FILTER (WHERE here) AS secs_here, sum(secs) AS secs_all
  FROM (
    SELECT a.product_id, count(*) AS units,
           -- date_part is double precision (EXTRACT is numeric: several times slower to sum)
           CAST(sum(date_part('epoch', CAST(:end AS timestamptz)
                                       - GREATEST(a.created_at, CAST(:start AS timestamptz))))
                AS numeric) AS secs,
           (CAST(:location AS uuid) IS NULL OR a.home_location_id IN (SELECT id FROM loc)) AS here
    FROM asset a
    WHERE a.tenant_id = :tenant AND a.status <> 'RETIRED' AND a.created_at < CAST(:end AS timestamptz)
      AND (CAST(:category AS text) IS NULL OR a.product_id IN (SELECT id FROM p))
    GROUP BY a.product_id, 4
    UNION ALL
    SELECT b.product_id, sum(b.quantity),
           sum(b.quantity) * EXTRACT(EPOCH FROM CAST(:end AS timestamptz) - CAST(:start AS timestamptz)),
           (CAST(:location AS uuid) IS NULL OR b.location_id IN (SELECT id FROM loc))
    FROM bulk_stock b
    WHERE b.tenant_id = :tenant AND b.quantity > 0
      AND (CAST(:category AS text) IS NULL OR b.product_id IN (SELECT id FROM p))
    GROUP BY b.product_id, 4
  ) u
  GROUP BY product_id
),
booked AS (
  SELECT l.product_id,
         sum(l.quantity * EXTRACT(EPOCH FROM LEAST(upper(l.period), CAST(:end AS timestamptz))
                                            - GREATEST(lower(l.period), CAST(:start AS timestamptz)))) AS secs
  FROM booking_line l JOIN p ON p.id = l.product_id
  WHERE l.tenant_id = :tenant AND l.holds
    AND l.hold_period && tstzrange(CAST(:start AS timestamptz), CAST(:end AS timestamptz))
    AND l.period && tstzrange(CAST(:start AS timestamptz), CAST(:end AS timestamptz))
  GROUP BY l.product_id
),
per_product AS (
  SELECT p.id, p.name, p.category, COALESCE(o.units, 0) AS units,
         COALESCE(o.secs_here, 0) AS owned_secs,
         -- with a location, bookings (which name no warehouse) count by the location's share
         CASE WHEN CAST(:location AS uuid) IS NULL THEN COALESCE(b.secs, 0)
              WHEN COALESCE(o.secs_all, 0) = 0 THEN 0
              ELSE COALESCE(b.secs, 0) * COALESCE(o.secs_here, 0) / o.secs_all END AS booked_secs
  FROM p
  LEFT JOIN owned o ON o.product_id = p.id
  LEFT JOIN booked b ON b.product_id = p.id
  WHERE (CAST(:location AS uuid) IS NULL AND (o.product_id IS NOT NULL OR b.product_id IS NOT NULL))
     OR COALESCE(o.units, 0) > 0
),
g AS (
  SELECT key, label, category, units, owned_secs, booked_secs,
         CASE WHEN owned_secs > 0 THEN round(CAST(booked_secs / owned_secs AS numeric), 9)
              ELSE CAST(0 AS numeric) END AS util
  FROM (
    SELECT CAST(id AS text) AS key, name AS label, category, units, owned_secs, booked_secs
    FROM per_product WHERE NOT :byCategory
    UNION ALL
    SELECT category, category, category, sum(units), sum(owned_secs), sum(booked_secs)
    FROM per_product WHERE :byCategory GROUP BY category
  ) x
),
t AS (
  SELECT COALESCE(sum(owned_secs), 0) AS total_owned_secs,
         COALESCE(sum(booked_secs), 0) AS total_booked_secs
  FROM g
)
SELECT t.total_owned_secs, t.total_booked_secs, r.key, r.label, r.category, r.units,
       r.owned_secs, r.booked_secs, CAST(r.util AS text) AS util, lower(r.label) AS name_key
FROM t LEFT JOIN LATERAL (
  SELECT * FROM g
  WHERE CAST(:afterKey AS text) IS NULL
     OR (:order = 'HIGHEST' AND (g.util < CAST(:afterNum AS numeric)
                                 OR (g.util = CAST(:afterNum AS numeric) AND g.key > CAST(:afterKey AS text))))
     OR (:order = 'LOWEST' AND (g.util > CAST(:afterNum AS numeric)
                                OR (g.util = CAST(:afterNum AS numeric) AND g.key > CAST(:afterKey AS text))))
     OR (:order = 'NAME' AND (lower(g.label), g.key) > (CAST(:afterText AS text), CAST(:afterKey AS text)))
  ORDER BY CASE WHEN :order = 'HIGHEST' THEN g.util END DESC,
           CASE WHEN :order = 'LOWEST' THEN g.util END ASC,
           CASE WHEN :order = 'NAME' THEN lower(g.label) END ASC,
           g.key ASC
  LIMIT :limit
) r ON true
ORDER BY CASE WHEN :order = 'HIGHEST' THEN r.util END DESC,
         CASE WHEN :order = 'LOWEST' THEN r.util END ASC,
         CASE WHEN :order = 'NAME' THEN lower(r.label) END ASC,
         r.key ASC

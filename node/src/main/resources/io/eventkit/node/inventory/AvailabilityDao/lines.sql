-- One GiST probe of booking_line_product_hold per product (LATERAL), not a scan of all bookings.
SELECT b.id, b.event_id, '' AS event_name, b.product_id, b.quantity,
       lower(b.hold_period) AS starts_at, upper(b.hold_period) AS ends_at,
       b.holds, b.event_status, b.priority, b.created_at
FROM unnest(CAST(:ids AS uuid[])) AS p(id)
CROSS JOIN LATERAL (
    SELECT * FROM booking_line l
    WHERE l.product_id = p.id
      AND l.hold_period && tstzrange(:start, :end, '[)')
      AND (l.holds OR l.event_status = ANY(:tentative))
) b
UNION ALL
-- Scanning (V63): a unit still out past its booking, or out without a booking line, is held from
-- the end of its line's hold (or from when it went out) until it is checked in or marked missing;
-- likewise bulk quantities still out past the event's last hold of that product. The partial
-- indexes on open check-outs keep this a probe per product.
-- A partner's unit on hire here (asset_id NULL, V66) holds none of our stock.
-- These holds rank above every booking (the highest priority): a unit that is physically out can't
-- go to another event whatever its priority, so an allocation never reports the unit's own event
-- short; the events that wanted it are.
SELECT c.id, c.event_id, '' AS event_name, c.product_id, 1 AS quantity,
       coalesce(upper(l.hold_period), c.out_at) AS starts_at, CAST(:end AS timestamptz) AS ends_at,
       true AS holds, e.status AS event_status, 2147483647 AS priority, c.out_at AS created_at
FROM checkout_asset c
JOIN event e ON e.id = c.event_id
LEFT JOIN booking_line l ON l.id = c.line_id
WHERE c.product_id = ANY(CAST(:ids AS uuid[])) AND c.closed_at IS NULL AND c.asset_id IS NOT NULL
  AND coalesce(upper(l.hold_period), c.out_at) < :end
UNION ALL
SELECT b.event_id AS id, b.event_id, '' AS event_name, b.product_id,
       b.out_qty - b.returned_qty - b.damaged_qty - b.missing_qty AS quantity,
       h.held_until AS starts_at, CAST(:end AS timestamptz) AS ends_at,
       true AS holds, e.status AS event_status, 2147483647 AS priority,
       b.first_out_at AS created_at
FROM checkout_bulk b
JOIN event e ON e.id = b.event_id
CROSS JOIN LATERAL (
    SELECT coalesce(max(upper(l.hold_period)), b.first_out_at) AS held_until
    FROM booking_line l WHERE l.event_id = b.event_id AND l.product_id = b.product_id
) h
WHERE b.product_id = ANY(CAST(:ids AS uuid[]))
  AND b.returned_qty + b.damaged_qty + b.missing_qty < b.out_qty
  AND h.held_until < :end

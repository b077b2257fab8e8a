-- The holding lines of some products overlapping the window: one GiST probe of
-- booking_line_product_hold per product (the shortage sweep's second pass, for the few products
-- that can be short). Event names are read afterwards for the events that are.
SELECT b.id, b.event_id, '' AS event_name, b.product_id, b.quantity,
       lower(b.hold_period) AS starts_at, upper(b.hold_period) AS ends_at,
       b.holds, b.event_status, b.priority, b.created_at
FROM unnest(CAST(:ids AS uuid[])) AS p(id)
CROSS JOIN LATERAL (
    SELECT * FROM booking_line l
    WHERE l.product_id = p.id
      AND l.holds
      AND l.hold_period && tstzrange(:start, :end, '[)')
) b

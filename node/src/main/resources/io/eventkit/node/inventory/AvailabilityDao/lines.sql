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

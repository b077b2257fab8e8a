SELECT b.id, b.event_id, e.name AS event_name, b.product_id, b.quantity,
       lower(b.hold_period) AS starts_at, upper(b.hold_period) AS ends_at,
       b.holds, b.event_status, b.priority, b.created_at
FROM booking_line b
JOIN event e ON e.id = b.event_id
WHERE b.holds
  AND b.product_id IS NOT NULL
  AND b.hold_period && tstzrange(:start, :end, '[)')

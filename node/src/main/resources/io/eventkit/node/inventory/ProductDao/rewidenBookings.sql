-- Re-applies the product's turnaround buffers to its booking lines after they changed.
UPDATE booking_line b
SET hold_period = tstzrange(lower(b.period) - make_interval(secs => p.buffer_before_seconds),
                            upper(b.period) + make_interval(secs => p.buffer_after_seconds), '[)')
FROM product p
WHERE p.id = :id AND b.product_id = p.id

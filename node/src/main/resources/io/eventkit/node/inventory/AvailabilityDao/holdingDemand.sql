-- The shortage sweep's first pass: every holding line in the window (booking_line_holding, a
-- partial GiST index), clipped to it, in epoch microseconds, with its product's usable units.
-- Only what a peak-demand sweep needs; the full lines are read afterwards for the few products
-- whose peak exceeds their units. Capacities are joined here (hash joins over two small tables)
-- rather than sent back as an array of thousands of IDs.
WITH l AS MATERIALIZED (
    SELECT b.product_id, b.quantity,
           (extract(epoch FROM greatest(lower(b.hold_period), :start)) * 1000000)::bigint AS s,
           (extract(epoch FROM least(upper(b.hold_period), :end)) * 1000000)::bigint AS e
    FROM booking_line b
    WHERE b.holds
      AND b.product_id IS NOT NULL
      AND b.hold_period && tstzrange(:start, :end, '[)')
)
SELECT l.product_id, l.quantity, l.s, l.e, c.owned - c.unavailable AS usable
FROM l
JOIN product_capacity c ON c.product_id = l.product_id

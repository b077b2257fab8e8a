-- The event's load units: its top-level booking lines, with what each weighs and measures. A case
-- line travels as one unit: its weight is the case's own plus everything in it (assets' products,
-- bulk quantities, nested cases' own weights, at any depth: the recursive part), its volume the
-- case's outer dimensions or, when those are unknown, the sum of its contents' volumes.
WITH RECURSIVE top AS (
    SELECT b.id, b.product_id, b.asset_id, b.case_id, b.quantity, b.created_at
    FROM booking_line b
    WHERE b.tenant_id = :tenant AND b.event_id = :eventId AND b.parent_line_id IS NULL
),
tree AS (
    SELECT t.id AS line_id, t.case_id, 0 AS depth FROM top t WHERE t.case_id IS NOT NULL
    UNION ALL
    SELECT tree.line_id, c.id, tree.depth + 1
    FROM tree JOIN case_container c ON c.parent_case_id = tree.case_id
    WHERE tree.depth < 32
),
item AS (
    SELECT tree.line_id, p.weight_grams AS weight,
           p.length_mm::bigint * p.width_mm * p.height_mm / 1000 AS volume,
           greatest(p.length_mm, p.width_mm, p.height_mm) AS len,
           p.weight_grams = 0 AS weight_missing,
           (p.length_mm = 0 OR p.width_mm = 0 OR p.height_mm = 0) AS dims_missing
    FROM tree
    JOIN case_asset ca ON ca.case_id = tree.case_id
    JOIN asset a ON a.id = ca.asset_id
    JOIN product p ON p.id = a.product_id
    UNION ALL
    SELECT tree.line_id, p.weight_grams * cb.quantity,
           p.length_mm::bigint * p.width_mm * p.height_mm / 1000 * cb.quantity,
           greatest(p.length_mm, p.width_mm, p.height_mm),
           p.weight_grams = 0,
           (p.length_mm = 0 OR p.width_mm = 0 OR p.height_mm = 0)
    FROM tree
    JOIN case_bulk cb ON cb.case_id = tree.case_id
    JOIN product p ON p.id = cb.product_id
    UNION ALL
    SELECT tree.line_id, c.weight_grams, 0, greatest(c.length_mm, c.width_mm, c.height_mm),
           c.weight_grams = 0, false
    FROM tree
    JOIN case_container c ON c.id = tree.case_id
    WHERE tree.depth > 0
),
contents AS (
    SELECT line_id, sum(weight)::bigint AS weight, sum(volume)::bigint AS volume,
           max(len) AS len, bool_or(weight_missing) AS weight_missing,
           bool_or(dims_missing) AS dims_missing, count(*) AS items
    FROM item GROUP BY line_id
),
placed AS (
    SELECT booking_line_id, sum(quantity)::int AS quantity
    FROM truck_load
    WHERE tenant_id = :tenant AND event_id = :eventId
    GROUP BY booking_line_id
)
SELECT t.id, t.product_id, t.asset_id, t.case_id, t.quantity,
       p.manufacturer, p.model, p.weight_grams AS p_weight,
       p.length_mm AS p_length, p.width_mm AS p_width, p.height_mm AS p_height,
       a.barcode AS asset_barcode,
       c.barcode AS case_barcode, c.name AS case_name, c.weight_grams AS c_weight,
       c.length_mm AS c_length, c.width_mm AS c_width, c.height_mm AS c_height,
       coalesce(ct.weight, 0) AS ct_weight, coalesce(ct.volume, 0) AS ct_volume,
       coalesce(ct.len, 0) AS ct_length, coalesce(ct.weight_missing, false) AS ct_weight_missing,
       coalesce(ct.dims_missing, false) AS ct_dims_missing, coalesce(ct.items, 0) AS ct_items,
       coalesce(pl.quantity, 0) AS placed
FROM top t
LEFT JOIN product p ON p.id = t.product_id
LEFT JOIN asset a ON a.id = t.asset_id
LEFT JOIN case_container c ON c.id = t.case_id
LEFT JOIN contents ct ON ct.line_id = t.id
LEFT JOIN placed pl ON pl.booking_line_id = t.id
ORDER BY t.created_at, t.id

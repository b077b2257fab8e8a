SELECT t.product_id, t.quantity, lower(t.period) AS starts_at, upper(t.period) AS ends_at
FROM unnest(CAST(:ids AS uuid[])) AS p(id)
CROSS JOIN LATERAL (
    SELECT * FROM temporary_stock s
    WHERE s.product_id = p.id AND s.period && tstzrange(:start, :end, '[)')
) t

-- The label of each product of this node (its name, else manufacturer and model).
SELECT id, CASE WHEN btrim(name) = '' THEN manufacturer || ' ' || model ELSE name END AS label
FROM product
WHERE tenant_id = :tenant AND id = ANY(:ids)

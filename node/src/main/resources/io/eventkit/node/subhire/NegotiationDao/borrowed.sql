-- Sub-hires of this node as borrower whose gear is here (dispatched, on hire), with the local
-- product the sub-hire line of that supplier product maps to (the first line, if several).
SELECT m.barcode, m.asset_ref, m.supplier_product_id, m.product_name, s.id, s.partner_node_id,
       s.state,
       (SELECT l.local_product_id FROM subhire_line l
        WHERE l.subhire_id = s.id AND l.supplier_product_id = m.supplier_product_id
        ORDER BY l.line_no LIMIT 1) AS local_product_id
FROM subhire_manifest m
JOIN subhire s ON s.id = m.subhire_id
WHERE m.tenant_id = :tenant AND m.barcode = ANY(:b) AND s.role = 'BORROWER' AND s.state IN ('DISPATCHED', 'ON_HIRE')

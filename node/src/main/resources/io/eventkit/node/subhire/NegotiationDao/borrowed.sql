-- Sub-hires of this node as borrower whose gear is here (dispatched, on hire).
SELECT m.barcode, m.asset_ref, m.supplier_product_id, m.product_name, s.id, s.partner_node_id,
       s.state
FROM subhire_manifest m
JOIN subhire s ON s.id = m.subhire_id
WHERE m.tenant_id = :tenant AND m.barcode = ANY(:b) AND s.role = 'BORROWER' AND s.state IN ('DISPATCHED', 'ON_HIRE')

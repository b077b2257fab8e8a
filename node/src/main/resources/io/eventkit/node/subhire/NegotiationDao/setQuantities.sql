UPDATE subhire_line SET quantity = :l.quantity
WHERE tenant_id = :tenant AND subhire_id = :l.negotiationId AND line_no = :l.lineNo

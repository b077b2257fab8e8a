UPDATE subhire_line SET quantity = :l.quantity
WHERE subhire_id = :l.negotiationId AND line_no = :l.lineNo

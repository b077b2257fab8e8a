UPDATE subhire_line SET product_name = :l.productName, quoted_currency = :l.currency,
                        quoted_minor = :l.minor, quantity = :l.quantity
WHERE tenant_id = :tenant AND subhire_id = :l.negotiationId AND line_no = :l.lineNo

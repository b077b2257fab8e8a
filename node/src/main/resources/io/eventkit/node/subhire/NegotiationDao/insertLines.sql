INSERT INTO subhire_line (tenant_id, subhire_id, line_no, supplier_product_id, local_product_id, product_name,
                          quantity, suggested_currency, suggested_minor)
VALUES (:tenant, :l.negotiationId, :l.lineNo, :l.supplierProductId, :l.localProductId, :l.productName,
        :l.quantity, :l.currency, :l.minor)

SELECT m.partner_node_id, m.product_id, '' AS product_name, m.partner_product_id,
       m.partner_manufacturer, m.partner_model, m.partner_category, m.partner_name,
       m.partner_gtin, m.state, m.match, m.decided_by, m.decided_at
FROM federation_product_mapping m
WHERE m.tenant_id = :tenant AND m.product_id = ANY(:ids) AND m.state <> 'SUGGESTED'

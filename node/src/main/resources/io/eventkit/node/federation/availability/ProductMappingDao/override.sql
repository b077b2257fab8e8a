INSERT INTO federation_product_mapping
    (tenant_id, partner_node_id, product_id, partner_product_id, partner_manufacturer, partner_model,
     partner_category, partner_name, partner_gtin, state, match, decided_by, decided_at,
     created_at, updated_at)
VALUES
    (:tenant, :partner, :s.productId, :s.partnerProductId, :s.manufacturer, :s.model,
     :s.category, :s.name, :s.gtin, 'OVERRIDDEN', :s.match, :by, :now, :now, :now)
ON CONFLICT (partner_node_id, product_id, partner_product_id) DO UPDATE SET
    partner_manufacturer = excluded.partner_manufacturer,
    partner_model = excluded.partner_model,
    partner_category = excluded.partner_category,
    partner_name = excluded.partner_name,
    partner_gtin = excluded.partner_gtin,
    state = 'OVERRIDDEN',
    decided_by = excluded.decided_by,
    decided_at = excluded.decided_at,
    updated_at = excluded.updated_at

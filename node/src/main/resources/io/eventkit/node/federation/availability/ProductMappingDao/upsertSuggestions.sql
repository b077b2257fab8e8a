INSERT INTO federation_product_mapping
    (tenant_id, partner_node_id, product_id, partner_product_id, partner_manufacturer, partner_model,
     partner_category, partner_name, partner_gtin, state, match, created_at, updated_at)
VALUES
    (:tenant, :partner, :s.productId, :s.partnerProductId, :s.manufacturer, :s.model,
     :s.category, :s.name, :s.gtin, 'SUGGESTED', :s.match, :now, :now)
ON CONFLICT (partner_node_id, product_id, partner_product_id) DO UPDATE SET
    partner_manufacturer = excluded.partner_manufacturer,
    partner_model = excluded.partner_model,
    partner_category = excluded.partner_category,
    partner_name = excluded.partner_name,
    partner_gtin = excluded.partner_gtin,
    updated_at = excluded.updated_at
WHERE (federation_product_mapping.partner_manufacturer, federation_product_mapping.partner_model,
       federation_product_mapping.partner_category, federation_product_mapping.partner_name,
       federation_product_mapping.partner_gtin)
      IS DISTINCT FROM
      (excluded.partner_manufacturer, excluded.partner_model, excluded.partner_category,
       excluded.partner_name, excluded.partner_gtin)

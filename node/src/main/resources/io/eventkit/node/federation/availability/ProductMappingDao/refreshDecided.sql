UPDATE federation_product_mapping
SET partner_manufacturer = :s.manufacturer, partner_model = :s.model,
    partner_category = :s.category, partner_name = :s.name, partner_gtin = :s.gtin
WHERE tenant_id = :tenant
  AND partner_node_id = :partner
  AND partner_product_id = :s.partnerProductId
  AND state <> 'SUGGESTED'

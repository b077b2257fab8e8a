SELECT c.id, c.name, c.name_key, c.email, c.phone, c.website, c.domain, c.tax_id,
       c.address_line1, c.address_line2, c.postal_code, c.city, c.region, c.country_code,
       c.default_currency, c.language, c.price_list_id, c.tags, c.notes, c.archived,
       c.created_at, c.updated_at
FROM crm_company c
WHERE c.tenant_id = :tenant
  AND (CAST(:exceptId AS uuid) IS NULL OR c.id <> CAST(:exceptId AS uuid))
  AND ((CAST(:nameKey AS text) IS NOT NULL AND c.name_key = CAST(:nameKey AS text))
       OR (CAST(:domain AS text) IS NOT NULL AND c.domain = CAST(:domain AS text))
       OR (CAST(:email AS text) IS NOT NULL AND c.email <> ''
           AND lower(c.email) = lower(CAST(:email AS text))))
ORDER BY c.archived, lower(c.name), c.id
LIMIT 10

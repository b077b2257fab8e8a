-- The text filter matches the company's fields through crm_company_search (pg_trgm) and its
-- contacts' names, emails and phones through crm_contact_search.
SELECT c.id, c.name, c.name_key, c.email, c.phone, c.website, c.domain, c.tax_id,
       c.address_line1, c.address_line2, c.postal_code, c.city, c.region, c.country_code,
       c.default_currency, c.language, c.price_list_id, c.tags, c.notes, c.archived,
       c.created_at, c.updated_at
FROM crm_company c
WHERE c.tenant_id = :tenant
  AND (:includeArchived OR NOT c.archived)
  AND (CAST(:tag AS text) IS NULL OR c.tags @> ARRAY[CAST(:tag AS text)])
  AND (CAST(:like AS text) IS NULL
       OR (c.name || ' ' || c.email || ' ' || c.domain || ' ' || c.tax_id) ILIKE CAST(:like AS text)
       OR EXISTS (SELECT 1 FROM crm_contact ct
                  WHERE ct.company_id = c.id
                    AND (ct.first_name || ' ' || ct.last_name || ' ' || ct.email || ' ' || ct.phone
                         || ' ' || ct.mobile) ILIKE CAST(:like AS text)))
  AND (CAST(:afterName AS text) IS NULL OR (lower(c.name), c.id) > (lower(CAST(:afterName AS text)), :afterId))
ORDER BY lower(c.name), c.id
LIMIT :limit

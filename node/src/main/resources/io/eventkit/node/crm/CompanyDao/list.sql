-- The text filter matches the company's fields (crm_company_search, pg_trgm) or any of its
-- contacts' names, emails and phones (crm_contact_search): each side is a trigram index scan, and
-- the companies they name are then sorted, so a search does not visit every company.
SELECT c.id, c.name, c.name_key, c.email, c.phone, c.website, c.domain, c.tax_id,
       c.address_line1, c.address_line2, c.postal_code, c.city, c.region, c.country_code,
       c.default_currency, c.language, c.price_list_id, c.tags, c.notes, c.archived,
       c.created_at, c.updated_at
FROM crm_company c
WHERE c.tenant_id = :tenant
  AND (:includeArchived OR NOT c.archived)
  AND (CAST(:tag AS text) IS NULL OR c.tags @> ARRAY[CAST(:tag AS text)])
  AND (CAST(:like AS text) IS NULL
       OR c.id IN (SELECT m.id FROM crm_company m
                   WHERE (m.name || ' ' || m.email || ' ' || m.domain || ' ' || m.tax_id)
                         ILIKE CAST(:like AS text)
                   UNION
                   SELECT ct.company_id FROM crm_contact ct
                   WHERE (ct.first_name || ' ' || ct.last_name || ' ' || ct.email || ' '
                          || ct.phone || ' ' || ct.mobile) ILIKE CAST(:like AS text)))
  AND (CAST(:afterName AS text) IS NULL
       OR (lower(c.name), c.id) > (lower(CAST(:afterName AS text)), :afterId))
ORDER BY lower(c.name), c.id
LIMIT :limit

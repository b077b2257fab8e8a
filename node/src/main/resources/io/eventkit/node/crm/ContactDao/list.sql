SELECT ct.id, ct.company_id, c.name AS company_name, ct.first_name, ct.last_name, ct.role,
       ct.email, ct.phone, ct.mobile, ct.language, ct.is_primary, ct.notes, ct.archived,
       ct.created_at, ct.updated_at
FROM crm_contact ct
JOIN crm_company c ON c.id = ct.company_id
WHERE ct.tenant_id = :tenant
  AND (:includeArchived OR NOT ct.archived)
  AND (CAST(:companyId AS uuid) IS NULL OR ct.company_id = CAST(:companyId AS uuid))
  AND (CAST(:like AS text) IS NULL
       OR (ct.first_name || ' ' || ct.last_name || ' ' || ct.email || ' ' || ct.phone || ' '
           || ct.mobile) ILIKE CAST(:like AS text))
  AND (CAST(:afterLast AS text) IS NULL
       OR (lower(ct.last_name), lower(ct.first_name), ct.id)
          > (lower(CAST(:afterLast AS text)), lower(CAST(:afterFirst AS text)), :afterId))
ORDER BY lower(ct.last_name), lower(ct.first_name), ct.id
LIMIT :limit

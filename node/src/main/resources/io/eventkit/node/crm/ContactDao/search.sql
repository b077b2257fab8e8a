-- list.sql for a text query of 3 characters or more, without a company, that has few hits
-- (Crm.listContacts counts them first): the trigram index (crm_contact_search) finds every hit,
-- then they are sorted. Left to itself the planner walked crm_contact_list in name order and
-- filtered, expecting hits early; a fragment whose hits sort late ("Smith1" among 50,000 contacts)
-- then read most of the table (130 ms, and growing with it). This way the cost follows the number
-- of hits, not where they sort. The filters, order and keyset are list.sql's: CrmTest checks that
-- both return the same rows in the same order.
WITH hits AS MATERIALIZED (
    SELECT ct.*
    FROM crm_contact ct
    WHERE ct.tenant_id = :tenant
      AND (ct.first_name || ' ' || ct.last_name || ' ' || ct.email || ' ' || ct.phone || ' '
           || ct.mobile) ILIKE CAST(:like AS text)
)
SELECT ct.id, ct.company_id, c.name AS company_name, ct.first_name, ct.last_name, ct.role,
       ct.email, ct.phone, ct.mobile, ct.language, ct.is_primary, ct.notes, ct.archived,
       ct.created_at, ct.updated_at
FROM hits ct
JOIN crm_company c ON c.id = ct.company_id
WHERE (:includeArchived OR NOT ct.archived)
  AND (CAST(:afterLast AS text) IS NULL
       OR (lower(ct.last_name), lower(ct.first_name), ct.id)
          > (lower(CAST(:afterLast AS text)), lower(CAST(:afterFirst AS text)), :afterId))
ORDER BY lower(ct.last_name), lower(ct.first_name), ct.id
LIMIT :limit

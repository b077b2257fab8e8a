SELECT a.id, a.kind, a.company_id, a.contact_id,
       coalesce(trim(ct.first_name || ' ' || ct.last_name), '') AS contact_name, a.deal_id,
       a.subject, a.body, a.occurred_at, a.recorded_by, a.created_at
FROM crm_activity a
LEFT JOIN crm_contact ct ON ct.id = a.contact_id
WHERE a.tenant_id = :tenant
  AND (CAST(:companyId AS uuid) IS NULL OR a.company_id = CAST(:companyId AS uuid))
  AND (CAST(:contactId AS uuid) IS NULL OR a.contact_id = CAST(:contactId AS uuid))
  AND (CAST(:dealId AS uuid) IS NULL OR a.deal_id = CAST(:dealId AS uuid))
  AND (CAST(:beforeAt AS timestamptz) IS NULL
       OR (a.occurred_at, a.id) < (CAST(:beforeAt AS timestamptz), :beforeId))
ORDER BY a.occurred_at DESC, a.id DESC
LIMIT :limit

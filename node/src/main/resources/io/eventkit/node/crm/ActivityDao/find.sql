SELECT a.id, a.kind, a.company_id, a.contact_id,
       coalesce(trim(ct.first_name || ' ' || ct.last_name), '') AS contact_name, a.deal_id,
       a.subject, a.body, a.occurred_at, a.recorded_by, a.created_at
FROM crm_activity a
LEFT JOIN crm_contact ct ON ct.id = a.contact_id
WHERE a.tenant_id = :tenant AND a.id = :id

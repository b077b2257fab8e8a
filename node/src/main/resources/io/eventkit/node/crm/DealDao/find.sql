SELECT d.id, d.title, d.company_id, c.name AS company_name, d.contact_id,
       coalesce(trim(ct.first_name || ' ' || ct.last_name), '') AS contact_name,
       d.stage_id, s.name AS stage_name, s.kind AS stage_kind, s.position AS stage_position,
       d.value_currency, d.value_minor, d.probability, d.expected_close, d.owner_user_id,
       coalesce(u.display_name, '') AS owner_name,
       ARRAY(SELECT de.event_id FROM crm_deal_event de WHERE de.deal_id = d.id
             ORDER BY de.event_id) AS event_ids,
       d.lost_reason, d.notes, d.closed_at, d.created_at, d.updated_at
FROM crm_deal d
JOIN crm_company c ON c.id = d.company_id
JOIN crm_deal_stage s ON s.id = d.stage_id
LEFT JOIN crm_contact ct ON ct.id = d.contact_id
LEFT JOIN app_user u ON u.id = d.owner_user_id
WHERE d.tenant_id = :tenant AND d.id = :id

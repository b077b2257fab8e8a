-- The board: the page of deals is chosen first (deal and stage only), then the names (company,
-- contact, stage, owner) and linked events are joined to those rows alone, in the same statement.
WITH page AS (
    SELECT d.*, s.name AS stage_name, s.kind AS stage_kind, s.position AS stage_position
    FROM crm_deal d
    JOIN crm_deal_stage s ON s.id = d.stage_id
    WHERE d.tenant_id = :tenant
      AND (CAST(:stageId AS uuid) IS NULL OR d.stage_id = CAST(:stageId AS uuid))
      AND (CAST(:companyId AS uuid) IS NULL OR d.company_id = CAST(:companyId AS uuid))
      AND (CAST(:ownerId AS uuid) IS NULL OR d.owner_user_id = CAST(:ownerId AS uuid))
      AND (NOT :openOnly OR s.kind = 'OPEN')
      AND (CAST(:closedSince AS timestamptz) IS NULL OR s.kind = 'OPEN'
           OR d.closed_at >= CAST(:closedSince AS timestamptz))
      AND (CAST(:like AS text) IS NULL
           OR (d.title || ' ' || (SELECT c.name FROM crm_company c WHERE c.id = d.company_id))
              ILIKE CAST(:like AS text))
      AND (CAST(:afterPos AS integer) IS NULL
           OR (s.position, coalesce(d.expected_close, 'infinity'), d.id)
              > (CAST(:afterPos AS integer), CAST(:afterClose AS timestamptz), :afterId))
    ORDER BY s.position, coalesce(d.expected_close, 'infinity'), d.id
    LIMIT :limit
)
SELECT d.id, d.title, d.company_id, c.name AS company_name, d.contact_id,
       coalesce(trim(ct.first_name || ' ' || ct.last_name), '') AS contact_name,
       d.stage_id, d.stage_name, d.stage_kind, d.stage_position,
       d.value_currency, d.value_minor, d.probability, d.expected_close, d.owner_user_id,
       coalesce(u.display_name, '') AS owner_name,
       ARRAY(SELECT de.event_id FROM crm_deal_event de WHERE de.deal_id = d.id
             ORDER BY de.event_id) AS event_ids,
       d.lost_reason, d.notes, d.closed_at, d.created_at, d.updated_at
FROM page d
JOIN crm_company c ON c.id = d.company_id
LEFT JOIN crm_contact ct ON ct.id = d.contact_id
LEFT JOIN app_user u ON u.id = d.owner_user_id
ORDER BY d.stage_position, coalesce(d.expected_close, 'infinity'), d.id

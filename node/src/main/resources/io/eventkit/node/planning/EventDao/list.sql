-- The event's client comes from CRM in the same statement (LEFT JOIN), never a query per event.
SELECT event.id, event.name, event.client_name, event.venue, event.time_zone,
       lower(event.period) AS starts_at, upper(event.period) AS ends_at, event.status,
       event.priority, event.notes, event.created_at, event.updated_at, event.fulfilment,
       event.client_company_id, cc.name AS client_company_name, event.client_contact_id,
       trim(ct.first_name || ' ' || ct.last_name) AS client_contact_name,
       ct.email AS client_contact_email, ct.phone AS client_contact_phone
FROM event
LEFT JOIN crm_company cc ON cc.id = event.client_company_id
LEFT JOIN crm_contact ct ON ct.id = event.client_contact_id
WHERE event.tenant_id = :tenant
  AND (CAST(:statuses AS text[]) IS NULL OR event.status = ANY(:statuses))
  AND (CAST(:fulfilments AS text[]) IS NULL OR event.fulfilment = ANY(:fulfilments))
  AND (CAST(:like AS text) IS NULL
       OR lower(event.name || ' ' || event.client_name || ' ' || event.venue) LIKE CAST(:like AS text))
  AND (CAST(:productId AS uuid) IS NULL
       OR EXISTS (SELECT 1 FROM booking_line b
                  WHERE b.event_id = event.id AND b.product_id = CAST(:productId AS uuid)))
  AND (CAST(:assetId AS uuid) IS NULL
       OR EXISTS (SELECT 1 FROM booking_line b
                  WHERE b.event_id = event.id AND b.asset_id = CAST(:assetId AS uuid)))
  AND (CAST(:clientCompanyId AS uuid) IS NULL
       OR event.client_company_id = CAST(:clientCompanyId AS uuid))
  AND (CAST(:windowStart AS timestamptz) IS NULL
       OR event.period && tstzrange(:windowStart, :windowEnd, '[)'))
  AND (CAST(:afterStart AS timestamptz) IS NULL
       OR (lower(event.period), event.id) > (:afterStart, :afterId))
ORDER BY lower(event.period), event.id
LIMIT :limit

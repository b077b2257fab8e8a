-- Newest first; states are the stored ones (EXPIRED is SENT past valid_until, judged on :now).
SELECT q.*, q.exchange_rate::text AS exchange_rate_text,
       c.name AS company_name, c.price_list_id AS company_price_list_id, c.tax_id AS company_tax_id,
       concat_ws(E'\n', nullif(c.address_line1, ''), nullif(c.address_line2, ''),
                 nullif(trim(c.postal_code || ' ' || c.city), ''), nullif(c.region, ''),
                 nullif(c.country_code, '')) AS company_address,
       coalesce(trim(ct.first_name || ' ' || ct.last_name), '') AS contact_name,
       coalesce(ct.email, '') AS contact_email,
       coalesce(e.name, '') AS event_name, coalesce(e.status, '') AS event_status,
       lower(e.period) AS event_start, upper(e.period) AS event_end,
       coalesce(e.time_zone, 'UTC') AS event_time_zone
FROM quote q
JOIN crm_company c ON c.id = q.company_id
LEFT JOIN crm_contact ct ON ct.id = q.contact_id
LEFT JOIN event e ON e.id = q.event_id
WHERE q.tenant_id = :tenant
  AND (CAST(:companyId AS uuid) IS NULL OR q.company_id = CAST(:companyId AS uuid))
  AND (CAST(:eventId AS uuid) IS NULL OR q.event_id = CAST(:eventId AS uuid))
  AND (CAST(:like AS text) IS NULL
       OR lower(q.number || ' ' || q.title || ' ' || c.name) LIKE CAST(:like AS text))
  AND (CAST(:states AS text[]) IS NULL
       OR (CASE WHEN q.state = 'SENT' AND EXISTS (
                     SELECT 1 FROM quote_version v WHERE v.quote_id = q.id
                       AND v.version = q.latest_version AND v.valid_until < :now)
                THEN 'EXPIRED' ELSE q.state END) = ANY(:states))
  AND (CAST(:afterCreated AS timestamptz) IS NULL
       OR (q.created_at, q.id) < (CAST(:afterCreated AS timestamptz), CAST(:afterId AS uuid)))
ORDER BY q.created_at DESC, q.id DESC
LIMIT :limit

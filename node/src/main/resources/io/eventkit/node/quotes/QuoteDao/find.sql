-- A quote's header with its client (CRM company and contact) and event, read by SQL joins.
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
WHERE q.tenant_id = :tenant AND q.id = :id

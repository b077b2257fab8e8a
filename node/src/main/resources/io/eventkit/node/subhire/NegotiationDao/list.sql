-- Every filter is optional (NULL matches all); newest first, keyset-paged on (created_at, id).
SELECT id, role, partner_node_id, state, peer_state, version, next_out_seq, last_in_seq,
       requesting_company, contact_name, contact_email, contact_phone, event_name,
       event_reference, lower(usage_period) AS usage_start, upper(usage_period) AS usage_end,
       lower(delivery_period) AS delivery_start, upper(delivery_period) AS delivery_end,
       location, note, quote_valid_until, quote_version, reason, supplier_event_id,
       failed_message, created_at, updated_at
FROM subhire
WHERE tenant_id = :tenant
  AND (CAST(:role AS text) IS NULL OR role = :role)
  AND (CAST(:partner AS text) IS NULL OR partner_node_id = :partner)
  AND (CAST(:states AS text[]) IS NULL OR state = ANY(:states))
  AND (CAST(:afterId AS uuid) IS NULL OR (created_at, id) < (:afterCreated, :afterId))
ORDER BY created_at DESC, id DESC
LIMIT :limit

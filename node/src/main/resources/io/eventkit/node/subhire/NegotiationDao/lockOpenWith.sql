-- In ID order, so concurrent sweeps never deadlock.
SELECT id, role, partner_node_id, state, peer_state, version, next_out_seq, last_in_seq,
       requesting_company, contact_name, contact_email, contact_phone, event_name,
       event_reference, lower(usage_period) AS usage_start, upper(usage_period) AS usage_end,
       lower(delivery_period) AS delivery_start, upper(delivery_period) AS delivery_end,
       location, note, quote_valid_until, quote_version, reason, supplier_event_id,
       failed_message, created_at, updated_at
FROM subhire
WHERE partner_node_id = :p AND state NOT IN ('CLOSED', 'DECLINED', 'EXPIRED', 'CANCELLED')
ORDER BY id
FOR UPDATE

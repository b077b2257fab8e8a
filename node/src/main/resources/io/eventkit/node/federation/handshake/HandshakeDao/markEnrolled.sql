UPDATE partner
SET state = 'PENDING', federation_endpoint = :endpoint, received_level = :received,
    bundle_text = :bundle, bundle_sequence = :seq, bundle_fetched_at = :now,
    pending_key_pem = :pendingKey, state_changed_at = :now
WHERE tenant_id = :tenant AND node_id = :id

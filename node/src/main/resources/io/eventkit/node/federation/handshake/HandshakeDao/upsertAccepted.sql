INSERT INTO partner (tenant_id, node_id, state, federation_endpoint, granted_level, received_level,
                     rate_limit_per_second, bundle_text, bundle_sequence, bundle_fetched_at,
                     created_at, state_changed_at)
VALUES (:tenant, :id, 'PENDING', :endpoint, :granted, :received, :limit, :bundle, :seq, :now, :now, :now)
ON CONFLICT (node_id, tenant_id) DO UPDATE SET
    state = 'PENDING', federation_endpoint = :endpoint, granted_level = :granted,
    received_level = :received, bundle_text = :bundle, bundle_sequence = :seq,
    bundle_fetched_at = :now, state_changed_at = :now

INSERT INTO partner (tenant_id, node_id, state, granted_level, rate_limit_per_second, created_at, state_changed_at)
VALUES (:tenant, :id, 'INVITED', :level, :limit, :now, :now)
ON CONFLICT (node_id, tenant_id) DO UPDATE SET
    state = 'INVITED', granted_level = :level, received_level = NULL, federation_endpoint = NULL,
    bundle_text = NULL, bundle_sequence = 0, bundle_fetched_at = NULL, client_chain_pem = NULL,
    client_key_pem = NULL, client_not_after = NULL, client_issued_at = NULL, pending_key_pem = NULL,
    state_changed_at = :now

SELECT node_id, state, federation_endpoint, granted_level,
       coalesce(received_level, 'NONE') AS received_level,
       auto_confirm_max_qty AS auto_confirm_max_quantity, auto_confirm_max_value,
       auto_confirm_currency, rate_limit_per_second, bundle_text, bundle_sequence,
       bundle_fetched_at, client_not_after, client_issued_at, created_at, state_changed_at,
       display_name
FROM partner
WHERE tenant_id = :tenant AND node_id = :id

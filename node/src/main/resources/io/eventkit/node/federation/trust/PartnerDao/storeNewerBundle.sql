UPDATE partner SET bundle_text = :text, bundle_sequence = :seq, bundle_fetched_at = :now
WHERE tenant_id = :tenant AND node_id = :id AND bundle_sequence < :seq

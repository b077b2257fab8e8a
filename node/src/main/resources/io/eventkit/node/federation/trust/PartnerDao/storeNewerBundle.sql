UPDATE partner SET bundle_text = :text, bundle_sequence = :seq, bundle_fetched_at = :now
WHERE node_id = :id AND bundle_sequence < :seq

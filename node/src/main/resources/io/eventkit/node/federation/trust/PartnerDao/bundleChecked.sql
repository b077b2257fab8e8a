UPDATE partner SET bundle_fetched_at = :now WHERE node_id = :id

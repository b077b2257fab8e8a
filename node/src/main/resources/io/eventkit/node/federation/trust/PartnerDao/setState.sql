UPDATE partner SET state = :to, state_changed_at = :now WHERE node_id = :id

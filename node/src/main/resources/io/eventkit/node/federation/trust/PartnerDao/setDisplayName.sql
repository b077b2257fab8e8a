UPDATE partner SET display_name = :name
WHERE tenant_id = :tenant AND node_id = :id AND display_name <> :name

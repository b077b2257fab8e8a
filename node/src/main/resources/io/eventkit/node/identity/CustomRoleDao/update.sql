UPDATE custom_role SET description = :description, permissions = :permissions, updated_at = :now
WHERE tenant_id = :tenant AND id = :id

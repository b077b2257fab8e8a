UPDATE custom_role SET description = :description, permissions = :permissions, updated_at = :now
WHERE id = :id

INSERT INTO custom_role (tenant_id, id, name, description, permissions, created_at, updated_at)
VALUES (:tenant, :id, :name, :description, :permissions, :now, :now)

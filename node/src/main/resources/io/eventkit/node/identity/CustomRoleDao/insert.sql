INSERT INTO custom_role (id, name, description, permissions, created_at, updated_at)
VALUES (:id, :name, :description, :permissions, :now, :now)

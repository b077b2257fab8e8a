INSERT INTO api_token (id, name, prefix, role, custom_role, permissions, token_hash, created_at,
                       expires_at, created_by, bootstrap)
VALUES (:id, :name, :prefix, :role, :customRole, :permissions, :hash, :now, :expiresAt, :createdBy,
        :bootstrap)

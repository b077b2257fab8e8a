INSERT INTO api_token (tenant_id, id, name, prefix, role, custom_role, permissions, token_hash, created_at,
                       expires_at, created_by, bootstrap)
VALUES (:tenant, :id, :name, :prefix, :role, :customRole, :permissions, :hash, :now, :expiresAt, :createdBy,
        :bootstrap)

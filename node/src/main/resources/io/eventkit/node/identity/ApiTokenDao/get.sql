SELECT id, name, prefix, role, custom_role, permissions, created_at, expires_at, last_used_at,
       revoked_at, created_by, bootstrap
FROM api_token
WHERE tenant_id = :tenant AND id = :id

SELECT id, name, prefix, role, custom_role, permissions, created_at, expires_at, last_used_at,
       revoked_at, created_by, bootstrap
FROM api_token
WHERE tenant_id = :tenant
  AND (:includeInactive OR (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)))
ORDER BY created_at DESC, id

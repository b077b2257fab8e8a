SELECT name FROM api_token
WHERE tenant_id = :tenant AND custom_role = :name AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)
ORDER BY name
LIMIT 5

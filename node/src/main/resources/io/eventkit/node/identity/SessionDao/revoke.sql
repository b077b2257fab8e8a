UPDATE auth_session SET revoked_at = :now, revoked_reason = :reason
WHERE tenant_id = :tenant AND id = :id AND revoked_at IS NULL

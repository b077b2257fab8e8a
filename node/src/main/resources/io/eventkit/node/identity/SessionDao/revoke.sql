UPDATE auth_session SET revoked_at = :now, revoked_reason = :reason
WHERE id = :id AND revoked_at IS NULL

UPDATE password_reset_token t SET spent_at = :now
FROM app_user u
WHERE t.tenant_id = :tenant AND t.token_hash = :hash AND t.spent_at IS NULL AND t.expires_at > :now
  AND u.id = t.user_id AND u.status <> 'DISABLED'
RETURNING t.user_id

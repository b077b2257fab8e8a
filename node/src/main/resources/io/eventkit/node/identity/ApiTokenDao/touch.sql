UPDATE api_token SET last_used_at = :now
WHERE tenant_id = :tenant AND id = :id AND (last_used_at IS NULL OR last_used_at < :now)

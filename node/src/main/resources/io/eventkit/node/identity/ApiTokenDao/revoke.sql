UPDATE api_token SET revoked_at = :now WHERE tenant_id = :tenant AND id = :id AND revoked_at IS NULL

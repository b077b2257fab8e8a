UPDATE refresh_token SET spent_at = :now WHERE tenant_id = :tenant AND token_hash = :hash

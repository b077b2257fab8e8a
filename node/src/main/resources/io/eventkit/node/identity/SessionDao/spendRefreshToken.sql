UPDATE refresh_token SET spent_at = :now WHERE token_hash = :hash

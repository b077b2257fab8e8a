UPDATE password_reset_token SET spent_at = :now WHERE tenant_id = :tenant AND user_id = :user AND spent_at IS NULL

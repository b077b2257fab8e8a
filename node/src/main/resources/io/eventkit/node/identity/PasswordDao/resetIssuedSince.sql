SELECT EXISTS (
    SELECT 1 FROM password_reset_token
    WHERE tenant_id = :tenant AND user_id = :user AND created_at > :since
)

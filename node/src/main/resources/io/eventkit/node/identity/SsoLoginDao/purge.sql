DELETE FROM sso_login WHERE expires_at < :before

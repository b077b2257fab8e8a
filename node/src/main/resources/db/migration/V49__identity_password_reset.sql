-- One-time password-reset tokens, issued by an admin (IssuePasswordReset) until email delivery
-- exists. Only the SHA-256 hash of the token is kept. A token is spent when used, and issuing a
-- new one for the same user spends the older ones.
CREATE TABLE password_reset_token (
    token_hash bytea PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES app_user (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    spent_at   timestamptz
);
CREATE INDEX password_reset_token_user ON password_reset_token (user_id) WHERE spent_at IS NULL;

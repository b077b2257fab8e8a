-- Login sessions. Each has a chain of single-use refresh tokens (stored as SHA-256 hashes of 32
-- random bytes); a token is spent when exchanged (spent_at). Presenting a spent token again revokes
-- the session.
CREATE TABLE auth_session (
    id             uuid PRIMARY KEY,
    user_id        uuid        NOT NULL REFERENCES app_user (id),
    created_at     timestamptz NOT NULL,
    last_used_at   timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason text,
    source_address text        NOT NULL
);
CREATE INDEX auth_session_user ON auth_session (user_id, created_at DESC);

CREATE TABLE refresh_token (
    token_hash bytea PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES auth_session (id),
    created_at timestamptz NOT NULL,
    spent_at   timestamptz
);
CREATE INDEX refresh_token_session ON refresh_token (session_id);

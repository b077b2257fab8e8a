-- API tokens for local users and scripts. Only a SHA-256 hash of each token is stored.
CREATE TABLE api_token (
    id           uuid PRIMARY KEY,
    name         text        NOT NULL,
    role         text        NOT NULL,
    token_hash   bytea       NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);

CREATE INDEX api_token_active ON api_token (role) WHERE revoked_at IS NULL;

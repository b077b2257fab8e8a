-- API tokens become listable, expiring and revocable keys: a recognisable prefix of the secret, an
-- optional expiry, when they were last used (written at most once a minute per token), who created
-- them, whether it is the bootstrap token written to the data directory at first start, and either
-- a built-in role, a custom role (V45) or an explicit permission set.
ALTER TABLE api_token
    ADD COLUMN prefix       text        NOT NULL DEFAULT 'ekt_',
    ADD COLUMN expires_at   timestamptz,
    ADD COLUMN last_used_at timestamptz,
    ADD COLUMN created_by   text        NOT NULL DEFAULT 'system',
    ADD COLUMN bootstrap    boolean     NOT NULL DEFAULT false,
    ADD COLUMN permissions  text[],
    ALTER COLUMN role DROP NOT NULL;

-- The token the node wrote to <dataDir>/admin-token before tokens had these columns.
UPDATE api_token SET bootstrap = true WHERE name = 'admin (first start)' AND role = 'ADMIN';

CREATE INDEX api_token_created ON api_token (created_at DESC, id);

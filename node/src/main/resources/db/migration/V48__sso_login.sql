-- OIDC logins in progress (StartSsoLogin -> CompleteSsoLogin), so that any replica can complete
-- one. Keyed by the SHA-256 of the `state` handed to the browser; single use (spent_at) and valid
-- for 10 minutes. The PKCE verifier and the nonce never leave the node.
CREATE TABLE sso_login (
    state_hash    bytea PRIMARY KEY,
    provider_id   text        NOT NULL,
    redirect_uri  text        NOT NULL,
    nonce         text        NOT NULL,
    code_verifier text        NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    spent_at      timestamptz
);
CREATE INDEX sso_login_expires ON sso_login (expires_at);

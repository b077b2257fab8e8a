INSERT INTO sso_login (tenant_id, state_hash, provider_id, redirect_uri, nonce, code_verifier, created_at, expires_at)
VALUES (:tenant, :stateHash, :providerId, :redirectUri, :nonce, :codeVerifier, :now, :expiresAt)

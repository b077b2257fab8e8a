INSERT INTO sso_login (state_hash, provider_id, redirect_uri, nonce, code_verifier, created_at, expires_at)
VALUES (:stateHash, :providerId, :redirectUri, :nonce, :codeVerifier, :now, :expiresAt)

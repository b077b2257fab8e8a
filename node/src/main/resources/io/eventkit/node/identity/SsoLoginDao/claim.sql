UPDATE sso_login
   SET spent_at = :now
 WHERE tenant_id = :tenant AND state_hash = :stateHash
   AND spent_at IS NULL
   AND expires_at > :now
RETURNING provider_id, redirect_uri, nonce, code_verifier

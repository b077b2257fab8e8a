SELECT issuer_fingerprint, serial, revoked_at
FROM issued_certificate
WHERE revoked_at IS NOT NULL

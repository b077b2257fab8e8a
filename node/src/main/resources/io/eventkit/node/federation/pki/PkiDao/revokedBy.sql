SELECT issuer_fingerprint, serial, revoked_at
FROM issued_certificate
WHERE issuer_fingerprint = :fp AND revoked_at IS NOT NULL
ORDER BY serial

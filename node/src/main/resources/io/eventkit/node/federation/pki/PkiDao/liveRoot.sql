SELECT cert_pem, key_pem
FROM pki_root
WHERE retired_at IS NULL
ORDER BY created_at DESC
LIMIT 1

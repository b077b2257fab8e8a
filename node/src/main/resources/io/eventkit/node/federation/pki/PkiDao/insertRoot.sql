INSERT INTO pki_root (id, cert_pem, key_pem, created_at) VALUES (:id, :cert, :key, :now)

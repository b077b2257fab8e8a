INSERT INTO pki_issuing_slot (id, state, cert_pem, key_pem, since)
VALUES (:id, :state, :cert, :key, :since)

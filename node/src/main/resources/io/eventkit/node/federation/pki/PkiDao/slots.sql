SELECT id, state, cert_pem, key_pem, since FROM pki_issuing_slot ORDER BY since

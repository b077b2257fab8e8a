SELECT chain_pem AS cert_pem, key_pem FROM pki_server_cert WHERE id = 1

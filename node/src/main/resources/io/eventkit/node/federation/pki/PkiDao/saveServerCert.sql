INSERT INTO pki_server_cert (id, chain_pem, key_pem, not_after)
VALUES (1, :chain, :key, :notAfter)
ON CONFLICT (id, tenant_id) DO UPDATE SET chain_pem = :chain, key_pem = :key, not_after = :notAfter

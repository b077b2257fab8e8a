UPDATE partner
SET client_chain_pem = :chain, client_key_pem = :key, client_not_after = :notAfter,
    client_issued_at = :now, pending_key_pem = NULL
WHERE tenant_id = :tenant AND node_id = :id

SELECT client_chain_pem AS chain_pem, client_key_pem AS encrypted_key
FROM partner
WHERE tenant_id = :tenant AND node_id = :id AND client_chain_pem IS NOT NULL

SELECT COALESCE(pending_key_pem, client_key_pem) AS key_pem
FROM partner
WHERE tenant_id = :tenant AND node_id = :id

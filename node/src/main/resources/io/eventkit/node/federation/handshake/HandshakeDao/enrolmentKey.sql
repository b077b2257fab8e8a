SELECT COALESCE(pending_key_pem, client_key_pem) AS key_pem
FROM partner
WHERE node_id = :id

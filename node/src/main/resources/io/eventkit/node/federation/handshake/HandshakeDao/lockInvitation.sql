SELECT partner_node_id, offered_level, secret_hash, expires_at, used_at
FROM invitation
WHERE tenant_id = :tenant AND id = :id
FOR UPDATE

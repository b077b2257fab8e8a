INSERT INTO invitation (tenant_id, id, partner_node_id, offered_level, secret_hash, created_at, created_by, expires_at)
VALUES (:tenant, :id, :partner, :level, :hash, :now, :by, :expires)

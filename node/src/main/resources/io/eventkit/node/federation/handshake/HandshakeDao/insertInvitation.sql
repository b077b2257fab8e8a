INSERT INTO invitation (id, partner_node_id, offered_level, secret_hash, created_at, created_by, expires_at)
VALUES (:id, :partner, :level, :hash, :now, :by, :expires)

INSERT INTO trust_audit (at, actor, actor_address, partner_node_id, action, detail)
VALUES (:at, :actor, :address, :partner, :action, :detail)

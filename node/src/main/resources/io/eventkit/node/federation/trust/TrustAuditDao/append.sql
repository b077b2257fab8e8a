INSERT INTO trust_audit (tenant_id, at, actor, actor_address, partner_node_id, action, detail)
VALUES (:tenant, :at, :actor, :address, :partner, :action, :detail)

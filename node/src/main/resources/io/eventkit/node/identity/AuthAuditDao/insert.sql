INSERT INTO auth_audit (tenant_id, at, actor, actor_address, action, subject, detail)
VALUES (:tenant, :at, :actor, :address, :action, :subject, :detail)

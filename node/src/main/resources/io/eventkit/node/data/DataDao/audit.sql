INSERT INTO data_audit (tenant_id, id, at, actor, action, detail)
VALUES (:tenant, :id, :at, :actor, :action, :detail)

INSERT INTO auth_audit (at, actor, actor_address, action, subject, detail)
VALUES (:at, :actor, :address, :action, :subject, :detail)

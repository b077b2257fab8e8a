INSERT INTO subhire_history (tenant_id, subhire_id, at, actor, from_state, to_state, detail)
VALUES (:tenant, :id, :at, :actor, :from, :to, coalesce(:detail, ''))

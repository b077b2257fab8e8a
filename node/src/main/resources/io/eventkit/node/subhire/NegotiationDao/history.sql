SELECT at, actor, from_state, to_state, detail
FROM subhire_history
WHERE tenant_id = :tenant AND subhire_id = :id
ORDER BY id

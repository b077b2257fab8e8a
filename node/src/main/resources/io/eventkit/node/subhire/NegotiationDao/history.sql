SELECT at, actor, from_state, to_state, detail
FROM subhire_history
WHERE subhire_id = :id
ORDER BY id

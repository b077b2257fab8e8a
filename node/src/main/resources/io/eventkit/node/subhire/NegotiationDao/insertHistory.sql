INSERT INTO subhire_history (subhire_id, at, actor, from_state, to_state, detail)
VALUES (:id, :at, :actor, :from, :to, coalesce(:detail, ''))

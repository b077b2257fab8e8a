SELECT id, state, attempts, next_attempt_at, last_error, sent_at, to_address
FROM mail_outbox
WHERE tenant_id = :tenant AND related_kind = :kind AND related_id = :relatedId
ORDER BY created_at, id

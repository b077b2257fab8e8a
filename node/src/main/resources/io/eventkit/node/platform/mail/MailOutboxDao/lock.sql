SELECT id, state, attempts, next_attempt_at, last_error, sent_at, to_address
FROM mail_outbox
WHERE tenant_id = :tenant AND id = :id
FOR UPDATE

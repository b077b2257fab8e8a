UPDATE mail_outbox
SET state = :state, attempts = :attempts, next_attempt_at = :nextAttemptAt, last_error = :error
WHERE id = :id AND state = 'PENDING'

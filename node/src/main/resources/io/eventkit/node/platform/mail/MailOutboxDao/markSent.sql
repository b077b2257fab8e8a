UPDATE mail_outbox
SET state = 'SENT', attempts = attempts + 1, sent_at = :now, next_attempt_at = NULL,
    last_error = NULL
WHERE id = :id AND state = 'PENDING'

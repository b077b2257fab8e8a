UPDATE subhire_outbox SET lease_until = NULL, last_error = :e, next_attempt_at = :next
WHERE id = :id AND claim_token = :token AND status = 'PENDING'

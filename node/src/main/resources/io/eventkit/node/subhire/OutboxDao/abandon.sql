UPDATE subhire_outbox SET status = 'ABANDONED', lease_until = NULL, last_error = :e
WHERE subhire_id = :n AND status = 'PENDING'

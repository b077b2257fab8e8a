UPDATE subhire_outbox SET lease_until = NULL, attempts = greatest(0, attempts - 1)
WHERE id = :id AND claim_token = :token AND status = 'PENDING'

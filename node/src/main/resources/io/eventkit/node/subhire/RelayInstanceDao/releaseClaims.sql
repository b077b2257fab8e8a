UPDATE subhire_outbox SET lease_until = NULL WHERE claim_instance = :id AND status = 'PENDING'

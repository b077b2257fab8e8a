SELECT EXISTS (SELECT 1 FROM subhire_outbox WHERE subhire_id = :n AND status = 'PENDING')

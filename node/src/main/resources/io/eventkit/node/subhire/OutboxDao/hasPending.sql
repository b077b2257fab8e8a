SELECT EXISTS (SELECT 1 FROM subhire_outbox WHERE tenant_id = :tenant AND subhire_id = :n AND status = 'PENDING')

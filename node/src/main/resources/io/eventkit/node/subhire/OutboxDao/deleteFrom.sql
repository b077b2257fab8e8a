DELETE FROM subhire_outbox
WHERE tenant_id = :tenant AND subhire_id = :n AND sequence >= :s AND status IN ('PENDING', 'ABANDONED')

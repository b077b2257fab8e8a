DELETE FROM subhire_outbox
WHERE subhire_id = :n AND sequence >= :s AND status IN ('PENDING', 'ABANDONED')

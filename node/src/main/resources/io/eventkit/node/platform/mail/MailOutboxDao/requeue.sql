UPDATE mail_outbox
SET state = 'PENDING', attempts = :attempts, next_attempt_at = :now
WHERE tenant_id = :tenant AND id = :id AND state <> 'SENT'

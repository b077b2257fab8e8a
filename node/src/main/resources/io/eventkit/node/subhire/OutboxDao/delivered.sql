UPDATE subhire_outbox
SET status = 'DELIVERED', delivered_at = :now, lease_until = NULL, last_error = ''
WHERE id = :id AND claim_token = :token AND status = 'PENDING'

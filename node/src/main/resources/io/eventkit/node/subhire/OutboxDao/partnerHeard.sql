UPDATE subhire_partner_backoff
SET failures = 0, next_attempt_at = :now, last_error = '', updated_at = :now
WHERE partner_node_id = :p AND failures > 0

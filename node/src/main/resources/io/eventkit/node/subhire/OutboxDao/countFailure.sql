INSERT INTO subhire_partner_backoff (partner_node_id, failures, next_attempt_at, last_error,
                                     updated_at)
VALUES (:p, 1, :now, :e, :now)
ON CONFLICT (partner_node_id, tenant_id) DO UPDATE
SET failures = subhire_partner_backoff.failures + 1, last_error = :e, updated_at = :now
RETURNING failures

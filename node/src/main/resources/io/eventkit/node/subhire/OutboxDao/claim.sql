-- The head of each negotiation, not waiting for its own retry time, partner not backing off, and
-- not claimed by another pass (unless the lease of that claim ran out, or its instance has not
-- beaten for the timeout by the database clock).
UPDATE subhire_outbox
SET lease_until = :leaseUntil, claim_token = :token, claim_instance = :instance,
    attempts = attempts + 1
WHERE id IN (
    SELECT o.id FROM subhire_outbox o
    WHERE o.status = 'PENDING'
      AND (o.lease_until IS NULL OR o.lease_until < :now
           OR NOT EXISTS (SELECT 1 FROM subhire_relay_instance i
                          WHERE i.instance_id = o.claim_instance
                            AND i.heartbeat_at >= clock_timestamp()
                                                  - make_interval(secs => :timeoutSecs)))
      AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= :now)
      AND NOT EXISTS (SELECT 1 FROM subhire_outbox p
                      WHERE p.subhire_id = o.subhire_id AND p.status = 'PENDING'
                        AND p.sequence < o.sequence)
      AND NOT EXISTS (SELECT 1 FROM subhire_partner_backoff b
                      WHERE b.partner_node_id = o.partner_node_id AND b.next_attempt_at > :now)
    ORDER BY o.id
    LIMIT :limit
    FOR UPDATE SKIP LOCKED)
RETURNING id, subhire_id, partner_node_id, message_id, sequence, method, envelope, attempts,
          trace_parent

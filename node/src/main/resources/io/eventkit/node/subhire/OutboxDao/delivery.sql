SELECT o.subhire_id, count(*), max(o.attempts), (array_agg(o.last_error ORDER BY o.sequence))[1],
       greatest(max(b.next_attempt_at), max(o.next_attempt_at))
FROM subhire_outbox o
LEFT JOIN subhire_partner_backoff b ON b.partner_node_id = o.partner_node_id AND b.failures > 0
WHERE o.tenant_id = :tenant AND o.subhire_id = ANY(:ids) AND o.status = 'PENDING'
GROUP BY o.subhire_id

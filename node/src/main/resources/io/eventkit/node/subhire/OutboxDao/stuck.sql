SELECT partner_node_id || ': ' || count(*) || ' waiting (' || max(last_error) || ')'
FROM subhire_outbox
WHERE status = 'PENDING' AND created_at < :before
GROUP BY partner_node_id
ORDER BY 1

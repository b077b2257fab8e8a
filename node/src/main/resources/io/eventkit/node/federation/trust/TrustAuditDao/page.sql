SELECT id, at, actor, actor_address AS address, partner_node_id AS partner, action, detail
FROM trust_audit
WHERE tenant_id = :tenant AND id < :before AND (:partner = '' OR partner_node_id = :partner)
ORDER BY id DESC
LIMIT :limit

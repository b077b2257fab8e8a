SELECT node_id, display_name
FROM partner
WHERE tenant_id = :tenant AND display_name <> ''

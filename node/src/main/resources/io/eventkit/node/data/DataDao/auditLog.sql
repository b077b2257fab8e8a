-- The newest entries first (data_audit_at).
SELECT at, actor, action, detail
FROM data_audit
WHERE tenant_id = :tenant
ORDER BY at DESC, id DESC
LIMIT :limit

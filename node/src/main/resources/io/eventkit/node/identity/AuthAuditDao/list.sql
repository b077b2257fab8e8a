SELECT * FROM auth_audit WHERE tenant_id = :tenant AND id < :before ORDER BY id DESC LIMIT :limit

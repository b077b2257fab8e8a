SELECT * FROM auth_audit WHERE id < :before ORDER BY id DESC LIMIT :limit

SELECT * FROM jwt_signing_key WHERE tenant_id = :tenant ORDER BY created_at DESC, kid

SELECT count(*) FROM jwt_signing_key WHERE tenant_id = :tenant

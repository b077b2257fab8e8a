SELECT id, status, auth_source, roles, password_hash IS NOT NULL AS has_password
  FROM app_user
 WHERE tenant_id = :tenant AND email = :email

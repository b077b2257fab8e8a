SELECT id, status, auth_source, roles, password_hash IS NOT NULL AS has_password
  FROM app_user
 WHERE email = :email
   FOR UPDATE

INSERT INTO app_user (tenant_id, id, email, display_name, locale, time_zone, roles, status, password_hash,
                      created_at, updated_at, auth_source)
VALUES (:tenant, :id, :email, :name, 'en', 'UTC', :roles, 'ACTIVE', NULL, :now, :now, :source)
ON CONFLICT (email, tenant_id) DO NOTHING

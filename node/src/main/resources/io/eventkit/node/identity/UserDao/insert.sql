INSERT INTO app_user (tenant_id, id, email, display_name, locale, time_zone, roles, custom_roles, status,
                      password_hash, created_at, updated_at)
VALUES (:tenant, :id, :email, :name, :locale, :tz, :roles, :custom, 'ACTIVE', :hash, :now, :now)

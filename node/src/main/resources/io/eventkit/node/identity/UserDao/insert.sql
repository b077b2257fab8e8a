INSERT INTO app_user (id, email, display_name, locale, time_zone, roles, custom_roles, status,
                      password_hash, created_at, updated_at)
VALUES (:id, :email, :name, :locale, :tz, :roles, :custom, 'ACTIVE', :hash, :now, :now)

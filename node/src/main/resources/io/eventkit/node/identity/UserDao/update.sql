UPDATE app_user SET display_name = :name, locale = :locale, time_zone = :tz, roles = :roles,
                    custom_roles = :custom, status = :status, updated_at = :now
WHERE tenant_id = :tenant AND id = :id

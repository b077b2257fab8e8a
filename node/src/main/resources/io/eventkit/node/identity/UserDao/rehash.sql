UPDATE app_user SET password_hash = :hash WHERE id = :id AND password_hash = :old

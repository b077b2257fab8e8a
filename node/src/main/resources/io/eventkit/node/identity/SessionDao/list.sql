SELECT * FROM auth_session ORDER BY created_at DESC, id LIMIT 500

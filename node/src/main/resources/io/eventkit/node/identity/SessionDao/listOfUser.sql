SELECT * FROM auth_session WHERE user_id = :user ORDER BY created_at DESC, id LIMIT 500

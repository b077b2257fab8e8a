SELECT * FROM auth_session WHERE id = :id

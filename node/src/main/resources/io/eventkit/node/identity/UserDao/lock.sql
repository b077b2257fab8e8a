SELECT * FROM app_user WHERE id = :id FOR UPDATE

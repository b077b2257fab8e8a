SELECT * FROM app_user WHERE email = :email

SELECT * FROM app_user ORDER BY email, id

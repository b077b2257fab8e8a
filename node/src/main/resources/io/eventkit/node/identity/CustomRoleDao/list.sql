SELECT * FROM custom_role ORDER BY lower(name)

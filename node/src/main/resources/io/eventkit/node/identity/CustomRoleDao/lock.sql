SELECT * FROM custom_role WHERE lower(name) = lower(:name) FOR UPDATE

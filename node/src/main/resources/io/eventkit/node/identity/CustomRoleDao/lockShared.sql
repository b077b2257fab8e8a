SELECT * FROM custom_role WHERE lower(name) = ANY(CAST(:names AS text[])) FOR SHARE

DELETE FROM custom_role WHERE id = :id

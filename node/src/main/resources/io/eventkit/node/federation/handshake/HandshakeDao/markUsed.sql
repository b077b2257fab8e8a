UPDATE invitation SET used_at = :now WHERE id = :id

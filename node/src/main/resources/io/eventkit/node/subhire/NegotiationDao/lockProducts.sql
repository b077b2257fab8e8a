SELECT id FROM product WHERE tenant_id = :tenant AND id = ANY(:ids) ORDER BY id FOR UPDATE

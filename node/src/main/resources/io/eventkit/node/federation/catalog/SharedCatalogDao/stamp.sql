SELECT count(*) FILTER (WHERE shared) AS shared,
       coalesce(floor(extract(epoch FROM max(updated_at)) * 1000000), 0)::bigint AS changed_at
FROM product
WHERE tenant_id = :tenant

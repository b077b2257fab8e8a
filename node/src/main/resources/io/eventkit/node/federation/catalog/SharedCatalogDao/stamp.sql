-- The shared catalogue's version stamp, on every partner query: the number of shared products
-- (index-only over product_shared) and the latest change of any product (one probe of
-- product_updated, backwards).
SELECT (SELECT count(*) FROM product WHERE tenant_id = :tenant AND shared) AS shared,
       coalesce((SELECT floor(extract(epoch FROM max(updated_at)) * 1000000)
                 FROM product WHERE tenant_id = :tenant), 0)::bigint AS changed_at

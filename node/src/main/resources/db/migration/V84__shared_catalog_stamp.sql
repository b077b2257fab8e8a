-- The shared catalogue's version (federation.catalog.SharedCatalog.version, stamp.sql) is read on
-- every partner query: these make it two index probes instead of a scan of the product table.
CREATE INDEX product_shared ON product (tenant_id) WHERE shared;
CREATE INDEX product_updated ON product (tenant_id, updated_at);

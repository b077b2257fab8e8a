-- Saved mappings, by name (the primary key).
SELECT name, entity, columns::text AS columns, updated_at
FROM data_import_mapping
WHERE tenant_id = :tenant
ORDER BY name

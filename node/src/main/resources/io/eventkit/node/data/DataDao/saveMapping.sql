INSERT INTO data_import_mapping (tenant_id, name, entity, columns, updated_at)
VALUES (:tenant, :name, :entity, CAST(:columns AS jsonb), :updatedAt)
ON CONFLICT (tenant_id, name)
DO UPDATE SET entity = EXCLUDED.entity, columns = EXCLUDED.columns, updated_at = EXCLUDED.updated_at

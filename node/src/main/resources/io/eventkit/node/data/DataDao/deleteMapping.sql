DELETE FROM data_import_mapping WHERE tenant_id = :tenant AND name = :name

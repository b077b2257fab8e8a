-- Data export and import (docs/data.md): who exported or imported what, and saved column mappings.
CREATE TABLE data_audit (
    id          uuid PRIMARY KEY,
    tenant_id   text        NOT NULL DEFAULT 'default',
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    -- EXPORT, IMPORT_DRY_RUN, IMPORT_APPLY
    action      text        NOT NULL CHECK (action IN ('EXPORT', 'IMPORT_DRY_RUN', 'IMPORT_APPLY')),
    detail      text        NOT NULL DEFAULT ''
);
CREATE INDEX data_audit_at ON data_audit (tenant_id, at DESC, id DESC);

CREATE TABLE data_import_mapping (
    tenant_id   text        NOT NULL DEFAULT 'default',
    name        text        NOT NULL,
    entity      text        NOT NULL,
    -- [{"field": "barcode", "headers": ["Asset Tag"]}, ...]
    columns     jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

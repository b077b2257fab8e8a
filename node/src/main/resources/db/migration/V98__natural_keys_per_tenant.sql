-- Natural keys are unique per tenant, not per deployment (issue 25, docs/saas.md): two companies
-- in one shared deployment may both own a product with GTIN 4006381333931, label a case EK-0001,
-- have a location "WH1", a user alice@example.com, a custom role "Rigger", or partner with the same
-- outside node. Under row-level security a key taken in another tenant would also be an oracle
-- ("already in use") into it. Keys that are random (token hashes, UUIDs) stay as they are.
--
-- The natural key stays the leading column and the tenant comes second: lookups by the key alone
-- (a barcode scan on a self-hosted node, where no policy adds the tenant) keep using the index,
-- and prefix searches on barcodes keep text_pattern_ops. ON CONFLICT targets infer an index
-- regardless of column order. Names stay, for the code that maps a violation by name.
--
-- Rolling upgrades (docs/operations.md): the previous release's ON CONFLICT statements name the old
-- keys of app_user (email), partner (node_id), subhire_partner_backoff (partner_node_id), pki_bundle
-- and pki_server_cert (id). Those old keys stay beside the new ones until a later release, so the
-- previous version keeps working during the roll; until they go, these five stay unique across
-- the deployment (docs/saas.md).
CREATE UNIQUE INDEX app_user_email_tenant ON app_user (email, tenant_id);

DROP INDEX asset_barcode;
CREATE UNIQUE INDEX asset_barcode ON asset (barcode text_pattern_ops, tenant_id);

ALTER TABLE case_container DROP CONSTRAINT case_container_barcode_key;
ALTER TABLE case_container ADD CONSTRAINT case_container_barcode_key UNIQUE (barcode, tenant_id);

ALTER TABLE barcode DROP CONSTRAINT barcode_pkey;
ALTER TABLE barcode ADD CONSTRAINT barcode_pkey PRIMARY KEY (code, tenant_id);

ALTER TABLE location DROP CONSTRAINT location_code_key;
ALTER TABLE location ADD CONSTRAINT location_code_key UNIQUE (code, tenant_id);

ALTER TABLE product DROP CONSTRAINT product_gtin_key;
ALTER TABLE product ADD CONSTRAINT product_gtin_key UNIQUE (gtin, tenant_id);

DROP INDEX custom_role_name;
CREATE UNIQUE INDEX custom_role_name ON custom_role (lower(name), tenant_id);

CREATE UNIQUE INDEX partner_node_tenant ON partner (node_id, tenant_id);

CREATE UNIQUE INDEX subhire_partner_backoff_tenant
    ON subhire_partner_backoff (partner_node_id, tenant_id);

DROP INDEX checkout_partner_open;
CREATE UNIQUE INDEX checkout_partner_open ON checkout_asset (asset_ref, tenant_id)
    WHERE closed_at IS NULL AND asset_ref IS NOT NULL;

-- Operation IDs come from clients (idempotency keys): one tenant's must not swallow another's.
ALTER TABLE scan_operation DROP CONSTRAINT scan_operation_pkey;
ALTER TABLE scan_operation ADD CONSTRAINT scan_operation_pkey PRIMARY KEY (operation_id, tenant_id);

ALTER TABLE stocktake_operation DROP CONSTRAINT stocktake_operation_pkey;
ALTER TABLE stocktake_operation
    ADD CONSTRAINT stocktake_operation_pkey PRIMARY KEY (operation_id, tenant_id);

ALTER TABLE inspection DROP CONSTRAINT inspection_operation_id_key;
ALTER TABLE inspection ADD CONSTRAINT inspection_operation_id_key UNIQUE (operation_id, tenant_id);

-- The CA's slots, trust bundle and server certificate: one set per tenant, each its own federation
-- identity.
ALTER TABLE pki_issuing_slot DROP CONSTRAINT pki_issuing_slot_pkey;
ALTER TABLE pki_issuing_slot ADD CONSTRAINT pki_issuing_slot_pkey PRIMARY KEY (id, tenant_id);

CREATE UNIQUE INDEX pki_bundle_tenant ON pki_bundle (id, tenant_id);

CREATE UNIQUE INDEX pki_server_cert_tenant ON pki_server_cert (id, tenant_id);

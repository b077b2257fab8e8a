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
ALTER TABLE app_user DROP CONSTRAINT app_user_email_key;
ALTER TABLE app_user ADD CONSTRAINT app_user_email_key UNIQUE (email, tenant_id);

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

ALTER TABLE partner DROP CONSTRAINT partner_pkey;
ALTER TABLE partner ADD CONSTRAINT partner_pkey PRIMARY KEY (node_id, tenant_id);

ALTER TABLE subhire_partner_backoff DROP CONSTRAINT subhire_partner_backoff_pkey;
ALTER TABLE subhire_partner_backoff
    ADD CONSTRAINT subhire_partner_backoff_pkey PRIMARY KEY (partner_node_id, tenant_id);

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

ALTER TABLE pki_bundle DROP CONSTRAINT pki_bundle_pkey;
ALTER TABLE pki_bundle ADD CONSTRAINT pki_bundle_pkey PRIMARY KEY (id, tenant_id);

ALTER TABLE pki_server_cert DROP CONSTRAINT pki_server_cert_pkey;
ALTER TABLE pki_server_cert ADD CONSTRAINT pki_server_cert_pkey PRIMARY KEY (id, tenant_id);

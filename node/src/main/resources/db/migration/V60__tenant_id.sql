-- Every table carries the tenant its row belongs to. A self-hosted node has one tenant, 'default'
-- (kernel TenantContext.DEFAULT_TENANT); the multi-tenant mode will bind the caller's tenant and add
-- row-level security on this column. Adding a NOT NULL column with a constant default rewrites no
-- table (PostgreSQL 11+). Keys stay as they are: IDs are UUIDs, unique across tenants; natural keys
-- (location code, barcode, GTIN, ...) become (tenant_id, key) when a node first holds two tenants.
-- New tables declare the column themselves (node/README.md, "Tenants").
ALTER TABLE api_token ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE app_user ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE asset ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE auth_audit ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE auth_session ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE barcode ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE booking_line ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE bulk_stock ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE case_asset ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE case_bulk ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE case_container ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE custom_role ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE event ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE federation_product_mapping ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE invitation ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE issued_certificate ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE jwt_signing_key ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE location ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE partner ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE password_reset_token ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE pki_bundle ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE pki_issuing_slot ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE pki_root ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE pki_server_cert ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE product ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE refresh_token ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE sso_login ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE stock_adjustment ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE subhire ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE subhire_history ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE subhire_inbox ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE subhire_line ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE subhire_manifest ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE subhire_outbox ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE subhire_partner_backoff ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE subhire_relay_instance ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE temporary_stock ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE transfer ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE transfer_asset ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE trust_audit ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';

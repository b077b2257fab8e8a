-- The second half of V97 and V98 (issue 25, docs/saas.md). Both kept something for one release so
-- that the previous version kept working during a rolling upgrade; the code since names neither.
--
-- V98 kept five deployment-wide keys beside their per-tenant ones, because the previous release's
-- ON CONFLICT statements named them. Since V98 every statement names the per-tenant key, so they
-- go: an address can now have a user in two companies (CreateUser no longer answers ALREADY_EXISTS
-- for another company's user, which told one company about another's people), and two companies
-- may partner with the same outside node and each hold a CA bundle and a server certificate.
-- The per-tenant unique indexes become the primary keys, without a rebuild.
ALTER TABLE app_user DROP CONSTRAINT app_user_email_key;

ALTER TABLE partner DROP CONSTRAINT partner_pkey;
ALTER TABLE partner ADD CONSTRAINT partner_pkey PRIMARY KEY USING INDEX partner_node_tenant;

ALTER TABLE subhire_partner_backoff DROP CONSTRAINT subhire_partner_backoff_pkey;
ALTER TABLE subhire_partner_backoff
    ADD CONSTRAINT subhire_partner_backoff_pkey PRIMARY KEY USING INDEX subhire_partner_backoff_tenant;

ALTER TABLE pki_bundle DROP CONSTRAINT pki_bundle_pkey;
ALTER TABLE pki_bundle ADD CONSTRAINT pki_bundle_pkey PRIMARY KEY USING INDEX pki_bundle_tenant;

ALTER TABLE pki_server_cert DROP CONSTRAINT pki_server_cert_pkey;
ALTER TABLE pki_server_cert
    ADD CONSTRAINT pki_server_cert_pkey PRIMARY KEY USING INDEX pki_server_cert_tenant;

-- V97 kept tenant_id, always 'default', on the node's own machinery, because the previous version
-- still filtered jwt_signing_key on it. Nothing reads or writes it since; no index or key uses it.
ALTER TABLE cluster_job DROP COLUMN tenant_id;
ALTER TABLE login_throttle DROP COLUMN tenant_id;
ALTER TABLE api_rate_bucket DROP COLUMN tenant_id;
ALTER TABLE subhire_relay_instance DROP COLUMN tenant_id;
ALTER TABLE jwt_signing_key DROP COLUMN tenant_id;

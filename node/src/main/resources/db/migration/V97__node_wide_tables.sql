-- The tenants of a deployment, and the node's own machinery taken out of the tenants' policy
-- (issue 25, docs/saas.md).
--
-- tenant: the registry. A self-hosted node has the one row 'default'; a shared (SaaS) deployment
-- has one per company. Background jobs run once per active tenant (platform/tenancy/Tenants).
--
-- Node-wide tables hold no company's data; they are the machinery that coordinates the replicas
-- and protects the node itself:
--   cluster_job             which replica runs each background job, and when it is next due
--   login_throttle          sign-in lock-outs; per source host across all tenants, and per account
--                           (an account's key names its tenant, see identity/LoginThrottle)
--   api_rate_bucket         callers' rate-limit budgets (Bucket4j, outside JDBI: it has no tenant)
--   subhire_relay_instance  the relay replicas' heartbeats
--   jwt_signing_key         the key that signs access tokens; a token names its tenant
-- Under the tenants' policy each would split per tenant, or see nothing when used outside a tenant.
-- So they have no row-level security, and the node no longer reads or writes their tenant_id. The
-- column stays, always 'default', until a later release: during a rolling upgrade the previous
-- version still filters jwt_signing_key on it (docs/operations.md, "Upgrades and restarts").
-- TenantColumnTest lists these tables; any other table without the tenant column and the policy
-- fails it.
CREATE TABLE tenant (
    id           text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    display_name text        NOT NULL DEFAULT '',
    status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO tenant (id) VALUES ('default');

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cluster_job', 'login_throttle', 'api_rate_bucket',
                           'subhire_relay_instance', 'jwt_signing_key']
  LOOP
    EXECUTE format('DROP POLICY tenant_isolation ON %I', t);
    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN tenant_id SET DEFAULT ''default''', t);
  END LOOP;
END $$;

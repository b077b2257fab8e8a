-- Row-level security on every table's tenant column (issue 25, node/README.md "Tenants").
--
-- Each table gets the policy tenant_isolation: a row is visible and writable only when its
-- tenant_id equals the session's eventkit.tenant setting, which the platform sets on every pooled
-- connection from the caller's tenant (platform/db/TenantSessions). A session without the setting
-- sees nothing and can write nothing.
--
-- RLS is enabled, not forced: the tables' owner (the role that runs these migrations) and
-- superusers are not subject to it. A self-hosted node connects as that owner, or as the embedded
-- server's superuser, so nothing changes for it. A deployment that serves several tenants connects
-- as a role that owns no table and lacks BYPASSRLS (docs/saas.md), and then every query is filtered.
-- A new table declares tenant_id text NOT NULL DEFAULT eventkit_session_tenant() and adds the same
-- two statements (RLS, policy) in its own migration, and a new view
-- security_invoker; TenantColumnTest fails without.
--
-- Rows inserted without a tenant (the shortage queue's trigger, for one) take
-- the session's tenant, not 'default': under the policy a 'default' row written for another tenant
-- would be refused. Without the setting (migrations, a self-hosted node's other connections) the
-- default stays 'default'.
CREATE FUNCTION eventkit_session_tenant() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(nullif(current_setting('eventkit.tenant', true), ''), 'default') $$;

DO $$
DECLARE
  t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables b
        ON b.table_schema = c.table_schema AND b.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id'
       AND b.table_type = 'BASE TABLE'
     ORDER BY 1
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN tenant_id SET DEFAULT eventkit_session_tenant()', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I'
      ' USING (tenant_id = current_setting(''eventkit.tenant'', true))'
      ' WITH CHECK (tenant_id = current_setting(''eventkit.tenant'', true))', t);
  END LOOP;
  -- A view reads its tables with its owner's rights, past their policies, unless it runs as the
  -- caller (PostgreSQL 15+, the documented minimum).
  FOR t IN
    SELECT table_name FROM information_schema.views WHERE table_schema = current_schema()
  LOOP
    EXECUTE format('ALTER VIEW %I SET (security_invoker = true)', t);
  END LOOP;
END $$;

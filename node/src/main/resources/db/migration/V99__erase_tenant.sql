-- Deleting a company account of a shared deployment (TenantService/DeleteTenant, docs/saas.md).
--
-- The registry gains the states 'deleting' (claimed atomically from 'suspended', so a concurrent
-- resume or second deletion can't interleave) and 'provisioning' (a creation in progress, which
-- nobody may use or resume), and the time of the last status change (a deletion waits until every
-- replica has stopped serving the suspended account).
ALTER TABLE tenant DROP CONSTRAINT tenant_status_check;
ALTER TABLE tenant ADD CONSTRAINT tenant_status_check
    CHECK (status IN ('active', 'suspended', 'deleting', 'provisioning'));
ALTER TABLE tenant ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now();

-- The deletion erases every row of it, the append-only trails included: with eventkit.erase_tenant set to the
-- tenant (SET LOCAL in the erasing transaction), a row of that tenant may be deleted. Nothing else
-- changes: no update, and no other tenant's row, passes.
CREATE OR REPLACE FUNCTION auth_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('eventkit.retention', true) = 'on'
       AND OLD.at < now() - interval '90 days' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'DELETE' AND current_setting('eventkit.erase_tenant', true) = OLD.tenant_id THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'auth_audit is append-only';
END
$$;

CREATE OR REPLACE FUNCTION quote_version_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('eventkit.erase_tenant', true) = OLD.tenant_id THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'quote_version is append-only: a sent version never changes';
END
$$;

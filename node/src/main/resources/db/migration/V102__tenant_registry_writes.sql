-- The registry of company accounts (tenant, V97/V99) is written only through these functions, which
-- run as the tables' owner (issue 25, docs/saas.md). The serving role keeps SELECT on it (routing
-- and the accounts' statuses) but no longer INSERT, UPDATE or DELETE (platform/db/ApplicationRole
-- revokes them after each migration): before, any code path of the node could have written any
-- row of it, say made a suspended account active, or dropped the entry of a live one.
--
-- What they allow is the provisioning's life cycle (tenants/Provisioning), and nothing else:
--   register    a new account, 'provisioning'
--   move        provisioning → active (created); active ↔ suspended; suspended → deleting (a
--               deletion claims it); deleting → suspended (a deletion that failed before erasing)
--   unregister  an entry that is 'provisioning' (a creation undone) or 'deleting' (erased)
-- The operator's own account, 'default', is none of these functions' business.
-- Each answers whether it changed the row (FOUND: the ID is the key, so at most one); the status it
-- was in is the caller's precondition.

CREATE FUNCTION eventkit_tenant_register(tenant_id text, name text, at timestamptz) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
BEGIN
    IF tenant_id = 'default' THEN
        RAISE EXCEPTION 'the default company account is not registered this way';
    END IF;
    INSERT INTO tenant (id, display_name, status, created_at, status_changed_at)
        VALUES (tenant_id, name, 'provisioning', at, at)
        ON CONFLICT (id) DO NOTHING;
    RETURN FOUND;
END
$$;

-- `at` null keeps status_changed_at (a failed deletion's revert is not a change of status).
CREATE FUNCTION eventkit_tenant_move(tenant_id text, was text, becomes text, at timestamptz) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
BEGIN
    IF tenant_id = 'default' THEN
        RAISE EXCEPTION 'the default company account''s status does not change';
    END IF;
    IF NOT ((was = 'provisioning' AND becomes = 'active')
            OR (was = 'active' AND becomes = 'suspended')
            OR (was = 'suspended' AND becomes IN ('active', 'deleting'))
            OR (was = 'deleting' AND becomes = 'suspended')) THEN
        RAISE EXCEPTION 'a company account does not go from % to %', was, becomes;
    END IF;
    UPDATE tenant SET status = becomes, status_changed_at = coalesce(at, status_changed_at)
        WHERE id = tenant_id AND status = was;
    RETURN FOUND;
END
$$;

CREATE FUNCTION eventkit_tenant_unregister(tenant_id text, was text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
BEGIN
    IF was NOT IN ('provisioning', 'deleting') THEN
        RAISE EXCEPTION 'only an account being created or deleted leaves the registry, not one %', was;
    END IF;
    DELETE FROM tenant WHERE id = tenant_id AND status = was AND id <> 'default';
    RETURN FOUND;
END
$$;

REVOKE ALL ON FUNCTION eventkit_tenant_register(text, text, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION eventkit_tenant_move(text, text, text, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION eventkit_tenant_unregister(text, text) FROM PUBLIC;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION eventkit_tenant_register(text, text, timestamptz) SET search_path = %I, pg_temp',
                   current_schema());
    EXECUTE format('ALTER FUNCTION eventkit_tenant_move(text, text, text, timestamptz) SET search_path = %I, pg_temp',
                   current_schema());
    EXECUTE format('ALTER FUNCTION eventkit_tenant_unregister(text, text) SET search_path = %I, pg_temp',
                   current_schema());
END
$$;

-- Which company accounts of a shared deployment have work waiting for a background worker, in one
-- query (issue 25, docs/saas.md "How SaaS mode grows").
--
-- The workers (the fan-out, the mail outbox, webhook and web-push deliveries, the refresh of the
-- stored shortages, the daily digest) used to look at every active account in turn, one transaction
-- each, every one or two seconds (the digest: every minute): some 7 transactions per account per
-- second on an idle node. Row-level security (V96) shows a worker only the account it runs as,
-- so the question "who has work?" is answered here, by functions that run as the tables' owner
-- (SECURITY DEFINER; RLS is enabled, not forced, so it does not apply to the owner) and return only
-- account IDs and a time, never a row. The workers then visit those accounts as themselves.
--
-- Only active accounts count (the registry, V97/V99): a suspended account's rows wait, and must not
-- wake the workers either. `due_by` is the worker's clock (the node's Clock, which tests set), not
-- the database's.
CREATE FUNCTION eventkit_tenants_with_work(work text, due_by timestamptz) RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    AS $$
BEGIN
    IF work = 'fanout' THEN
        RETURN QUERY SELECT DISTINCT e.tenant_id FROM domain_event e
            JOIN tenant t ON t.id = e.tenant_id AND t.status = 'active'
            WHERE e.fanned_out_at IS NULL;
    ELSIF work = 'mail' THEN
        RETURN QUERY SELECT DISTINCT m.tenant_id FROM mail_outbox m
            JOIN tenant t ON t.id = m.tenant_id AND t.status = 'active'
            WHERE m.state = 'PENDING' AND m.next_attempt_at <= due_by;
    ELSIF work = 'webhooks' THEN
        RETURN QUERY SELECT DISTINCT d.tenant_id FROM webhook_delivery d
            JOIN webhook_subscription s ON s.id = d.webhook_id
            JOIN tenant t ON t.id = d.tenant_id AND t.status = 'active'
            WHERE d.state = 'PENDING' AND d.next_attempt_at <= due_by AND s.state = 'ENABLED';
    ELSIF work = 'webpush' THEN
        RETURN QUERY SELECT DISTINCT d.tenant_id FROM webpush_delivery d
            JOIN tenant t ON t.id = d.tenant_id AND t.status = 'active'
            WHERE d.state = 'PENDING' AND d.next_attempt_at <= due_by;
    ELSIF work = 'shortages' THEN
        RETURN QUERY SELECT DISTINCT q.tenant_id FROM shortage_dirty q
            JOIN tenant t ON t.id = q.tenant_id AND t.status = 'active';
    ELSIF work = 'digest' THEN
        RETURN QUERY SELECT DISTINCT s.tenant_id FROM notification_settings s
            JOIN tenant t ON t.id = s.tenant_id AND t.status = 'active'
            WHERE s.email_digest = 'DAILY'
              AND EXISTS (SELECT 1 FROM notification n WHERE n.user_id = s.user_id AND n.digest_pending);
    ELSE
        RAISE EXCEPTION 'unknown background work: %', work;
    END IF;
END
$$;

-- When the next row of `work` falls due, over every active account (null: none pending).
CREATE FUNCTION eventkit_next_due(work text) RETURNS timestamptz
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    AS $$
BEGIN
    IF work = 'mail' THEN
        RETURN (SELECT min(m.next_attempt_at) FROM mail_outbox m
            JOIN tenant t ON t.id = m.tenant_id AND t.status = 'active'
            WHERE m.state = 'PENDING');
    ELSIF work = 'webhooks' THEN
        RETURN (SELECT min(d.next_attempt_at) FROM webhook_delivery d
            JOIN webhook_subscription s ON s.id = d.webhook_id
            JOIN tenant t ON t.id = d.tenant_id AND t.status = 'active'
            WHERE d.state = 'PENDING' AND s.state = 'ENABLED');
    ELSE
        RAISE EXCEPTION 'unknown background work with a due time: %', work;
    END IF;
END
$$;

-- Only the owner and the serving role may ask (PostgreSQL lets every role execute a new function;
-- platform/db/ApplicationRole grants the serving role after each migration).
REVOKE ALL ON FUNCTION eventkit_tenants_with_work(text, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION eventkit_next_due(text) FROM PUBLIC;

-- A SECURITY DEFINER function resolves names with a fixed search path (this schema, then
-- pg_temp), so a caller's own objects can't stand in for the tables.
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION eventkit_tenants_with_work(text, timestamptz) SET search_path = %I, pg_temp',
                   current_schema());
    EXECUTE format('ALTER FUNCTION eventkit_next_due(text) SET search_path = %I, pg_temp', current_schema());
END
$$;

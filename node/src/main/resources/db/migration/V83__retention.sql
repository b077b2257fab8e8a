-- Retention (platform.retention, docs/operations.md): the purge deletes by age, in batches, so each
-- table it purges gets an index on that age.
CREATE INDEX subhire_inbox_received ON subhire_inbox (received_at);
CREATE INDEX subhire_outbox_finished ON subhire_outbox (created_at) WHERE status <> 'PENDING';
CREATE INDEX auth_audit_at ON auth_audit (at);
CREATE INDEX trust_audit_at ON trust_audit (at);
CREATE INDEX data_audit_purge ON data_audit (at);

-- The sign-in audit stays append-only, but for the retention purge: with its setting on
-- (SET LOCAL in the purge's transaction), rows older than the shortest retention allowed (90 days)
-- may be deleted. Nothing can update a row, and nothing can delete a recent one.
CREATE OR REPLACE FUNCTION auth_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('eventkit.retention', true) = 'on'
       AND OLD.at < now() - interval '90 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'auth_audit is append-only';
END
$$;

-- A purge of the data audit records itself there, as the other trails do.
ALTER TABLE data_audit DROP CONSTRAINT data_audit_action_check;
ALTER TABLE data_audit ADD CONSTRAINT data_audit_action_check
    CHECK (action IN ('EXPORT', 'IMPORT_DRY_RUN', 'IMPORT_APPLY', 'PURGE'));

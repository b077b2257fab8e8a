-- Append-only log of identity and access changes: API token creation, user creation and changes,
-- password changes (later also logins, sessions and key rotation). Rows are never updated or
-- deleted; the trigger refuses it.
CREATE TABLE auth_audit (
    id            bigserial PRIMARY KEY,
    at            timestamptz NOT NULL,
    actor         text        NOT NULL,
    actor_address text        NOT NULL DEFAULT '',
    action        text        NOT NULL,
    subject       text        NOT NULL DEFAULT '',
    detail        text        NOT NULL DEFAULT ''
);

CREATE FUNCTION auth_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'auth_audit is append-only';
END
$$;

CREATE TRIGGER auth_audit_no_change BEFORE UPDATE OR DELETE ON auth_audit
    FOR EACH ROW EXECUTE FUNCTION auth_audit_append_only();

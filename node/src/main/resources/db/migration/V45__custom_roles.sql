-- Custom roles: a name and a set of permissions (names of eventkit.v1.Permission without the
-- PERMISSION_ prefix). Names are unique case-insensitively; users and API tokens refer to a custom
-- role by its name as stored here (a role cannot be renamed, and DeleteRole refuses while one is
-- held, checked under a row lock on the role).
CREATE TABLE custom_role (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    permissions text[]      NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX custom_role_name ON custom_role (lower(name));

ALTER TABLE app_user ADD COLUMN custom_roles text[] NOT NULL DEFAULT '{}';
ALTER TABLE api_token ADD COLUMN custom_role text;
ALTER TABLE api_token ADD CONSTRAINT api_token_one_grant CHECK (
    (role IS NOT NULL)::int + (custom_role IS NOT NULL)::int + (permissions IS NOT NULL)::int = 1);

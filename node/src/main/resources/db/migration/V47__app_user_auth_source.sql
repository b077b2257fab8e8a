-- How a user logs in: 'password' (a local Argon2id hash), 'ldap' (the configured directory) or
-- 'oidc:<provider id>' (single sign-on). Directory and SSO users are provisioned at their first
-- login and have no local password.
ALTER TABLE app_user ADD COLUMN auth_source text NOT NULL DEFAULT 'password';

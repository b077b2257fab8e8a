-- Local users. Emails are stored lower-cased and unique. password_hash is an Argon2id PHC string
-- ($argon2id$v=19$m=...,t=...,p=...$salt$hash) or NULL until a password is set.
CREATE TABLE app_user (
    id            uuid PRIMARY KEY,
    email         text        NOT NULL UNIQUE,
    display_name  text        NOT NULL,
    locale        text        NOT NULL,
    time_zone     text        NOT NULL,
    roles         text[]      NOT NULL,
    status        text        NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED', 'LOCKED')),
    password_hash text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

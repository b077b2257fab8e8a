-- The node's own PKI. Private keys are encrypted PKCS#8 PEM (passphrase from config/env).
CREATE TABLE pki_root (
    id          uuid PRIMARY KEY,
    cert_pem    text        NOT NULL,
    key_pem     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz
);

-- Issuing-CA rotation slots (trust-ca IssuingCaSlot).
CREATE TABLE pki_issuing_slot (
    id          text PRIMARY KEY,
    state       text        NOT NULL,
    cert_pem    text        NOT NULL,
    key_pem     text        NOT NULL,
    since       timestamptz NOT NULL
);

-- Singleton rows: the node's published trust bundle and its server certificate.
CREATE TABLE pki_bundle (
    id          int PRIMARY KEY CHECK (id = 1),
    sequence    bigint NOT NULL,
    bundle_text text   NOT NULL
);

CREATE TABLE pki_server_cert (
    id          int PRIMARY KEY CHECK (id = 1),
    chain_pem   text        NOT NULL,
    key_pem     text        NOT NULL,
    not_after   timestamptz NOT NULL
);

-- Partners: one row per partner node, both directions.
CREATE TABLE partner (
    node_id                 text PRIMARY KEY,
    state                   text        NOT NULL,
    federation_endpoint     text,
    granted_level           text        NOT NULL,   -- what the partner may do here
    received_level          text,                   -- what the partner lets us do there
    auto_confirm_max_qty    int         NOT NULL DEFAULT 0,
    auto_confirm_max_value  bigint      NOT NULL DEFAULT 0,
    auto_confirm_currency   text        NOT NULL DEFAULT '',
    rate_limit_per_second   int         NOT NULL,
    bundle_text             text,                   -- the partner's trust bundle
    bundle_sequence         bigint      NOT NULL DEFAULT 0,
    bundle_fetched_at       timestamptz,
    client_chain_pem        text,                   -- our client certificate issued by the partner
    client_key_pem          text,                   -- its key, encrypted
    client_not_after        timestamptz,
    client_issued_at        timestamptz,
    pending_key_pem         text,                   -- key of the reverse CSR during enrolment
    created_at              timestamptz NOT NULL,
    state_changed_at        timestamptz NOT NULL
);

-- Single-use invitations; only a hash of the secret is kept.
CREATE TABLE invitation (
    id              uuid PRIMARY KEY,
    partner_node_id text        NOT NULL,
    offered_level   text        NOT NULL,
    secret_hash     bytea       NOT NULL,
    created_at      timestamptz NOT NULL,
    created_by      text        NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz
);

CREATE INDEX invitation_partner ON invitation (partner_node_id);

-- Certificates this node issued to partners (the CRL is built from the revoked ones).
CREATE TABLE issued_certificate (
    serial              text PRIMARY KEY,           -- lowercase hex
    partner_node_id     text        NOT NULL,
    issuer_fingerprint  text        NOT NULL,
    issued_at           timestamptz NOT NULL,
    not_after           timestamptz NOT NULL,
    revoked_at          timestamptz,
    revocation_reason   text
);

CREATE INDEX issued_certificate_partner ON issued_certificate (partner_node_id);
CREATE INDEX issued_certificate_revoked ON issued_certificate (issuer_fingerprint) WHERE revoked_at IS NOT NULL;

-- Every trust change: who, when, what, from where.
CREATE TABLE trust_audit (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor           text        NOT NULL,
    actor_address   text        NOT NULL DEFAULT '',
    partner_node_id text,
    action          text        NOT NULL,
    detail          text        NOT NULL DEFAULT ''
);

CREATE INDEX trust_audit_partner ON trust_audit (partner_node_id, id);

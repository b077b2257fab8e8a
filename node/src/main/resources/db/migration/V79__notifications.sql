-- Notifications (docs/notifications.md, catalogue in docs/events.md).

-- The domain-event stream: written by platform.events.DomainEvents in the transaction of the change
-- that caused it. The fan-out claims rows WHERE fanned_out_at IS NULL (FOR UPDATE SKIP LOCKED, so
-- replicas share the work) and, in one transaction, writes every delivery and notification of the
-- event and sets fanned_out_at: each event is fanned out exactly once. Ordering is by seq, which is
-- not commit order; nothing relies on a cursor over it.
CREATE TABLE domain_event (
    id                uuid PRIMARY KEY,
    tenant_id         text        NOT NULL DEFAULT 'default',
    seq               bigint      GENERATED ALWAYS AS IDENTITY,
    type              text        NOT NULL,
    occurred_at       timestamptz NOT NULL,
    -- what it is about, for links ("event", "quote", "subhire", …) and its ID; '' when nothing
    subject_kind      text        NOT NULL DEFAULT '',
    subject_id        text        NOT NULL DEFAULT '',
    -- set when the event concerns one user only (an assignment offered to a crew member)
    recipient_user_id uuid,
    actor             text        NOT NULL DEFAULT '',
    payload           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- sweeps that raise the same fact daily (overdue return, certificate expiry) set a key; a
    -- second event with the same (tenant, type, key) is not recorded
    dedupe_key        text,
    fanned_out_at     timestamptz
);
CREATE INDEX domain_event_pending ON domain_event (seq) WHERE fanned_out_at IS NULL;
CREATE INDEX domain_event_fanned ON domain_event (fanned_out_at) WHERE fanned_out_at IS NOT NULL;
CREATE UNIQUE INDEX domain_event_dedupe ON domain_event (tenant_id, type, dedupe_key)
    WHERE dedupe_key IS NOT NULL;

CREATE TABLE webhook_subscription (
    id                   uuid PRIMARY KEY,
    tenant_id            text        NOT NULL DEFAULT 'default',
    url                  text        NOT NULL,
    description          text        NOT NULL DEFAULT '',
    event_types          text[]      NOT NULL,
    state                text        NOT NULL CHECK (state IN ('ENABLED', 'DISABLED', 'FAILING')),
    consecutive_failures int         NOT NULL DEFAULT 0,
    disabled_reason      text        NOT NULL DEFAULT '',
    -- the signing secret, encrypted with the node's key passphrase (platform.crypto)
    secret_enc           text        NOT NULL,
    secret_hint          text        NOT NULL,
    created_by           text        NOT NULL,
    created_by_user_id   uuid,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    revision             bigint      NOT NULL DEFAULT 1
);
CREATE INDEX webhook_subscription_tenant ON webhook_subscription (tenant_id, created_at, id);

-- One row per (subscription, event): the unique key is what makes the fan-out's delivery
-- exactly-once; retries and replays are attempts of the same delivery, with the same webhook-id.
CREATE TABLE webhook_delivery (
    id                 uuid PRIMARY KEY,
    tenant_id          text        NOT NULL DEFAULT 'default',
    webhook_id         uuid        NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    event_id           uuid        NOT NULL,
    event_type         text        NOT NULL,
    payload            text        NOT NULL,
    state              text        NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempt_count      int         NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz,
    delivered_at       timestamptz,
    last_response_code int         NOT NULL DEFAULT 0,
    last_latency_ms    bigint      NOT NULL DEFAULT 0,
    last_error         text        NOT NULL DEFAULT '',
    created_at         timestamptz NOT NULL,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX webhook_delivery_log ON webhook_delivery (webhook_id, created_at DESC, id DESC);

CREATE TABLE webhook_attempt (
    delivery_id   uuid        NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    tenant_id     text        NOT NULL DEFAULT 'default',
    attempt       int         NOT NULL,
    at            timestamptz NOT NULL,
    response_code int         NOT NULL DEFAULT 0,
    latency_ms    bigint      NOT NULL DEFAULT 0,
    error         text        NOT NULL DEFAULT '',
    replay        boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (delivery_id, attempt)
);

-- The in-app notification centre: one row per (user, event), title and body rendered in the
-- user's language at fan-out.
CREATE TABLE notification (
    id             uuid PRIMARY KEY,
    tenant_id      text        NOT NULL DEFAULT 'default',
    user_id        uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    event_id       uuid        NOT NULL,
    event_type     text        NOT NULL,
    title          text        NOT NULL,
    body           text        NOT NULL DEFAULT '',
    subject_kind   text        NOT NULL DEFAULT '',
    subject_id     text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL,
    read_at        timestamptz,
    -- shown in-app (false when the user turned the in-app channel off but wants the daily digest)
    in_app         boolean     NOT NULL DEFAULT true,
    -- waiting for the user's daily email digest
    digest_pending boolean     NOT NULL DEFAULT false,
    UNIQUE (user_id, event_id)
);
CREATE INDEX notification_inbox ON notification (user_id, created_at DESC, id DESC) WHERE in_app;
CREATE INDEX notification_unread ON notification (user_id) WHERE in_app AND read_at IS NULL;
CREATE INDEX notification_digest ON notification (user_id) WHERE digest_pending;

-- A user's channels per event type where they differ from the role defaults.
CREATE TABLE notification_preference (
    user_id    uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    tenant_id  text        NOT NULL DEFAULT 'default',
    event_type text        NOT NULL,
    -- subset of IN_APP, EMAIL, WEB_PUSH; empty = off
    channels   text[]      NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, event_type)
);

CREATE TABLE notification_settings (
    user_id          uuid        PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    tenant_id        text        NOT NULL DEFAULT 'default',
    email_digest     text        NOT NULL DEFAULT 'IMMEDIATE' CHECK (email_digest IN ('IMMEDIATE', 'DAILY')),
    last_digest_at   timestamptz,
    updated_at       timestamptz NOT NULL
);

-- Web push: the node's VAPID key pair per tenant (private key encrypted), browsers' subscriptions,
-- and an outbox of pushes (same claim-and-retry shape as the mail outbox).
CREATE TABLE webpush_vapid_key (
    tenant_id       text        PRIMARY KEY DEFAULT 'default',
    public_key      text        NOT NULL,
    private_key_enc text        NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE TABLE webpush_subscription (
    id              uuid PRIMARY KEY,
    tenant_id       text        NOT NULL DEFAULT 'default',
    user_id         uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    endpoint        text        NOT NULL,
    p256dh          text        NOT NULL,
    auth            text        NOT NULL,
    user_agent      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    last_success_at timestamptz,
    UNIQUE (tenant_id, endpoint)
);
CREATE INDEX webpush_subscription_user ON webpush_subscription (user_id);

CREATE TABLE webpush_delivery (
    id              uuid PRIMARY KEY,
    tenant_id       text        NOT NULL DEFAULT 'default',
    subscription_id uuid        NOT NULL REFERENCES webpush_subscription (id) ON DELETE CASCADE,
    notification_id uuid        NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
    state           text        NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempt_count   int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    UNIQUE (subscription_id, notification_id)
);
CREATE INDEX webpush_delivery_due ON webpush_delivery (next_attempt_at) WHERE state = 'PENDING';

-- Outbound email (platform/mail MailOutbox). A row is written in the caller's transaction (the
-- outbox pattern: the mail exists if and only if the caller's change committed); a worker sends
-- it over SMTP, retrying with backoff, and records the outcome. FAILED rows stay until retried.
CREATE TABLE mail_outbox (
    id              uuid        PRIMARY KEY,
    tenant_id       text        NOT NULL DEFAULT 'default',
    to_address      text        NOT NULL,
    to_name         text        NOT NULL DEFAULT '',
    subject         text        NOT NULL,
    text_body       text        NOT NULL,
    html_body       text,
    related_kind    text        NOT NULL DEFAULT '',
    related_id      text        NOT NULL DEFAULT '',
    state           text        NOT NULL CHECK (state IN ('PENDING', 'SENT', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);

-- The worker's "due" query: PENDING rows by next_attempt_at.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX mail_outbox_related ON mail_outbox (tenant_id, related_kind, related_id);

CREATE TABLE mail_attachment (
    mail_id      uuid    NOT NULL REFERENCES mail_outbox (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    tenant_id    text    NOT NULL DEFAULT 'default',
    file_name    text    NOT NULL,
    content_type text    NOT NULL,
    bytes        bytea   NOT NULL,
    PRIMARY KEY (mail_id, position)
);

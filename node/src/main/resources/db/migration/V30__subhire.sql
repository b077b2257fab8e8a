-- Sub-hire negotiation (docs/federation.md §17). One row per negotiation on each node; the
-- supplier's copy is authoritative, the borrower's follows the supplier's snapshots by version.
CREATE TABLE subhire (
    id                  uuid PRIMARY KEY,
    role                text        NOT NULL CHECK (role IN ('BORROWER', 'SUPPLIER')),
    partner_node_id     text        NOT NULL,
    state               text        NOT NULL,
    peer_state          text,
    version             bigint      NOT NULL DEFAULT 0,   -- supplier: own; borrower: last adopted
    next_out_seq        bigint      NOT NULL DEFAULT 1,
    last_in_seq         bigint      NOT NULL DEFAULT 0,
    requesting_company  text        NOT NULL,
    contact_name        text        NOT NULL,
    contact_email       text        NOT NULL DEFAULT '',
    contact_phone       text        NOT NULL DEFAULT '',
    event_name          text        NOT NULL,
    event_reference     text        NOT NULL DEFAULT '',
    usage_period        tstzrange   NOT NULL CHECK (NOT isempty(usage_period)),
    delivery_period     tstzrange   NOT NULL CHECK (delivery_period @> usage_period),
    location            text        NOT NULL DEFAULT '',
    note                text        NOT NULL DEFAULT '',
    quote_valid_until   timestamptz,
    quote_version       bigint,
    reason              text        NOT NULL DEFAULT '',
    supplier_event_id   uuid,
    failed_message      text        NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX subhire_list ON subhire (created_at DESC, id DESC);
CREATE INDEX subhire_partner_open ON subhire (partner_node_id, state);
-- The sweeper: quotes to expire and dispatched hires whose usage starts.
CREATE INDEX subhire_quote_expiry ON subhire (quote_valid_until) WHERE state = 'QUOTED';
CREATE INDEX subhire_dispatched ON subhire (lower(usage_period)) WHERE state = 'DISPATCHED';

CREATE TABLE subhire_line (
    subhire_id           uuid        NOT NULL REFERENCES subhire (id) ON DELETE CASCADE,
    line_no              int         NOT NULL,
    supplier_product_id  text        NOT NULL,
    local_product_id     uuid        REFERENCES product (id),
    product_name         text        NOT NULL DEFAULT '',
    quantity             int         NOT NULL CHECK (quantity > 0),
    suggested_currency   text,
    suggested_minor      bigint,
    quoted_currency      text,
    quoted_minor         bigint,
    PRIMARY KEY (subhire_id, line_no)
);
CREATE INDEX subhire_line_product ON subhire_line (local_product_id);

-- Assets sent on a DISPATCHED sub-hire (both sides). The borrower resolves scans against it.
CREATE TABLE subhire_manifest (
    subhire_id           uuid        NOT NULL REFERENCES subhire (id) ON DELETE CASCADE,
    barcode              text        NOT NULL,
    asset_ref            text        NOT NULL,
    supplier_product_id  text        NOT NULL,
    product_name         text        NOT NULL,
    PRIMARY KEY (subhire_id, barcode)
);
CREATE INDEX subhire_manifest_barcode ON subhire_manifest (barcode);

CREATE TABLE subhire_history (
    id           bigserial PRIMARY KEY,
    subhire_id   uuid        NOT NULL REFERENCES subhire (id) ON DELETE CASCADE,
    at           timestamptz NOT NULL,
    actor        text        NOT NULL,
    from_state   text,
    to_state     text        NOT NULL,
    detail       text        NOT NULL DEFAULT ''
);
CREATE INDEX subhire_history_of ON subhire_history (subhire_id, id);

-- Received messages: the idempotency record. A replay returns ack_bytes.
CREATE TABLE subhire_inbox (
    message_id      uuid PRIMARY KEY,
    sender_node_id  text        NOT NULL,
    subhire_id      uuid        NOT NULL,
    sequence        bigint      NOT NULL,
    payload_sha256  bytea       NOT NULL,
    ack_bytes       bytea       NOT NULL,
    received_at     timestamptz NOT NULL
);

-- Messages to send, written in the transaction that changed the negotiation. The relay sends
-- the lowest sequence of each negotiation only (one in flight), claims rows with a lease so
-- several replicas on one database never send the same row at once (duplicates are still safe:
-- the receiver deduplicates by message ID).
CREATE TABLE subhire_outbox (
    id               bigserial PRIMARY KEY,
    subhire_id       uuid        NOT NULL REFERENCES subhire (id) ON DELETE CASCADE,
    partner_node_id  text        NOT NULL,
    message_id       uuid        NOT NULL UNIQUE,
    sequence         bigint      NOT NULL,
    method           text        NOT NULL CHECK (method IN ('ORDER', 'RESPOND')),
    envelope         bytea       NOT NULL,
    status           text        NOT NULL DEFAULT 'PENDING'
                     CHECK (status IN ('PENDING', 'DELIVERED', 'ABANDONED')),
    attempts         int         NOT NULL DEFAULT 0,
    -- Per-message retry time for refusals that concern this negotiation only (level too low,
    -- out of sequence); transport failures back off the whole partner instead.
    next_attempt_at  timestamptz,
    lease_until      timestamptz,
    claim_token      uuid,
    last_error       text        NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    delivered_at     timestamptz,
    UNIQUE (subhire_id, sequence)
);
CREATE INDEX subhire_outbox_pending ON subhire_outbox (subhire_id, sequence) WHERE status = 'PENDING';

-- Per-partner delivery backoff, shared by all replicas; reset when the partner is heard from.
CREATE TABLE subhire_partner_backoff (
    partner_node_id  text PRIMARY KEY,
    failures         int         NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_error       text        NOT NULL DEFAULT '',
    updated_at       timestamptz NOT NULL
);

CREATE INDEX temporary_stock_source ON temporary_stock (source_ref);

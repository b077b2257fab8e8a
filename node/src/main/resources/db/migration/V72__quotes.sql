-- Quotes (issue 20, quotes.proto): a quote's editable draft (header and lines) and the versions
-- sent from it. A version is a frozen copy of what was sent, its computed lines, totals and tax
-- rates included, as one jsonb document; version rows are append-only (a trigger refuses UPDATE
-- and DELETE), so no code path can change what a client was sent.

-- Quote numbers: <prefix><year>-<4 digits>, counted per tenant and year in the creating
-- transaction.
CREATE TABLE quote_counter (
    tenant_id text    NOT NULL DEFAULT 'default',
    year      integer NOT NULL,
    last      integer NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

CREATE TABLE quote (
    id                uuid PRIMARY KEY,
    tenant_id         text        NOT NULL DEFAULT 'default',
    number            text        NOT NULL,
    title             text        NOT NULL,
    -- DRAFT until first sent, then SENT, ACCEPTED or DECLINED (EXPIRED is judged on read).
    state             text        NOT NULL CHECK (state IN ('DRAFT', 'SENT', 'ACCEPTED', 'DECLINED')),
    company_id        uuid        NOT NULL REFERENCES crm_company (id),
    contact_id        uuid REFERENCES crm_contact (id),
    event_id          uuid REFERENCES event (id) ON DELETE SET NULL,
    currency          text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    exchange_rate     numeric(20,8) NOT NULL CHECK (exchange_rate > 0),
    price_list_id     uuid REFERENCES price_list (id),
    language          text        NOT NULL,
    valid_until       timestamptz NOT NULL,
    discount_bp       integer     NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    notes             text        NOT NULL DEFAULT '',
    revision          bigint      NOT NULL DEFAULT 1,
    -- The revision that was last sent (0: never), and the revision a Manager approved.
    sent_revision     bigint      NOT NULL DEFAULT 0,
    approved_revision bigint      NOT NULL DEFAULT 0,
    approved_by       text        NOT NULL DEFAULT '',
    approved_at       timestamptz,
    latest_version    integer     NOT NULL DEFAULT 0,
    accepted_version  integer     NOT NULL DEFAULT 0,
    decision_note     text        NOT NULL DEFAULT '',
    decline_reason    text        NOT NULL DEFAULT '',
    decided_at        timestamptz,
    created_by        text        NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE UNIQUE INDEX quote_number ON quote (tenant_id, number);
CREATE INDEX quote_list ON quote (tenant_id, created_at DESC, id DESC);
CREATE INDEX quote_company ON quote (company_id, created_at DESC);
CREATE INDEX quote_event ON quote (event_id) WHERE event_id IS NOT NULL;

CREATE TABLE quote_line (
    id              uuid PRIMARY KEY,
    quote_id        uuid        NOT NULL REFERENCES quote (id) ON DELETE CASCADE,
    tenant_id       text        NOT NULL DEFAULT 'default',
    position        integer     NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('RENTAL', 'SERVICE', 'SALE')),
    product_id      uuid REFERENCES product (id),
    description     text        NOT NULL,
    quantity        numeric(12,3) NOT NULL CHECK (quantity > 0),
    unit            text        NOT NULL DEFAULT '',
    period_start    timestamptz,
    period_end      timestamptz,
    -- A typed price in the quote's currency; NULL: from the rate card (RENTAL).
    unit_price      bigint CHECK (unit_price >= 0),
    discount_bp     integer     NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    -- '' : not taxed.
    tax_code        text        NOT NULL DEFAULT '',
    booking_line_id uuid,
    CHECK (kind <> 'RENTAL' OR (product_id IS NOT NULL AND period_start < period_end))
);
CREATE INDEX quote_line_quote ON quote_line (quote_id, position);

CREATE TABLE quote_version (
    quote_id  uuid        NOT NULL REFERENCES quote (id),
    version   integer     NOT NULL CHECK (version > 0),
    tenant_id text        NOT NULL DEFAULT 'default',
    -- The version as sent: header, lines with their figures, totals and tax rates.
    content   jsonb       NOT NULL,
    total     bigint      NOT NULL,
    valid_until timestamptz NOT NULL,
    sent_at   timestamptz NOT NULL,
    sent_by   text        NOT NULL,
    PRIMARY KEY (quote_id, version)
);

CREATE FUNCTION quote_version_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'quote_version is append-only: a sent version never changes';
END
$$;

CREATE TRIGGER quote_version_no_change BEFORE UPDATE OR DELETE ON quote_version
    FOR EACH ROW EXECUTE FUNCTION quote_version_append_only();

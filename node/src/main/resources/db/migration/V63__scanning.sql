-- Scanning (issue 19): what is physically out on which event, and the log of scans.
--
-- checkout_asset: one row per serialised unit per trip out. While closed_at is NULL the unit is
-- out; the partial unique index makes "out on two events at once" impossible, so two scanners
-- racing on one asset resolve to one effect. Availability (inventory's lines.sql) counts a unit
-- still out past its booking, or out without a booking line, as held from then on.
CREATE TABLE checkout_asset (
    id               uuid PRIMARY KEY,
    tenant_id        text        NOT NULL DEFAULT 'default',
    event_id         uuid        NOT NULL REFERENCES event (id),
    asset_id         uuid        NOT NULL REFERENCES asset (id),
    product_id       uuid        NOT NULL REFERENCES product (id),
    -- The pull-list line it went out against; NULL for an overridden "not on the list".
    line_id          uuid REFERENCES booking_line (id) ON DELETE SET NULL,
    case_id          uuid REFERENCES case_container (id),
    out_operation    text        NOT NULL,
    out_at           timestamptz NOT NULL,
    out_by           text        NOT NULL,
    override_reason  text,
    closed_operation text,
    closed_at        timestamptz,
    closed_by        text,
    condition        text CHECK (condition IN ('OK', 'DAMAGED', 'MISSING')),
    note             text        NOT NULL DEFAULT '',
    CHECK ((closed_at IS NULL) = (condition IS NULL))
);
CREATE UNIQUE INDEX checkout_asset_open ON checkout_asset (asset_id) WHERE closed_at IS NULL;
CREATE INDEX checkout_asset_event ON checkout_asset (event_id, product_id);
CREATE INDEX checkout_asset_product_open ON checkout_asset (product_id) WHERE closed_at IS NULL;
CREATE INDEX checkout_asset_history ON checkout_asset (asset_id, out_at DESC);

-- Bulk quantities per event and product. Outstanding = out − returned − damaged − missing.
CREATE TABLE checkout_bulk (
    tenant_id    text        NOT NULL DEFAULT 'default',
    event_id     uuid        NOT NULL REFERENCES event (id),
    product_id   uuid        NOT NULL REFERENCES product (id),
    out_qty      integer     NOT NULL DEFAULT 0 CHECK (out_qty >= 0),
    returned_qty integer     NOT NULL DEFAULT 0 CHECK (returned_qty >= 0),
    damaged_qty  integer     NOT NULL DEFAULT 0 CHECK (damaged_qty >= 0),
    missing_qty  integer     NOT NULL DEFAULT 0 CHECK (missing_qty >= 0),
    first_out_at timestamptz NOT NULL,
    PRIMARY KEY (event_id, product_id),
    CHECK (returned_qty + damaged_qty + missing_qty <= out_qty)
);
CREATE INDEX checkout_bulk_product_open ON checkout_bulk (product_id)
    WHERE returned_qty + damaged_qty + missing_qty < out_qty;

-- Every scan request as first answered, keyed by the client's operation ID: a replay returns
-- `result` (the ScanResult as JSON) and changes nothing. `request` is the canonical request, so
-- that an ID reused for a different scan is refused.
CREATE TABLE scan_operation (
    operation_id  text PRIMARY KEY,
    tenant_id     text        NOT NULL DEFAULT 'default',
    event_id      uuid        NOT NULL REFERENCES event (id),
    kind          text        NOT NULL CHECK (kind IN ('OUT', 'IN', 'UNDO', 'MISSING')),
    request       text        NOT NULL,
    verdict       text        NOT NULL,
    applied       boolean     NOT NULL,
    actor         text        NOT NULL,
    result        jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    undone_by     text
);
CREATE INDEX scan_operation_event ON scan_operation (event_id, created_at DESC, operation_id DESC);

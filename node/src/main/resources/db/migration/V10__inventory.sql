-- Local inventory (issue 5): locations, products, serialised assets, bulk stock, cases, temporary
-- (sub-hired) stock, events and booking lines. Periods are tstzrange, half-open [start, end).
--
-- Availability is answered from booking_line.hold_period (the booked period widened by the
-- product's turnaround buffers) through GiST indexes on (product_id, hold_period); a serialised
-- asset or a case can never be held twice in overlapping periods (exclusion constraints).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE location (
    id          uuid PRIMARY KEY,
    parent_id   uuid REFERENCES location (id),
    kind        text        NOT NULL CHECK (kind IN ('WAREHOUSE', 'BIN')),
    code        text        NOT NULL UNIQUE,
    name        text        NOT NULL,
    address     text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    CHECK ((kind = 'WAREHOUSE') = (parent_id IS NULL))
);
CREATE INDEX location_list ON location (code, id);

CREATE TABLE product (
    id                        uuid PRIMARY KEY,
    manufacturer              text        NOT NULL,
    model                     text        NOT NULL,
    name                      text        NOT NULL,
    category                  text        NOT NULL,
    description               text        NOT NULL DEFAULT '',
    gtin                      text UNIQUE,
    rental_price_currency     text        NOT NULL,
    rental_price_minor        bigint      NOT NULL CHECK (rental_price_minor >= 0),
    replacement_currency      text        NOT NULL,
    replacement_minor         bigint      NOT NULL CHECK (replacement_minor >= 0),
    weight_grams              bigint      NOT NULL CHECK (weight_grams >= 0),
    buffer_before_seconds     bigint      NOT NULL CHECK (buffer_before_seconds >= 0),
    buffer_after_seconds      bigint      NOT NULL CHECK (buffer_after_seconds >= 0),
    tracking                  text        NOT NULL CHECK (tracking IN ('SERIALISED', 'BULK')),
    shared                    boolean     NOT NULL DEFAULT false,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    search_text               text GENERATED ALWAYS AS
        (lower(manufacturer || ' ' || model || ' ' || name || ' ' || category)) STORED,
    search_doc                tsvector GENERATED ALWAYS AS
        (setweight(to_tsvector('simple', manufacturer || ' ' || model), 'A')
         || setweight(to_tsvector('simple', name || ' ' || category), 'B')
         || setweight(to_tsvector('simple', description), 'D')) STORED
);
CREATE INDEX product_list ON product (name, id);
CREATE INDEX product_model ON product (lower(model));
CREATE INDEX product_search_doc ON product USING gin (search_doc);
CREATE INDEX product_search_trgm ON product USING gin (search_text gin_trgm_ops);

CREATE TABLE asset (
    id                uuid PRIMARY KEY,
    product_id        uuid        NOT NULL REFERENCES product (id),
    barcode           text        NOT NULL,
    serial            text        NOT NULL DEFAULT '',
    home_location_id  uuid        NOT NULL REFERENCES location (id),
    location_id       uuid        NOT NULL REFERENCES location (id),
    status            text        NOT NULL
        CHECK (status IN ('AVAILABLE', 'IN_REPAIR', 'QUARANTINE', 'LOST', 'RETIRED')),
    notes             text        NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
-- text_pattern_ops: the same index serves equality (scans) and barcode-prefix search (LIKE 'A12%').
CREATE UNIQUE INDEX asset_barcode ON asset (barcode text_pattern_ops);
CREATE INDEX asset_product_status ON asset (product_id, status);
CREATE INDEX asset_list ON asset (barcode, id);
CREATE INDEX asset_location ON asset (location_id);
CREATE INDEX asset_serial ON asset (lower(serial) text_pattern_ops);
CREATE INDEX asset_serial_trgm ON asset USING gin (lower(serial) gin_trgm_ops);

-- One namespace of barcodes per node: an asset and a case can never share one (a scan resolves to
-- exactly one thing). Rows are written in the same transaction as the asset or case.
CREATE TABLE barcode (
    code      text PRIMARY KEY,
    kind      text NOT NULL CHECK (kind IN ('ASSET', 'CASE')),
    owner_id  uuid NOT NULL
);

CREATE TABLE bulk_stock (
    product_id   uuid NOT NULL REFERENCES product (id),
    location_id  uuid NOT NULL REFERENCES location (id),
    quantity     integer NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (product_id, location_id)
);

-- Audit trail of every bulk quantity change (adjustments and transfers).
CREATE TABLE stock_adjustment (
    id              uuid PRIMARY KEY,
    product_id      uuid        NOT NULL REFERENCES product (id),
    location_id     uuid        NOT NULL REFERENCES location (id),
    delta           integer     NOT NULL CHECK (delta <> 0),
    quantity_after  integer     NOT NULL CHECK (quantity_after >= 0),
    reason          text        NOT NULL,
    note            text        NOT NULL DEFAULT '',
    actor           text        NOT NULL,
    transfer_id     uuid,
    created_at      timestamptz NOT NULL
);
CREATE INDEX stock_adjustment_product ON stock_adjustment (product_id, created_at DESC, id DESC);

CREATE TABLE transfer (
    id                uuid PRIMARY KEY,
    from_location_id  uuid        NOT NULL REFERENCES location (id),
    to_location_id    uuid        NOT NULL REFERENCES location (id),
    note              text        NOT NULL DEFAULT '',
    actor             text        NOT NULL,
    created_at        timestamptz NOT NULL
);
CREATE TABLE transfer_asset (
    transfer_id  uuid NOT NULL REFERENCES transfer (id),
    asset_id     uuid NOT NULL REFERENCES asset (id),
    PRIMARY KEY (transfer_id, asset_id)
);

CREATE TABLE case_container (
    id              uuid PRIMARY KEY,
    barcode         text        NOT NULL UNIQUE,
    name            text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('PERMANENT', 'TEMPORARY')),
    parent_case_id  uuid REFERENCES case_container (id),
    location_id     uuid        NOT NULL REFERENCES location (id),
    created_at      timestamptz NOT NULL,
    CHECK (parent_case_id IS NULL OR parent_case_id <> id)
);
CREATE INDEX case_parent ON case_container (parent_case_id);
CREATE INDEX case_list ON case_container (barcode, id);

-- An asset is in at most one case at a time.
CREATE TABLE case_asset (
    case_id   uuid NOT NULL REFERENCES case_container (id),
    asset_id  uuid NOT NULL UNIQUE REFERENCES asset (id),
    PRIMARY KEY (case_id, asset_id)
);
CREATE TABLE case_bulk (
    case_id     uuid    NOT NULL REFERENCES case_container (id),
    product_id  uuid    NOT NULL REFERENCES product (id),
    quantity    integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (case_id, product_id)
);

-- Stock that is here only for a while (sub-hired in). Filled by the sub-hire feature; counted by
-- availability now.
CREATE TABLE temporary_stock (
    id          uuid PRIMARY KEY,
    product_id  uuid        NOT NULL REFERENCES product (id),
    quantity    integer     NOT NULL CHECK (quantity > 0),
    period      tstzrange   NOT NULL CHECK (NOT isempty(period)),
    source_ref  text        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX temporary_stock_product_period ON temporary_stock USING gist (product_id, period);

CREATE TABLE event (
    id           uuid PRIMARY KEY,
    name         text        NOT NULL,
    client_name  text        NOT NULL DEFAULT '',
    venue        text        NOT NULL DEFAULT '',
    time_zone    text        NOT NULL DEFAULT 'UTC',
    period       tstzrange   NOT NULL CHECK (NOT isempty(period)),
    status       text        NOT NULL CHECK (status IN
        ('ENQUIRY', 'QUOTE', 'PROVISIONAL', 'RESERVED', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'LOST')),
    priority     integer     NOT NULL DEFAULT 0,
    notes        text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX event_list ON event (lower(period), id);
CREATE INDEX event_period ON event USING gist (period);

-- A booking line: a quantity of a product, one specific asset (quantity 1, product_id = the
-- asset's product), or a case (product_id NULL; its contents are booked as child lines).
-- event_status and holds are copies of the event's status and of "does that status hold stock"
-- (configurable), kept in step by the planning code in the same transaction; they let the
-- availability queries and the exclusion constraints work on this table alone.
CREATE TABLE booking_line (
    id              uuid PRIMARY KEY,
    event_id        uuid        NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    parent_line_id  uuid REFERENCES booking_line (id) ON DELETE CASCADE,
    product_id      uuid REFERENCES product (id),
    asset_id        uuid REFERENCES asset (id),
    case_id         uuid REFERENCES case_container (id),
    quantity        integer     NOT NULL CHECK (quantity > 0),
    period          tstzrange   NOT NULL CHECK (NOT isempty(period)),
    hold_period     tstzrange   NOT NULL CHECK (hold_period @> period),
    event_status    text        NOT NULL,
    holds           boolean     NOT NULL,
    priority        integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    CHECK ((case_id IS NULL) = (product_id IS NOT NULL)),
    CHECK (asset_id IS NULL OR (quantity = 1 AND product_id IS NOT NULL)),
    CONSTRAINT booking_line_asset_no_overlap
        EXCLUDE USING gist (asset_id WITH =, hold_period WITH &&) WHERE (asset_id IS NOT NULL AND holds),
    CONSTRAINT booking_line_case_no_overlap
        EXCLUDE USING gist (case_id WITH =, hold_period WITH &&) WHERE (case_id IS NOT NULL AND holds)
);
-- The availability index: one product, overlapping periods.
CREATE INDEX booking_line_product_hold ON booking_line USING gist (product_id, hold_period)
    WHERE product_id IS NOT NULL;
CREATE INDEX booking_line_event ON booking_line (event_id, created_at, id);
CREATE INDEX booking_line_product ON booking_line (product_id);
CREATE INDEX booking_line_asset ON booking_line (asset_id) WHERE asset_id IS NOT NULL;
CREATE INDEX booking_line_case ON booking_line (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX booking_line_parent ON booking_line (parent_line_id) WHERE parent_line_id IS NOT NULL;
-- The shortages view: every holding line in a window.
CREATE INDEX booking_line_holding ON booking_line USING gist (hold_period) WHERE holds;

-- Stocktake (issue 19): counts of one location (a warehouse includes its bins). Counting writes
-- only these tables; approval applies the differences to the books in one transaction.
CREATE TABLE stocktake (
    id             uuid PRIMARY KEY,
    tenant_id      text        NOT NULL DEFAULT 'default',
    location_id    uuid        NOT NULL REFERENCES location (id),
    name           text        NOT NULL,
    blind          boolean     NOT NULL,
    status         text        NOT NULL CHECK (status IN ('OPEN', 'APPROVED', 'REJECTED')),
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL,
    decided_by     text,
    decided_at     timestamptz,
    decision_note  text        NOT NULL DEFAULT ''
);
-- One open stocktake per location at a time.
CREATE UNIQUE INDEX stocktake_open ON stocktake (location_id) WHERE status = 'OPEN';
CREATE INDEX stocktake_list ON stocktake (created_at DESC, id DESC);

CREATE TABLE stocktake_asset (
    stocktake_id  uuid        NOT NULL REFERENCES stocktake (id),
    asset_id      uuid        NOT NULL REFERENCES asset (id),
    tenant_id     text        NOT NULL DEFAULT 'default',
    counted_at    timestamptz NOT NULL,
    counted_by    text        NOT NULL,
    PRIMARY KEY (stocktake_id, asset_id)
);

CREATE TABLE stocktake_bulk (
    stocktake_id  uuid        NOT NULL REFERENCES stocktake (id),
    product_id    uuid        NOT NULL REFERENCES product (id),
    location_id   uuid        NOT NULL REFERENCES location (id),
    tenant_id     text        NOT NULL DEFAULT 'default',
    counted       integer     NOT NULL CHECK (counted >= 0),
    counted_at    timestamptz NOT NULL,
    counted_by    text        NOT NULL,
    PRIMARY KEY (stocktake_id, product_id, location_id)
);

-- Count operations by the client's ID, for idempotent retries of offline counters.
CREATE TABLE stocktake_operation (
    operation_id  text PRIMARY KEY,
    tenant_id     text        NOT NULL DEFAULT 'default',
    stocktake_id  uuid        NOT NULL REFERENCES stocktake (id),
    request       text        NOT NULL,
    result        jsonb       NOT NULL,
    created_at    timestamptz NOT NULL
);

-- What approval applied (the review as JSON), kept as the audit trail of the asset changes;
-- bulk changes are also stock_adjustment rows.
ALTER TABLE stocktake ADD COLUMN applied jsonb;

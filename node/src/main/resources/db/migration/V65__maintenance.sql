-- Maintenance (issue 19): repair tickets and periodic inspections.
CREATE TABLE repair_ticket (
    id            uuid PRIMARY KEY,
    tenant_id     text        NOT NULL DEFAULT 'default',
    asset_id      uuid        NOT NULL REFERENCES asset (id),
    status        text        NOT NULL CHECK (status IN ('OPEN', 'REPAIRED', 'RETIRED')),
    source        text        NOT NULL CHECK (source IN ('RETURN', 'INSPECTION', 'MANUAL')),
    event_id      uuid REFERENCES event (id),
    description   text        NOT NULL,
    notes         text        NOT NULL DEFAULT '',
    cost_currency text,
    cost_minor    bigint CHECK (cost_minor >= 0),
    opened_by     text        NOT NULL,
    opened_at     timestamptz NOT NULL,
    closed_by     text,
    closed_at     timestamptz
);
-- At most one open ticket per unit.
CREATE UNIQUE INDEX repair_ticket_open ON repair_ticket (asset_id) WHERE status = 'OPEN';
CREATE INDEX repair_ticket_list ON repair_ticket (opened_at DESC, id DESC);
CREATE INDEX repair_ticket_asset ON repair_ticket (asset_id, opened_at DESC);

-- How often units of a product must pass an inspection.
CREATE TABLE inspection_rule (
    product_id     uuid PRIMARY KEY REFERENCES product (id),
    tenant_id      text    NOT NULL DEFAULT 'default',
    interval_days  integer NOT NULL CHECK (interval_days BETWEEN 1 AND 3650)
);

CREATE TABLE inspection (
    id            uuid PRIMARY KEY,
    tenant_id     text        NOT NULL DEFAULT 'default',
    asset_id      uuid        NOT NULL REFERENCES asset (id),
    passed        boolean     NOT NULL,
    note          text        NOT NULL DEFAULT '',
    inspected_at  timestamptz NOT NULL,
    inspected_by  text        NOT NULL,
    operation_id  text        NOT NULL UNIQUE,
    repair_ticket_id uuid REFERENCES repair_ticket (id)
);
-- The last passed inspection of a unit (availability and the due list read it per unit).
CREATE INDEX inspection_asset_passed ON inspection (asset_id, inspected_at DESC) WHERE passed;

-- Transport (issue 21, docs/transport.md): vehicles, their maintenance, truck packs (which of an
-- event's top-level booking lines is on which vehicle) and dispatch runs. Drivers are crew members
-- (V74): transport reads crew_member, crew_qualification and crew_assignment in its own queries.
CREATE TABLE vehicle (
    id                      uuid PRIMARY KEY,
    tenant_id               text        NOT NULL DEFAULT 'default',
    name                    text        NOT NULL CHECK (name <> ''),
    -- Upper case without spaces or dashes ('' when none): what uniqueness compares.
    registration            text        NOT NULL DEFAULT '',
    registration_key        text        NOT NULL DEFAULT '',
    payload_grams           bigint      NOT NULL CHECK (payload_grams > 0),
    volume_cm3              bigint      NOT NULL CHECK (volume_cm3 > 0),
    loading_length_mm       integer     NOT NULL DEFAULT 0 CHECK (loading_length_mm >= 0),
    required_qualification  text        NOT NULL CHECK (required_qualification ~ '^[a-z0-9-]{1,64}$'),
    home_location_id        uuid REFERENCES location (id),
    notes                   text        NOT NULL DEFAULT '',
    retired                 boolean     NOT NULL DEFAULT false,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL
);
CREATE UNIQUE INDEX vehicle_name ON vehicle (tenant_id, lower(name));
CREATE UNIQUE INDEX vehicle_registration ON vehicle (tenant_id, registration_key)
    WHERE registration_key <> '';
CREATE INDEX vehicle_list ON vehicle (tenant_id, lower(name), id);

-- Out of service for a period. Two maintenance periods of one vehicle never overlap (the
-- constraint); a maintenance and a run never overlap either (checked under the vehicle's row lock).
CREATE TABLE vehicle_maintenance (
    id          uuid PRIMARY KEY,
    tenant_id   text        NOT NULL DEFAULT 'default',
    vehicle_id  uuid        NOT NULL REFERENCES vehicle (id) ON DELETE CASCADE,
    period      tstzrange   NOT NULL CHECK (NOT isempty(period)),
    reason      text        NOT NULL CHECK (reason <> ''),
    created_at  timestamptz NOT NULL,
    CONSTRAINT vehicle_maintenance_no_overlap
        EXCLUDE USING gist (vehicle_id WITH =, period WITH &&)
);

-- How much of a top-level booking line is on a vehicle. Sum over vehicles <= the line's quantity,
-- kept by the code under the booking line's row lock.
CREATE TABLE truck_load (
    tenant_id        text        NOT NULL DEFAULT 'default',
    event_id         uuid        NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    vehicle_id       uuid        NOT NULL REFERENCES vehicle (id),
    booking_line_id  uuid        NOT NULL REFERENCES booking_line (id) ON DELETE CASCADE,
    quantity         integer     NOT NULL CHECK (quantity > 0),
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (booking_line_id, vehicle_id)
);
CREATE INDEX truck_load_event ON truck_load (event_id, vehicle_id);
CREATE INDEX truck_load_vehicle ON truck_load (vehicle_id);

-- A vehicle and (optionally, until dispatched) a driver over a period, between stops (jsonb:
-- [{kind, locationId, partnerNodeId, subhireId, name, address, arriveAt, notes}]). A vehicle's or a
-- driver's live runs never overlap (the constraints; their gist indexes serve the busy checks).
CREATE TABLE dispatch_run (
    id                     uuid PRIMARY KEY,
    tenant_id              text        NOT NULL DEFAULT 'default',
    reference              text        NOT NULL,
    vehicle_id             uuid        NOT NULL REFERENCES vehicle (id),
    driver_crew_member_id  uuid REFERENCES crew_member (id),
    period                 tstzrange   NOT NULL CHECK (NOT isempty(period)),
    stops                  jsonb       NOT NULL DEFAULT '[]',
    status                 text        NOT NULL
        CHECK (status IN ('PLANNED', 'DISPATCHED', 'COMPLETED', 'CANCELLED')),
    event_id               uuid REFERENCES event (id) ON DELETE SET NULL,
    notes                  text        NOT NULL DEFAULT '',
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    CHECK (status IN ('PLANNED', 'CANCELLED') OR driver_crew_member_id IS NOT NULL),
    CONSTRAINT dispatch_run_vehicle_no_overlap
        EXCLUDE USING gist (vehicle_id WITH =, period WITH &&) WHERE (status <> 'CANCELLED'),
    CONSTRAINT dispatch_run_driver_no_overlap
        EXCLUDE USING gist (driver_crew_member_id WITH =, period WITH &&)
        WHERE (status <> 'CANCELLED' AND driver_crew_member_id IS NOT NULL)
);
CREATE UNIQUE INDEX dispatch_run_reference ON dispatch_run (tenant_id, reference);
CREATE INDEX dispatch_run_list ON dispatch_run (tenant_id, lower(period), id);
CREATE INDEX dispatch_run_event ON dispatch_run (event_id);
CREATE INDEX dispatch_run_period ON dispatch_run USING gist (period);

-- RUN-YYYY-NNNN per tenant per year.
CREATE TABLE dispatch_reference_counter (
    tenant_id  text    NOT NULL DEFAULT 'default',
    year       integer NOT NULL,
    last       integer NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

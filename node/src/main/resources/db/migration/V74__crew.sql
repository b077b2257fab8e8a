-- Crew (issue 21): profiles with skills and qualifications, unavailability, assignments to events,
-- timesheets, the crew policy and calendar feeds. Transport reads crew_member and
-- crew_qualification (drivers) and crew_assignment (driver busy) in its own queries.
CREATE TABLE crew_member (
    id               uuid PRIMARY KEY,
    tenant_id        text        NOT NULL DEFAULT 'default',
    name             text        NOT NULL CHECK (name <> ''),
    email            text        NOT NULL DEFAULT '',
    phone            text        NOT NULL DEFAULT '',
    employment       text        NOT NULL CHECK (employment IN ('EMPLOYEE', 'FREELANCER')),
    currency         text        NOT NULL,
    day_rate_minor   bigint      NOT NULL DEFAULT 0 CHECK (day_rate_minor >= 0),
    hour_rate_minor  bigint      NOT NULL DEFAULT 0 CHECK (hour_rate_minor >= 0),
    -- The user who logs in as this member (identity's app_user); at most one member per user.
    user_id          uuid REFERENCES app_user (id),
    notes            text        NOT NULL DEFAULT '',
    archived         boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX crew_member_user ON crew_member (tenant_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX crew_member_list ON crew_member (tenant_id, lower(name), id) WHERE NOT archived;
CREATE INDEX crew_member_list_all ON crew_member (tenant_id, lower(name), id);
CREATE INDEX crew_member_search ON crew_member USING gin ((name || ' ' || email) gin_trgm_ops);

-- A skill (expires_on NULL) or a qualification valid through expires_on (inclusive).
CREATE TABLE crew_qualification (
    crew_member_id   uuid        NOT NULL REFERENCES crew_member (id) ON DELETE CASCADE,
    tenant_id        text        NOT NULL DEFAULT 'default',
    skill            text        NOT NULL CHECK (skill ~ '^[a-z0-9-]{1,64}$'),
    expires_on       date,
    reference        text        NOT NULL DEFAULT '',
    PRIMARY KEY (crew_member_id, skill)
);
CREATE INDEX crew_qualification_skill ON crew_qualification (tenant_id, skill, crew_member_id);

CREATE TABLE crew_unavailability (
    id               uuid PRIMARY KEY,
    tenant_id        text        NOT NULL DEFAULT 'default',
    crew_member_id   uuid        NOT NULL REFERENCES crew_member (id) ON DELETE CASCADE,
    period           tstzrange   NOT NULL CHECK (NOT isempty(period)),
    reason           text        NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL
);
CREATE INDEX crew_unavailability_member ON crew_unavailability USING gist (crew_member_id, period);

-- status OFFERED/ACCEPTED occupy the member over `call`; DECLINED/CANCELLED do not.
-- An event with assignments can't be deleted (no cascade): its timesheets are payroll records.
CREATE TABLE crew_assignment (
    id                    uuid PRIMARY KEY,
    tenant_id             text        NOT NULL DEFAULT 'default',
    event_id              uuid        NOT NULL REFERENCES event (id),
    crew_member_id        uuid        NOT NULL REFERENCES crew_member (id),
    function              text        NOT NULL CHECK (function <> ''),
    call                  tstzrange   NOT NULL CHECK (NOT isempty(call)),
    currency              text        NOT NULL,
    rate_minor            bigint      NOT NULL CHECK (rate_minor >= 0),
    rate_unit             text        NOT NULL CHECK (rate_unit IN ('DAY', 'HOUR', 'FIXED')),
    required_skills       text[]      NOT NULL DEFAULT '{}',
    status                text        NOT NULL CHECK (status IN ('OFFERED', 'ACCEPTED', 'DECLINED', 'CANCELLED')),
    -- The warnings overridden (a JSON array of {kind, message, relatedId, skill}) and why.
    overridden_conflicts  jsonb       NOT NULL DEFAULT '[]',
    override_reason       text        NOT NULL DEFAULT '',
    decline_reason        text        NOT NULL DEFAULT '',
    notes                 text        NOT NULL DEFAULT '',
    responded_at          timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
-- The conflict check's hot path: a member's live assignments around a period.
CREATE INDEX crew_assignment_member_call ON crew_assignment USING gist (crew_member_id, call)
    WHERE status IN ('OFFERED', 'ACCEPTED');
CREATE INDEX crew_assignment_event ON crew_assignment (event_id, lower(call), id);
CREATE INDEX crew_assignment_member_list ON crew_assignment (crew_member_id, lower(call), id);
CREATE INDEX crew_assignment_list ON crew_assignment (tenant_id, lower(call), id);

-- One timesheet per assignment; entries are [{start, end, breakMinutes}] in jsonb, totals kept in
-- step by the code in the same transaction so payroll sums in SQL.
CREATE TABLE crew_timesheet (
    id                uuid PRIMARY KEY,
    tenant_id         text        NOT NULL DEFAULT 'default',
    assignment_id     uuid        NOT NULL UNIQUE REFERENCES crew_assignment (id),
    crew_member_id    uuid        NOT NULL REFERENCES crew_member (id),
    entries           jsonb       NOT NULL,
    -- The first entry's start: what the payroll period filters on.
    work_start        timestamptz NOT NULL,
    total_minutes     integer     NOT NULL CHECK (total_minutes >= 0),
    currency          text        NOT NULL,
    amount_minor      bigint      NOT NULL CHECK (amount_minor >= 0),
    notes             text        NOT NULL DEFAULT '',
    status            text        NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED')),
    submitted_at      timestamptz,
    reviewed_by       text        NOT NULL DEFAULT '',
    reviewed_at       timestamptz,
    reject_reason     text        NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX crew_timesheet_member ON crew_timesheet (crew_member_id, work_start, id);
CREATE INDEX crew_timesheet_list ON crew_timesheet (tenant_id, status, work_start, id);

CREATE TABLE crew_policy (
    tenant_id              text PRIMARY KEY DEFAULT 'default',
    min_rest_minutes       integer NOT NULL CHECK (min_rest_minutes BETWEEN 0 AND 2880),
    double_booked          text    NOT NULL CHECK (double_booked IN ('WARNING', 'REFUSAL')),
    missing_skill          text    NOT NULL CHECK (missing_skill IN ('WARNING', 'REFUSAL')),
    qualification_expired  text    NOT NULL CHECK (qualification_expired IN ('WARNING', 'REFUSAL')),
    insufficient_rest      text    NOT NULL CHECK (insufficient_rest IN ('WARNING', 'REFUSAL')),
    unavailable            text    NOT NULL CHECK (unavailable IN ('WARNING', 'REFUSAL')),
    updated_at             timestamptz NOT NULL
);

-- The feed's secret is kept as its SHA-256 only; the URL is shown once.
CREATE TABLE crew_calendar_feed (
    crew_member_id   uuid PRIMARY KEY REFERENCES crew_member (id) ON DELETE CASCADE,
    tenant_id        text        NOT NULL DEFAULT 'default',
    token_hash       bytea       NOT NULL UNIQUE,
    created_at       timestamptz NOT NULL
);

-- Reports (issue 22, reports.proto): saved reports, and the indexes the report queries probe.

-- A named report with its filters. `spec` is the ReportSpec message in proto3 JSON (the canonical
-- JSON mapping, field names in lowerCamelCase), so it stays readable in the database and survives
-- new optional fields; `report` names the spec's oneof case for queries that need only the kind.
-- owner_id is the caller's principal ("user:<uuid>" or "token:<id>"); names are unique per owner,
-- compared without case.
CREATE TABLE saved_report (
    id           uuid PRIMARY KEY,
    tenant_id    text        NOT NULL DEFAULT 'default',
    owner_id     text        NOT NULL,
    owner_name   text        NOT NULL,
    name         text        NOT NULL,
    description  text        NOT NULL DEFAULT '',
    report       text        NOT NULL,
    spec         jsonb       NOT NULL,
    display      text        NOT NULL,
    shared       boolean     NOT NULL DEFAULT false,
    pinned       boolean     NOT NULL DEFAULT false,
    revision     bigint      NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX saved_report_owner_name ON saved_report (tenant_id, owner_id, lower(name));
-- ListSavedReports: the caller's own and the shared ones, by name.
CREATE INDEX saved_report_list ON saved_report (tenant_id, lower(name), id);
CREATE INDEX saved_report_pinned ON saved_report (tenant_id, owner_id) WHERE pinned;

-- Revenue: accepted quotes only.
CREATE INDEX quote_accepted ON quote (tenant_id, company_id) WHERE state = 'ACCEPTED';
-- Overdue returns and today's figures: what is still out, by event.
CREATE INDEX checkout_asset_open_event ON checkout_asset (tenant_id, event_id)
    WHERE closed_at IS NULL;
CREATE INDEX checkout_bulk_open_event ON checkout_bulk (tenant_id, event_id)
    WHERE returned_qty + damaged_qty + missing_qty < out_qty;
-- Assets out of service: the few units in repair, quarantine or lost.
CREATE INDEX asset_out_of_service ON asset (tenant_id, status)
    WHERE status IN ('IN_REPAIR', 'QUARANTINE', 'LOST');
-- Sub-hire summary: negotiations by the start of their usage period.
CREATE INDEX subhire_usage_start ON subhire (tenant_id, lower(usage_period));
-- Crew hours: timesheets by work start whatever their status.
CREATE INDEX crew_timesheet_work_start ON crew_timesheet (tenant_id, work_start);
-- Today's figures: open repair tickets.
CREATE INDEX repair_ticket_open_list ON repair_ticket (tenant_id)
    WHERE status IN ('OPEN', 'IN_PROGRESS');

-- Repair tickets gain IN_PROGRESS (being worked on). A unit still has at most one ticket that is
-- not closed (OPEN or IN_PROGRESS).
ALTER TABLE repair_ticket DROP CONSTRAINT repair_ticket_status_check;
ALTER TABLE repair_ticket ADD CONSTRAINT repair_ticket_status_check
    CHECK (status IN ('OPEN', 'IN_PROGRESS', 'REPAIRED', 'RETIRED'));
DROP INDEX repair_ticket_open;
CREATE UNIQUE INDEX repair_ticket_open ON repair_ticket (asset_id)
    WHERE status IN ('OPEN', 'IN_PROGRESS');

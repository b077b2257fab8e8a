-- Running relay instances (one per node process) and their heartbeats (§17.5). A claim names the
-- instance that made it; once that instance's heartbeat stops (crash, kill -9) its claims are free
-- for any instance, after seconds rather than when the claim's lease runs out.
CREATE TABLE subhire_relay_instance (
    instance_id   uuid PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    heartbeat_at  timestamptz NOT NULL
);

ALTER TABLE subhire_outbox ADD COLUMN claim_instance uuid;

-- Borrower: the supplier's display name from its snapshots (for people; not used by the protocol).
ALTER TABLE subhire ADD COLUMN partner_name text NOT NULL DEFAULT '';

-- The tenant column every table carries (node/README.md, Tenants), on the replica machinery of
-- V89-V91. They are node-wide today: one schedule per job, one lock-out per login key, one bucket
-- per caller; SaaS mode (issue 25) decides whether any of them becomes per tenant.
ALTER TABLE cluster_job ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE login_throttle ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE api_rate_bucket ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';

-- Background jobs that run once per schedule across every replica on this database
-- (platform/cluster/ClusterJobs). A replica runs a job only while it holds the job's session
-- advisory lock (released by PostgreSQL when the replica's connection ends, so a dead replica's job
-- is free at once) and only when next_run_at has passed; it moves next_run_at on before it runs.
-- Times are the database's, so replicas whose clocks differ still agree.
CREATE TABLE cluster_job (
    name text PRIMARY KEY,
    next_run_at timestamptz NOT NULL,
    last_run_by text NOT NULL,
    last_started_at timestamptz NOT NULL,
    last_finished_at timestamptz,
    last_error text
);

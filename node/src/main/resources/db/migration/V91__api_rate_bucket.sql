-- Per-caller API rate limits shared by the replicas on this database (platform/api/grpc/
-- CallerRateLimits, Bucket4j's PostgreSQL store): one token bucket per caller and limit, its state
-- serialised by Bucket4j; expires_at (epoch milliseconds) is when it is full again, after which
-- retention deletes it; explicit_lock is the advisory-lock ID Bucket4j derives from the key.
CREATE TABLE api_rate_bucket (
    id text PRIMARY KEY,
    state bytea,
    expires_at bigint,
    explicit_lock bigint
);
CREATE INDEX api_rate_bucket_expires ON api_rate_bucket (expires_at);

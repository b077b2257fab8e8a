-- Login lock-out state, shared by every replica on this database (identity/LoginThrottle): the
-- recent failed logins per key and the end of a lock-out. A key is the SHA-256 (hex) of
-- "email:<normalised address>" or "addr:<source host>", so guessed addresses are not kept in clear.
-- Rows untouched for longer than the window and the back-off are purged by retention.
CREATE TABLE login_throttle (
    key text PRIMARY KEY,
    failures timestamptz[] NOT NULL DEFAULT '{}',
    locked_until timestamptz,
    touched_at timestamptz NOT NULL
);
CREATE INDEX login_throttle_touched ON login_throttle (touched_at);

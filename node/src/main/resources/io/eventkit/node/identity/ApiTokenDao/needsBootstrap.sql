-- First start (no bootstrap token ever), or nothing could administer the node any more: no usable
-- ADMIN API token and no active user with the ADMIN role.
SELECT NOT EXISTS (SELECT 1 FROM api_token WHERE tenant_id = :tenant AND bootstrap)
    OR NOT (
        EXISTS (SELECT 1 FROM api_token
                WHERE tenant_id = :tenant AND role = 'ADMIN' AND revoked_at IS NULL
                  AND (expires_at IS NULL OR expires_at > :now))
        OR EXISTS (SELECT 1 FROM app_user WHERE tenant_id = :tenant AND status = 'ACTIVE' AND 'ADMIN' = ANY (roles)))

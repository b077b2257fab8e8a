-- The node's worker serves every tenant: one due row, locked for the length of its send; rows
-- another replica is sending are skipped, not waited for.
SELECT id, tenant_id, to_address, to_name, subject, text_body, html_body, attempts, sealed
FROM mail_outbox
WHERE state = 'PENDING' AND next_attempt_at <= :now
ORDER BY next_attempt_at, id
LIMIT 1
FOR UPDATE SKIP LOCKED

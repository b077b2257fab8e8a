SELECT min(next_attempt_at) FROM mail_outbox WHERE state = 'PENDING'

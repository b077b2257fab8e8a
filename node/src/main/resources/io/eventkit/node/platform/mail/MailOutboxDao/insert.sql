INSERT INTO mail_outbox (id, tenant_id, to_address, to_name, subject, text_body, html_body,
                         related_kind, related_id, state, attempts, next_attempt_at, last_error,
                         created_at, sealed)
VALUES (:id, :tenant, :toAddress, :toName, :subject, :textBody, :htmlBody,
        :relatedKind, :relatedId, :state, 0, :nextAttemptAt, :lastError, :createdAt, :sealed)

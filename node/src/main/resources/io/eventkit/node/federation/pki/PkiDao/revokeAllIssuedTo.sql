UPDATE issued_certificate SET revoked_at = :now, revocation_reason = :reason
WHERE partner_node_id = :partner AND revoked_at IS NULL

INSERT INTO issued_certificate (serial, partner_node_id, issuer_fingerprint, issued_at, not_after)
VALUES (:serial, :partner, :issuer, :now, :notAfter)

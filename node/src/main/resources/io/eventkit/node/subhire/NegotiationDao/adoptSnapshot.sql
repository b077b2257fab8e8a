-- The borrower's copy takes a supplier snapshot's terms, quote, reason, name and state in one write.
UPDATE subhire
SET usage_period = tstzrange(:us, :ue, '[)'),
    delivery_period = tstzrange(:ds, :de, '[)'),
    note = :note,
    quote_valid_until = :u,
    quote_version = :v,
    reason = coalesce(:r, ''),
    partner_name = CASE WHEN coalesce(:n, '') <> '' THEN :n ELSE partner_name END,
    peer_state = :p,
    version = :ver
WHERE tenant_id = :tenant AND id = :id

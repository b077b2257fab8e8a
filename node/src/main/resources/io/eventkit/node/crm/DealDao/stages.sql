-- One aggregate over the board's deals: open deals of open stages, deals closed since :since of
-- closed ones. The total counts the deals in the base currency only (others are not converted).
SELECT s.id, s.name, s.kind, s.probability, s.position,
       count(d.id) AS deal_count,
       CAST(:base AS text) AS currency,
       coalesce(sum(d.value_minor) FILTER (WHERE d.value_currency = CAST(:base AS text)), 0) AS total_minor
FROM crm_deal_stage s
LEFT JOIN crm_deal d
       ON d.stage_id = s.id AND (s.kind = 'OPEN' OR d.closed_at >= CAST(:since AS timestamptz))
WHERE s.tenant_id = :tenant
GROUP BY s.id, s.name, s.kind, s.probability, s.position
ORDER BY s.position
